package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/export"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/verify"
)

// defaultTokens maps a test server's host to the token its requests
// carry when they carry none of their own, so the helpers written before
// authentication (getJSON, postJSON, upload) keep working unchanged.
var (
	defaultTokens sync.Map
	installOnce   sync.Once
)

type tokenTransport struct{ next http.RoundTripper }

func (tt tokenTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if tok, ok := defaultTokens.Load(r.URL.Host); ok && r.Header.Get("Authorization") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+tok.(string))
	}
	return tt.next.RoundTrip(r)
}

func (e *env) useDefaultToken(t *testing.T, secret string) {
	installOnce.Do(func() { http.DefaultTransport = tokenTransport{next: http.DefaultTransport} })
	u, _ := url.Parse(e.url)
	defaultTokens.Store(u.Host, secret)
	t.Cleanup(func() { defaultTokens.Delete(u.Host) })
}

// token makes a real token in the server's store.
func (e *env) token(t *testing.T, user string, role auth.Role) string {
	t.Helper()
	secret, _, err := e.srv.Auth.Create(context.Background(), user, role, "test")
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// call sends one request with the given token ("" for none; "-" for the
// server's default) and returns status and body.
func call(t *testing.T, token, method, url string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	switch token {
	case "-":
	case "":
		req.Header.Set("Authorization", "None") // suppress the default token
	default:
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

func postJSONAs(t *testing.T, token, url string, body any, wantStatus int, v any) {
	t.Helper()
	status, out := call(t, token, http.MethodPost, url, body)
	if status != wantStatus {
		t.Fatalf("POST %s: %d, want %d: %s", url, status, wantStatus, out)
	}
	if v != nil {
		if err := json.Unmarshal(out, v); err != nil {
			t.Fatalf("POST %s: %v: %s", url, err, out)
		}
	}
}

// routeCase is a request for one route pattern. Bodies are incomplete on
// purpose: a role that may use the route gets a 4xx about the input, not
// a change to the archive, so the matrix runs in any order.
type routeCase struct {
	pattern, method, path string
	body                  any
	allowed               string // roles allowed: a(dmin) c(lerk) u (a-u-ditor) v(iewer)
}

func routeCases(id string) []routeCase {
	d := "/api/v1/documents/" + id
	return []routeCase{
		{"GET /api/v1/whoami", "GET", "/api/v1/whoami", nil, "acuv"},
		{"POST /api/v1/documents", "POST", "/api/v1/documents", "{}", "ac"},
		{"GET /api/v1/documents/{id}", "GET", d, nil, "acuv"},
		{"GET /api/v1/documents/{id}/ocr", "GET", d + "/ocr", nil, "acuv"},
		{"GET /api/v1/documents/{id}/original", "GET", d + "/original", nil, "acuv"},
		{"GET /api/v1/documents/{id}/versions", "GET", d + "/versions", nil, "acu"},
		{"GET /api/v1/documents/{id}/history", "GET", d + "/history", nil, "acu"},
		{"POST /api/v1/documents/{id}/corrections", "POST", d + "/corrections", map[string]any{}, "ac"},
		{"POST /api/v1/documents/{id}/deletion", "POST", d + "/deletion", map[string]any{}, "ac"},
		{"POST /api/v1/documents/{id}/legal-hold", "POST", d + "/legal-hold", map[string]any{}, "a"},
		{"GET /api/v1/search", "GET", "/api/v1/search", nil, "acuv"},
		{"GET /api/v1/search", "GET", "/api/v1/search?deleted=include", nil, "acu"},
		{"GET /api/v1/review", "GET", "/api/v1/review", nil, "acuv"},
		{"POST /api/v1/reindex", "POST", "/api/v1/reindex", nil, "a"},
		{"POST /api/v1/verify", "POST", "/api/v1/verify", map[string]any{"from": "bad"}, "au"},
		{"GET /api/v1/verify", "GET", "/api/v1/verify", nil, "au"},
		{"GET /api/v1/tokens", "GET", "/api/v1/tokens", nil, "a"},
		{"POST /api/v1/tokens", "POST", "/api/v1/tokens", map[string]any{"user": "x", "role": "king"}, "a"},
		{"DELETE /api/v1/tokens/{id}", "DELETE", "/api/v1/tokens/0000000000000000", nil, "a"},
		{"POST /api/v1/exports", "POST", "/api/v1/exports", map[string]any{}, "au"},
		{"GET /api/v1/exports/{id}", "GET", "/api/v1/exports/0000000000000000", nil, "au"},
		{"GET /api/v1/exports/{id}/download", "GET", "/api/v1/exports/0000000000000000/download", nil, "au"},
	}
}

var roleLetters = map[auth.Role]string{auth.Admin: "a", auth.Clerk: "c", auth.Auditor: "u", auth.Viewer: "v"}

// TestRoleMatrix sends every guarded route with a token of every role:
// each denial is a 403 with code forbidden, each allowed request passes
// the guard; no token, a malformed, unknown or revoked one is a 401, and
// each bad token is a login_failed event in the audit trail.
func TestRoleMatrix(t *testing.T) {
	e := fullEnv(t)
	id := seedDoc(t, e, e.reindex)
	tokens := map[auth.Role]string{}
	for _, r := range auth.Roles {
		tokens[r] = e.token(t, "user-"+string(r), r)
	}
	covered := map[string]bool{}
	for _, c := range routeCases(id) {
		covered[c.pattern] = true
		for _, role := range auth.Roles {
			status, body := call(t, tokens[role], c.method, e.url+c.path, c.body)
			want := strings.Contains(c.allowed, roleLetters[role])
			switch {
			case !want && (status != 403 || !strings.Contains(string(body), `"forbidden"`)):
				t.Errorf("%s %s as %s: %d %s, want 403 forbidden", c.method, c.path, role, status, body)
			case want && (status == 401 || status == 403 || status >= 500):
				t.Errorf("%s %s as %s: %d %s, want the route to run", c.method, c.path, role, status, body)
			}
		}
		if status, _ := call(t, "", c.method, e.url+c.path, c.body); status != 401 {
			t.Errorf("%s %s without a token: %d, want 401", c.method, c.path, status)
		}
	}
	for p, need := range api.RoutePermissions {
		if !covered[p] && !slices.Contains([]string{"GET /api/v1/health", "POST /api/v1/intake/s3-events", "GET /api/v1/export-key", "/"}, p) {
			t.Errorf("route %s (%s) is not in the matrix", p, need)
		}
	}

	// Bad tokens: every one is a failed login, in the trail.
	revoked := e.token(t, "leaver", auth.Clerk)
	var list struct{ Tokens []auth.Token }
	getJSON(t, e.url+"/api/v1/tokens", 200, &list)
	var leaverID string
	for _, tk := range list.Tokens {
		if tk.User == "leaver" {
			leaverID = tk.ID
		}
		if tk.SHA256 == "" || strings.Contains(string(mustJSON(tk)), "shohyo_") {
			t.Errorf("token list shows a secret or no hash: %+v", tk)
		}
	}
	if status, body := call(t, tokens[auth.Admin], "DELETE", e.url+"/api/v1/tokens/"+leaverID, map[string]string{"reason": "left"}); status != 200 {
		t.Fatalf("revoke: %d %s", status, body)
	}
	if status, _ := call(t, tokens[auth.Admin], "DELETE", e.url+"/api/v1/tokens/"+leaverID, nil); status != 409 {
		t.Errorf("second revoke: %d, want 409", status)
	}
	for _, bad := range []string{"password123", "shohyo_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", revoked} {
		if status, body := call(t, bad, "GET", e.url+"/api/v1/search", nil); status != 401 || !strings.Contains(string(body), "bad_token") {
			t.Errorf("token %.12s…: %d %s, want 401 bad_token", bad, status, body)
		}
	}
	tr, err := audit.ReadTrail(context.Background(), e.srv.Docs.Bucket())
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	tr.Events(func(_ *audit.Segment, ev audit.Event, _ string) {
		if ev.Type == audit.LoginFailed {
			reasons = append(reasons, ev.Detail["reason"])
		}
	})
	if want := []string{"malformed token", "unknown token", "revoked token"}; !slices.Equal(reasons, want) {
		t.Errorf("login_failed events %v, want %v", reasons, want)
	}
	// Health stays open.
	if status, _ := call(t, "", "GET", e.url+"/api/v1/health", nil); status != 200 {
		t.Errorf("health without a token: %d", status)
	}
}

// fullEnv is newEnv with everything serve wires: audit trail, reindex
// after changes, verification, and exports signed with a fresh key.
func fullEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	archive := e.srv.Docs.Bucket()
	p := e.srv.Pipeline.(interface {
		Entry(context.Context, string) (index.Entry, error)
	})
	e.reindex = func(ctx context.Context, id string) error {
		en, err := p.Entry(ctx, id)
		if err != nil {
			return err
		}
		return e.srv.Index.Put(en)
	}
	e.srv.Compliance = &api.Compliance{Audit: audit.NewLog(archive, audit.Options{}), Reindex: e.reindex,
		Verify: &verify.Scheduler{B: archive}}
	key, err := export.LoadOrCreateKey(filepath.Join(t.TempDir(), "export.key"))
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Exports = &api.Exports{Dir: t.TempDir(), Exporter: &export.Exporter{Docs: e.srv.Docs, Originals: e.srv.Originals,
		Archive: archive, Key: key, Now: time.Now, Generator: "shohyo test", TempDir: t.TempDir()}}
	return e
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }
