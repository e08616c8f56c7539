package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/export"
	"github.com/shohyo/shohyo/schemas"
)

// spec is schemas/openapi.json with compiled response schemas.
type spec struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
	cache    map[string]*jsonschema.Schema
}

const specURL = "mem://schemas/openapi.json"

func loadSpec(t *testing.T) *spec {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemas.MustFile("openapi.json")))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(specURL, doc); err != nil {
		t.Fatal(err)
	}
	return &spec{doc: doc.(map[string]any), compiler: c, cache: map[string]*jsonschema.Schema{}}
}

func (s *spec) paths() map[string]any { return s.doc["paths"].(map[string]any) }

// match finds the spec path template of a concrete path: segments equal,
// or a {parameter} matching any one segment.
func (s *spec) match(path string) (string, bool) {
	got := strings.Split(path, "/")
	for tmpl := range s.paths() {
		want := strings.Split(tmpl, "/")
		if len(want) != len(got) {
			continue
		}
		ok := true
		for i := range want {
			if want[i] != got[i] && !(strings.HasPrefix(want[i], "{") && got[i] != "") {
				ok = false
				break
			}
		}
		if ok {
			return tmpl, true
		}
	}
	return "", false
}

func pointerEscape(s string) string {
	s = strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
	return strings.NewReplacer("{", "%7B", "}", "%7D").Replace(s)
}

// check validates one real response against the spec: the route and
// status are documented, and a JSON body matches the documented schema.
func (s *spec) check(t *testing.T, method, path string, status int, ctype string, body []byte) {
	t.Helper()
	tmpl, ok := s.match(path)
	if !ok {
		t.Errorf("%s %s: path not in the OpenAPI spec", method, path)
		return
	}
	op, ok := s.paths()[tmpl].(map[string]any)[strings.ToLower(method)].(map[string]any)
	if !ok {
		t.Errorf("%s %s: method not in the spec", method, tmpl)
		return
	}
	resp, ok := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
	if !ok {
		t.Errorf("%s %s: status %d not in the spec (body %.200s)", method, tmpl, status, body)
		return
	}
	content, _ := resp["content"].(map[string]any)
	if !strings.HasPrefix(ctype, "application/json") {
		for ct := range content {
			if strings.HasPrefix(ctype, ct) {
				return
			}
		}
		if len(content) > 0 {
			t.Errorf("%s %s %d: content type %q not in the spec", method, tmpl, status, ctype)
		}
		return
	}
	if _, ok := content["application/json"]; !ok {
		t.Errorf("%s %s %d: JSON answer, the spec documents none", method, tmpl, status)
		return
	}
	loc := fmt.Sprintf("%s#/paths/%s/%s/responses/%d/content/application~1json/schema", specURL, pointerEscape(tmpl), strings.ToLower(method), status)
	sch, ok := s.cache[loc]
	if !ok {
		var err error
		if sch, err = s.compiler.Compile(loc); err != nil {
			t.Fatalf("compile %s: %v", loc, err)
		}
		s.cache[loc] = sch
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Errorf("%s %s %d: body is not JSON: %v", method, tmpl, status, err)
		return
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("%s %s %d: body does not match the spec: %v\n%s", method, tmpl, status, err, body)
	}
}

// tour sends requests and checks each answer against the spec and the
// expected status.
type tour struct {
	t    *testing.T
	e    *env
	spec *spec
}

func (tr *tour) do(token, method, path string, ctype string, body io.Reader, want int) []byte {
	tr.t.Helper()
	req, err := http.NewRequest(method, tr.e.url+path, body)
	if err != nil {
		tr.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	} else {
		req.Header.Set("Authorization", "None") // not the env's default token
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tr.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		tr.t.Errorf("%s %s: %d, want %d: %.300s", method, path, resp.StatusCode, want, b)
	}
	if resp.StatusCode >= 500 && resp.StatusCode != 503 {
		tr.t.Errorf("%s %s: %d", method, path, resp.StatusCode)
	}
	u := strings.SplitN(path, "?", 2)[0]
	tr.spec.check(tr.t, method, u, resp.StatusCode, resp.Header.Get("Content-Type"), b)
	return b
}

func (tr *tour) json(token, method, path string, body any, want int, out any) {
	tr.t.Helper()
	var rd io.Reader
	ct := ""
	if body != nil {
		if s, ok := body.(string); ok {
			rd = strings.NewReader(s)
		} else {
			j, _ := json.Marshal(body)
			rd = bytes.NewReader(j)
		}
		ct = "application/json"
	}
	b := tr.do(token, method, path, ct, rd, want)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			tr.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// TestOpenAPIConformance goes through every route of the spec with the
// answers a client meets (success and each 4xx), checks every answer
// against schemas/openapi.json, and checks that the spec and the route
// table list the same routes.
func TestOpenAPIConformance(t *testing.T) {
	e := fullEnv(t)
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
	tr := &tour{t: t, e: e, spec: sp}
	admin, clerk, auditor, viewer := e.token(t, "root", auth.Admin), e.token(t, "sato", auth.Clerk), e.token(t, "kansa", auth.Auditor), e.token(t, "mi", auth.Viewer)
	id := seedDoc(t, e, e.reindex)
	doc := "/api/v1/documents/" + id
	unknown := "/api/v1/documents/0123456789abcdef01234567"

	tr.json("", "GET", "/api/v1/health", nil, 200, nil)
	tr.json("", "GET", "/api/v1/export-key", nil, 200, nil)
	tr.json(viewer, "GET", "/api/v1/whoami", nil, 200, nil)
	tr.json("", "GET", "/api/v1/whoami", nil, 401, nil)
	tr.json("shohyo_nope", "GET", "/api/v1/whoami", nil, 401, nil)
	tr.json(viewer, "GET", "/api/v1/tokens", nil, 403, nil)

	png, err := os.ReadFile("../../testdata/samples/004.png")
	if err != nil {
		t.Fatal(err)
	}
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	w, _ := mw.CreateFormFile("file", "receipt.png")
	w.Write(png)
	mw.Close()
	tr.do(clerk, "POST", "/api/v1/documents", mw.FormDataContentType(), &mp, 200)
	tr.do(clerk, "POST", "/api/v1/documents", "application/json", strings.NewReader("{}"), 400)

	tr.json(viewer, "GET", doc, nil, 200, nil)
	tr.json(viewer, "GET", "/api/v1/documents/nope", nil, 400, nil)
	tr.json(viewer, "GET", unknown, nil, 404, nil)
	tr.json(viewer, "GET", doc+"/ocr", nil, 404, nil)
	tr.do(viewer, "GET", doc+"/original", "", nil, 200)
	tr.json(viewer, "GET", unknown+"/original", nil, 404, nil)
	tr.json(auditor, "GET", doc+"/versions", nil, 200, nil)
	tr.json(auditor, "GET", unknown+"/versions", nil, 404, nil)
	tr.json(auditor, "GET", doc+"/history", nil, 200, nil)
	tr.json(viewer, "GET", doc+"/history", nil, 403, nil)

	tr.json(clerk, "POST", doc+"/corrections", map[string]any{"set": map[string]string{"total": "1"}}, 422, nil)
	tr.json(clerk, "POST", doc+"/corrections", map[string]any{"reason": "x", "set": map[string]string{"issue_date": "2024-13-45"}}, 422, nil)
	tr.json(clerk, "POST", doc+"/corrections", map[string]any{"reason": "x", "set": map[string]string{"no_such_field": "1"}}, 422, nil)
	tr.json(clerk, "POST", doc+"/corrections", `{"reason": "x", "set": {"total": 5}}`, 400, nil)
	tr.json(clerk, "POST", doc+"/corrections", `not json`, 400, nil)
	tr.json(auditor, "POST", doc+"/corrections", map[string]any{"reason": "x", "set": map[string]string{"total": "1"}}, 403, nil)
	tr.json(clerk, "POST", doc+"/corrections", map[string]any{"reason": "total misread", "set": map[string]string{"total": "1100", "voucher_number": "J-1"}}, 201, nil)

	tr.json(viewer, "GET", "/api/v1/search?facets=status&limit=5", nil, 200, nil)
	tr.json(viewer, "GET", "/api/v1/search?from=2024-99-01", nil, 400, nil)
	tr.json(viewer, "GET", "/api/v1/search?q=%E5%8F%96%E5%BC%95%E5%85%88%3A", nil, 400, nil)
	tr.json(viewer, "GET", "/api/v1/search?limit=100000", nil, 400, nil)
	tr.json(viewer, "GET", "/api/v1/review", nil, 200, nil)
	tr.json(viewer, "GET", "/api/v1/review?status=ready", nil, 400, nil)

	tr.json(auditor, "POST", "/api/v1/verify", map[string]string{"from": "2024/01/01"}, 400, nil)
	tr.json(auditor, "POST", "/api/v1/verify", map[string]string{}, 200, nil)
	tr.json(auditor, "GET", "/api/v1/verify", nil, 200, nil)

	var made api.TokenCreated
	tr.json(admin, "POST", "/api/v1/tokens", map[string]string{"user": "tanaka", "role": "viewer"}, 201, &made)
	tr.json(admin, "POST", "/api/v1/tokens", map[string]string{"user": "tanaka", "role": "root"}, 422, nil)
	tr.json(admin, "POST", "/api/v1/tokens", map[string]string{"user": " ", "role": "viewer"}, 422, nil)
	tr.json(admin, "GET", "/api/v1/tokens", nil, 200, nil)
	tr.json(admin, "DELETE", "/api/v1/tokens/"+made.Token.ID, map[string]string{"reason": "left"}, 200, nil)
	tr.json(admin, "DELETE", "/api/v1/tokens/"+made.Token.ID, nil, 409, nil)
	tr.json(admin, "DELETE", "/api/v1/tokens/00000000000000ff", nil, 404, nil)
	tr.json(admin, "DELETE", "/api/v1/tokens/xyz", nil, 400, nil)
	tr.json(made.Secret, "GET", "/api/v1/whoami", nil, 401, nil)

	tr.json(auditor, "POST", "/api/v1/exports", map[string]any{"query": "voucher_number:J-1", "format": "pdf"}, 400, nil)
	tr.json(auditor, "POST", "/api/v1/exports", map[string]any{"doc_ids": []string{"../x"}}, 400, nil)
	tr.json(auditor, "POST", "/api/v1/exports", map[string]any{}, 400, nil)
	tr.json(auditor, "POST", "/api/v1/exports", map[string]any{"query": "from:2024-99-01"}, 400, nil)
	tr.json(auditor, "POST", "/api/v1/exports", map[string]any{"query": "counterparty:存在しない取引先"}, 422, nil)
	tr.json(clerk, "POST", "/api/v1/exports", map[string]any{"doc_ids": []string{id}}, 403, nil)
	var st api.ExportStatus
	tr.json(auditor, "POST", "/api/v1/exports", map[string]any{"doc_ids": []string{id}}, 202, &st)
	for deadline := time.Now().Add(30 * time.Second); st.State == "running" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		tr.json(auditor, "GET", "/api/v1/exports/"+st.ID, nil, 200, &st)
	}
	tr.json(auditor, "GET", "/api/v1/exports/0000000000000000", nil, 404, nil)
	tr.json(auditor, "GET", "/api/v1/exports/0000000000000000/download", nil, 404, nil)
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
	if err != nil || !rep.OK() || rep.Manifest.Counts.Documents != 1 || rep.Manifest.CreatedBy.Name != "kansa" {
		t.Errorf("downloaded export: %v %+v", err, rep)
	}

	tr.json(clerk, "POST", doc+"/deletion", map[string]any{}, 422, nil)
	tr.json(clerk, "POST", doc+"/deletion", map[string]any{"reason": "duplicate"}, 201, nil)
	tr.json(clerk, "POST", doc+"/deletion", map[string]any{"reason": "again"}, 409, nil)
	tr.json(clerk, "POST", doc+"/corrections", map[string]any{"reason": "late", "set": map[string]string{"total": "2"}}, 409, nil)
	tr.json(viewer, "GET", "/api/v1/search?deleted=include", nil, 403, nil)
	tr.json(auditor, "GET", "/api/v1/search?deleted=include", nil, 200, nil)
	tr.json(admin, "POST", doc+"/legal-hold", map[string]any{"hold": true}, 422, nil)
	tr.json(admin, "POST", doc+"/legal-hold", map[string]any{"reason": "inspection", "hold": true}, 200, nil)
	tr.do(admin, "POST", "/api/v1/reindex", "", nil, 200)

	// The trail names the person of each action, taken from the token.
	trail, err := audit.ReadTrail(context.Background(), e.srv.Docs.Bucket())
	if err != nil {
		t.Fatal(err)
	}
	who := map[string]string{}
	trail.Events(func(_ *audit.Segment, ev audit.Event, _ string) { who[ev.Type] = ev.Actor.Name })
	for typ, name := range map[string]string{audit.Received: "sato", audit.Corrected: "sato", audit.Deleted: "sato",
		audit.Exported: "kansa", audit.OriginalViewed: "mi", audit.RetentionChanged: "root", audit.LoginFailed: e.url[len("http://"):]} {
		if !strings.HasPrefix(name, strings.Split(who[typ], ":")[0]) || who[typ] == "" {
			t.Errorf("%s event by %q, want %q", typ, who[typ], name)
		}
	}
}
