package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/export"
)

// tour sends requests and checks each answer against the spec and the
// expected status.
type tour struct {
	t    *testing.T
	tg   *Target
	spec *spec
}

func (tr *tour) do(token, method, path, ctype string, body io.Reader, want int) []byte {
	tr.t.Helper()
	r := tr.tg.do(tr.t, token, method, path, ctype, body)
	if r.status != want {
		tr.t.Errorf("%s %s: %d, want %d: %.300s", method, path, r.status, want, r.body)
	}
	tr.spec.check(tr.t, method, path, r)
	return r.body
}

func (tr *tour) json(token, method, path string, body any, want int, out any) {
	tr.t.Helper()
	ct, rd := jsonBody(body)
	b := tr.do(token, method, path, ct, rd, want)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			tr.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// multipartFile is an upload body with one file part.
func multipartFile(name string, content []byte) (string, io.Reader) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(content)
	mw.Close()
	return mw.FormDataContentType(), &b
}

// OpenAPIConformance goes through every route of the spec with the
// answers a client meets on success and in the states a document goes
// through (the 4xx of bad input are BadInput's), checks every answer
// against schemas/openapi.json, and checks that the spec and the route
// table list the same routes.
func OpenAPIConformance(t *testing.T, tg *Target) {
	sp := loadSpec(t)
	for pattern := range api.RoutePermissions {
		if pattern == "/" {
			continue
		}
		method, path, _ := strings.Cut(pattern, " ")
		if _, ok := sp.paths()[path].(map[string]any)[strings.ToLower(method)]; !ok {
			t.Errorf("route %s is not in schemas/openapi.json", pattern)
		}
	}
	for path, ops := range sp.paths() {
		for m := range ops.(map[string]any) {
			if _, ok := api.RoutePermissions[strings.ToUpper(m)+" "+path]; !ok {
				t.Errorf("the spec documents %s %s, which the server lacks", strings.ToUpper(m), path)
			}
		}
	}
	tr := &tour{t: t, tg: tg, spec: sp}
	run := runID()
	names := map[auth.Role]string{}
	for _, r := range auth.Roles {
		names[r] = string(r) + "-" + run
	}
	admin, clerk, auditor, viewer := tg.Token(t, names[auth.Admin], auth.Admin), tg.Token(t, names[auth.Clerk], auth.Clerk),
		tg.Token(t, names[auth.Auditor], auth.Auditor), tg.Token(t, names[auth.Viewer], auth.Viewer)
	id := tg.Seed(t)
	doc := "/api/v1/documents/" + id

	tr.json("", "GET", "/api/v1/health", nil, 200, nil)
	tr.json("", "GET", "/api/v1/export-key", nil, 200, nil)
	tr.json(viewer, "GET", "/api/v1/whoami", nil, 200, nil)
	tr.json("", "GET", "/api/v1/whoami", nil, 401, nil)
	tr.json("shohyo_nope", "GET", doc, nil, 401, nil)
	tr.json(viewer, "GET", "/api/v1/tokens", nil, 403, nil)

	png, err := os.ReadFile(sample())
	if err != nil {
		t.Fatal(err)
	}
	ct, body := multipartFile("receipt-"+run+".png", png)
	tr.do(clerk, "POST", "/api/v1/documents", ct, body, 200)

	tr.json(viewer, "GET", doc, nil, 200, nil)
	tr.json(viewer, "GET", doc+"/ocr", nil, 404, nil)
	tr.do(viewer, "GET", doc+"/original", "", nil, 200)
	tr.json(auditor, "GET", doc+"/versions", nil, 200, nil)
	tr.json(auditor, "GET", doc+"/history", nil, 200, nil)
	tr.json(clerk, "POST", doc+"/corrections", map[string]any{"reason": "total misread", "set": map[string]string{"total": "1100", "voucher_number": "J-" + run}}, 201, nil)

	tr.json(viewer, "GET", "/api/v1/search?facets=status&limit=5", nil, 200, nil)
	tr.json(viewer, "GET", "/api/v1/review", nil, 200, nil)
	tr.json(auditor, "POST", "/api/v1/verify", map[string]string{}, 200, nil)
	tr.json(auditor, "GET", "/api/v1/verify", nil, 200, nil)

	var made api.TokenCreated
	tr.json(admin, "POST", "/api/v1/tokens", map[string]string{"user": "tanaka-" + run, "role": "viewer"}, 201, &made)
	tr.json(admin, "GET", "/api/v1/tokens", nil, 200, nil)
	tr.json(admin, "DELETE", "/api/v1/tokens/"+made.Token.ID, map[string]string{"reason": "left"}, 200, nil)
	tr.json(admin, "DELETE", "/api/v1/tokens/"+made.Token.ID, nil, 409, nil)
	tr.json(made.Secret, "GET", doc, nil, 401, nil)

	tr.json(auditor, "POST", "/api/v1/exports", map[string]any{"query": "counterparty:存在しない取引先" + run}, 422, nil)
	var st api.ExportStatus
	tr.json(auditor, "POST", "/api/v1/exports", map[string]any{"doc_ids": []string{id}}, 202, &st)
	for deadline := time.Now().Add(60 * time.Second); st.State == "running" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		tr.json(auditor, "GET", "/api/v1/exports/"+st.ID, nil, 200, &st)
	}
	zipb := tr.do(auditor, "GET", "/api/v1/exports/"+st.ID+"/download", "", nil, 200)
	var key struct {
		PublicKey string `json:"public_key"`
	}
	tr.json("", "GET", "/api/v1/export-key", nil, 200, &key)
	pub, err := export.ParsePublicKey(key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := export.Verify(bytes.NewReader(zipb), int64(len(zipb)), pub)
	if err != nil || !rep.OK() || rep.Manifest.Counts.Documents != 1 || rep.Manifest.CreatedBy.Name != names[auth.Auditor] {
		t.Errorf("downloaded export: %v %+v", err, rep)
	}

	tr.json(clerk, "POST", doc+"/deletion", map[string]any{"reason": "duplicate"}, 201, nil)
	tr.json(clerk, "POST", doc+"/deletion", map[string]any{"reason": "again"}, 409, nil)
	tr.json(clerk, "POST", doc+"/corrections", map[string]any{"reason": "late", "set": map[string]string{"total": "2"}}, 409, nil)
	tr.json(viewer, "GET", "/api/v1/search?deleted=include", nil, 403, nil)
	tr.json(auditor, "GET", "/api/v1/search?deleted=include", nil, 200, nil)
	tr.json(admin, "POST", doc+"/legal-hold", map[string]any{"reason": "inspection", "hold": true}, 200, nil)
	tr.do(admin, "POST", "/api/v1/reindex", "", nil, 200)

	// The trail names the person of each action, taken from the token.
	trail, err := audit.ReadTrail(context.Background(), tg.Archive)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string][]string{}
	trail.Events(func(_ *audit.Segment, ev audit.Event, _ string) { by[ev.Type] = append(by[ev.Type], ev.Actor.Name) })
	for typ, name := range map[string]string{audit.Received: names[auth.Clerk], audit.Corrected: names[auth.Clerk], audit.Deleted: names[auth.Clerk],
		audit.Exported: names[auth.Auditor], audit.OriginalViewed: names[auth.Viewer], audit.RetentionChanged: names[auth.Admin]} {
		if !slices.Contains(by[typ], name) {
			t.Errorf("no %s event by %s; by %v", typ, name, by[typ])
		}
	}
}
