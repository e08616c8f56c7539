package apitest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
)

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
		{"GET /api/v1/documents/{id}/pages/{n}", "GET", d + "/pages/1", nil, "acuv"},
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
		{"GET /api/v1/vendors", "GET", "/api/v1/vendors", nil, "acuv"},
		{"GET /api/v1/vendors/{id}", "GET", "/api/v1/vendors/T4011001098993", nil, "acuv"},
		{"POST /api/v1/vendors/rebuild", "POST", "/api/v1/vendors/rebuild", nil, "a"},
	}
}

// openRoutes need no token; the matrix has nothing to deny on them.
var openRoutes = []string{"GET /api/v1/health", "POST /api/v1/intake/s3-events", "GET /api/v1/export-key", "/"}

var roleLetters = map[auth.Role]string{auth.Admin: "a", auth.Clerk: "c", auth.Auditor: "u", auth.Viewer: "v"}

// RoleMatrix sends every guarded route with a token of every role: each
// denial is a 403 with code forbidden, each allowed request passes the
// guard; no token, a malformed, unknown or revoked one is a 401, and each
// bad token is a login_failed event in the audit trail.
func RoleMatrix(t *testing.T, tg *Target) {
	run := runID()
	id := tg.Seed(t)
	tokens := map[auth.Role]string{}
	for _, r := range auth.Roles {
		tokens[r] = tg.Token(t, "user-"+string(r)+"-"+run, r)
	}
	covered := map[string]bool{}
	for _, c := range routeCases(id) {
		covered[c.pattern] = true
		for _, role := range auth.Roles {
			ct, rd := jsonBody(c.body)
			r := tg.do(t, tokens[role], c.method, c.path, ct, rd)
			want := strings.Contains(c.allowed, roleLetters[role])
			switch {
			case !want && (r.status != 403 || r.code() != "forbidden"):
				t.Errorf("%s %s as %s: %d %s, want 403 forbidden", c.method, c.path, role, r.status, r.body)
			case want && (r.status == 401 || r.status == 403 || r.status >= 500):
				t.Errorf("%s %s as %s: %d %s, want the route to run", c.method, c.path, role, r.status, r.body)
			}
		}
		ct, rd := jsonBody(c.body)
		if r := tg.do(t, "", c.method, c.path, ct, rd); r.status != 401 || r.code() != "unauthenticated" {
			t.Errorf("%s %s without a token: %d %s, want 401 unauthenticated", c.method, c.path, r.status, r.body)
		}
	}
	for p, need := range api.RoutePermissions {
		if !covered[p] && !slices.Contains(openRoutes, p) {
			t.Errorf("route %s (%s) is not in the matrix", p, need)
		}
	}

	// Bad tokens: every one is a failed login, in the trail. They are
	// sent to this run's document, so the trail's events are told from
	// those of other suites by the route.
	leaver := "leaver-" + run
	var made api.TokenCreated
	ct, rd := jsonBody(map[string]string{"user": leaver, "role": "clerk"})
	r := tg.do(t, tokens[auth.Admin], "POST", "/api/v1/tokens", ct, rd)
	if err := json.Unmarshal(r.body, &made); r.status != 201 || err != nil {
		t.Fatalf("token create: %d %v %s", r.status, err, r.body)
	}
	revoked := made.Secret
	var list struct{ Tokens []auth.Token }
	r = tg.do(t, tokens[auth.Admin], "GET", "/api/v1/tokens", "", nil)
	if err := json.Unmarshal(r.body, &list); r.status != 200 || err != nil {
		t.Fatalf("token list: %d %v %s", r.status, err, r.body)
	}
	var leaverID string
	for _, tk := range list.Tokens {
		if tk.User == leaver {
			leaverID = tk.ID
		}
		if b, _ := json.Marshal(tk); tk.SHA256 == "" || strings.Contains(string(b), "shohyo_") {
			t.Errorf("token list shows a secret or no hash: %+v", tk)
		}
	}
	ct, rd = jsonBody(map[string]string{"reason": "left"})
	if r := tg.do(t, tokens[auth.Admin], "DELETE", "/api/v1/tokens/"+leaverID, ct, rd); r.status != 200 {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	if r := tg.do(t, tokens[auth.Admin], "DELETE", "/api/v1/tokens/"+leaverID, "", nil); r.status != 409 || r.code() != "revoked" {
		t.Errorf("second revoke: %d %s, want 409 revoked", r.status, r.body)
	}
	route := "/api/v1/documents/" + id
	for _, bad := range []string{"password123", "shohyo_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", revoked} {
		if r := tg.do(t, bad, "GET", route, "", nil); r.status != 401 || r.code() != "bad_token" {
			t.Errorf("token %.12s…: %d %s, want 401 bad_token", bad, r.status, r.body)
		}
	}
	tr, err := audit.ReadTrail(context.Background(), tg.Archive)
	if err != nil {
		t.Fatal(err)
	}
	var reasons, changes []string
	tr.Events(func(_ *audit.Segment, ev audit.Event, _ string) {
		if ev.Type == audit.LoginFailed && ev.Detail["route"] == "GET "+route {
			reasons = append(reasons, ev.Detail["reason"])
		}
		if b, _ := json.Marshal(ev); strings.Contains(string(b), revoked) {
			t.Errorf("a token's secret is in the audit trail: %s", b)
		}
		if ev.Detail["subject_token"] == leaverID {
			changes = append(changes, fmt.Sprintf("%s by %s (%s): %s %s %s", ev.Type, ev.Actor.Name, ev.Detail["role"],
				ev.Detail["subject_user"], ev.Detail["subject_role"], ev.Detail["reason"]))
		}
	})
	if want := []string{"malformed token", "unknown token", "revoked token"}; !slices.Equal(reasons, want) {
		t.Errorf("login_failed events %v, want %v", reasons, want)
	}
	admin := "user-admin-" + run
	if want := []string{"token_created by " + admin + " (admin): " + leaver + " clerk ",
		"token_revoked by " + admin + " (admin): " + leaver + " clerk left"}; !slices.Equal(changes, want) {
		t.Errorf("token events %q, want %q", changes, want)
	}
	if r := tg.do(t, "", "GET", "/api/v1/health", "", nil); r.status != 200 {
		t.Errorf("health without a token: %d", r.status)
	}
}
