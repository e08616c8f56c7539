package apitest

import (
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/auth"
)

// badCase is one bad request and the answer it must get.
type badCase struct {
	name         string
	role         auth.Role
	method, path string
	// body is sent as JSON (a string as it is); upload, if set, instead.
	body   any
	upload func() (string, io.Reader)
	status int
	code   string
}

// badCases are the bad inputs a client can send, route by route; doc is a
// document that exists, with one version.
func badCases(doc string, maxBytes int64) []badCase {
	d := "/api/v1/documents/" + doc
	unknown := "/api/v1/documents/0123456789abcdef01234567"
	corr := func(name string, set map[string]string, code string) badCase {
		return badCase{"correction: " + name, auth.Clerk, "POST", d + "/corrections", map[string]any{"reason": "test", "set": set}, nil, 422, code}
	}
	file := func(name string, content []byte) func() (string, io.Reader) {
		return func() (string, io.Reader) { return multipartFile(name, content) }
	}
	return []badCase{
		{"search: bad date", auth.Viewer, "GET", "/api/v1/search?from=2024-99-01", nil, nil, 400, "bad_query"},
		{"search: non-numeric amount", auth.Viewer, "GET", "/api/v1/search?min=lots", nil, nil, 400, "bad_query"},
		{"search: negative amount", auth.Viewer, "GET", "/api/v1/search?min=-5", nil, nil, 400, "bad_query"},
		{"search: huge amount", auth.Viewer, "GET", "/api/v1/search?max=1e30", nil, nil, 400, "bad_query"},
		{"search: unknown sort", auth.Viewer, "GET", "/api/v1/search?sort=nonsense", nil, nil, 400, "bad_query"},
		{"search: unknown parameter", auth.Viewer, "GET", "/api/v1/search?colour=red", nil, nil, 400, "bad_query"},
		{"search: query syntax", auth.Viewer, "GET", "/api/v1/search?q=%E5%8F%96%E5%BC%95%E5%85%88%3A", nil, nil, 400, "bad_query"},
		{"search: unknown query field", auth.Viewer, "GET", "/api/v1/search?q=colour:red", nil, nil, 400, "bad_query"},
		{"search: limit too large", auth.Viewer, "GET", "/api/v1/search?limit=100000", nil, nil, 400, "bad_query"},
		{"review: other status", auth.Viewer, "GET", "/api/v1/review?status=ready", nil, nil, 400, "bad_query"},

		{"document: bad id", auth.Viewer, "GET", "/api/v1/documents/not-an-id", nil, nil, 400, "bad_id"},
		{"document: unknown", auth.Viewer, "GET", unknown, nil, nil, 404, "not_found"},
		{"versions: unknown document", auth.Auditor, "GET", unknown + "/versions", nil, nil, 404, "not_found"},
		{"history: unknown document", auth.Auditor, "GET", unknown + "/history", nil, nil, 404, "not_found"},
		{"original: unknown document", auth.Viewer, "GET", unknown + "/original", nil, nil, 404, "not_found"},
		{"ocr: unknown document", auth.Viewer, "GET", unknown + "/ocr", nil, nil, 404, "not_found"},
		{"original: bad redirect", auth.Viewer, "GET", d + "/original?redirect=elsewhere", nil, nil, 400, "bad_request"},
		{"original: presigned for an hour", auth.Viewer, "GET", d + "/original?redirect=presigned&expires=3600", nil, nil, 400, "bad_request"},
		{"page: unknown document", auth.Viewer, "GET", unknown + "/pages/1", nil, nil, 404, "not_found"},
		{"page: zero", auth.Viewer, "GET", d + "/pages/0", nil, nil, 400, "bad_page"},
		{"page: not a number", auth.Viewer, "GET", d + "/pages/first", nil, nil, 400, "bad_page"},
		{"page: of a file that is no image", auth.Viewer, "GET", d + "/pages/1", nil, nil, 422, "cannot_draw"},
		{"no such route", auth.Viewer, "GET", "/api/v2/anything", nil, nil, 404, "not_found"},

		{"correction: unknown document", auth.Clerk, "POST", unknown + "/corrections", map[string]any{"reason": "x", "set": map[string]string{"total": "1"}}, nil, 404, "not_found"},
		{"correction: not JSON", auth.Clerk, "POST", d + "/corrections", "not json", nil, 400, "bad_request"},
		{"correction: unknown body field", auth.Clerk, "POST", d + "/corrections", map[string]any{"reason": "x", "sett": map[string]string{}}, nil, 400, "bad_request"},
		{"correction: a name in the body", auth.Clerk, "POST", d + "/corrections", map[string]any{"actor": "someone else", "reason": "x", "set": map[string]string{"total": "5"}}, nil, 400, "bad_request"},
		{"correction: amount as a number", auth.Clerk, "POST", d + "/corrections", `{"reason": "x", "set": {"total": 5}}`, nil, 400, "bad_request"},
		{"correction: body over 1 MiB", auth.Clerk, "POST", d + "/corrections", `{"reason": "` + strings.Repeat("x", 1<<20) + `"}`, nil, 400, "bad_request"},
		{"correction: no reason", auth.Clerk, "POST", d + "/corrections", map[string]any{"set": map[string]string{"total": "1"}}, nil, 422, "invalid"},
		{"correction: nothing to set", auth.Clerk, "POST", d + "/corrections", map[string]any{"reason": "x", "set": map[string]string{}}, nil, 422, "no_change"},
		corr("unknown field", map[string]string{"no_such_field": "1"}, "unknown_field"),
		corr("month 13", map[string]string{"issue_date": "2024-13-45"}, "bad_value"),
		corr("February 30", map[string]string{"issue_date": "2024-02-30"}, "bad_value"),
		corr("year 1", map[string]string{"due_date": "0001-01-01"}, "bad_value"),
		corr("slashed date", map[string]string{"issue_date": "2024/05/10"}, "bad_value"),
		corr("amount with comma and yen", map[string]string{"total": "1,100円"}, "bad_value"),
		corr("non-numeric amount", map[string]string{"total": "abc"}, "bad_value"),
		corr("exponent amount", map[string]string{"subtotal": "1e5"}, "bad_value"),
		corr("huge amount", map[string]string{"total": "12345678901234567890"}, "bad_value"),
		corr("16-digit amount", map[string]string{"total": "1000000000000000"}, "bad_value"),
		corr("four decimals", map[string]string{"total": "10.0001"}, "bad_value"),
		corr("negative withholding", map[string]string{"withholding_tax": "-100"}, "bad_value"),
		corr("short registration number", map[string]string{"registration_number": "T123"}, "bad_value"),
		corr("registration number without T", map[string]string{"registration_number": "1234567890123"}, "bad_value"),
		corr("currency", map[string]string{"currency": "yen"}, "bad_value"),
		corr("class", map[string]string{"class": "secret"}, "bad_value"),

		{"deletion: no reason", auth.Clerk, "POST", d + "/deletion", map[string]any{}, nil, 422, "invalid"},
		{"deletion: unknown body field", auth.Clerk, "POST", d + "/deletion", map[string]any{"reason": "x", "why": "y"}, nil, 400, "bad_request"},
		{"legal hold: no reason", auth.Admin, "POST", d + "/legal-hold", map[string]any{"hold": true}, nil, 422, "invalid"},

		{"upload: not multipart", auth.Clerk, "POST", "/api/v1/documents", "{}", nil, 400, "bad_upload"},
		{"upload: no file part", auth.Clerk, "POST", "/api/v1/documents", nil, func() (string, io.Reader) {
			return "multipart/form-data; boundary=x", strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--x--\r\n")
		}, 400, "no_files"},
		{"upload: oversize", auth.Clerk, "POST", "/api/v1/documents", nil, file("huge.jpg", append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, maxBytes)...)), 422, "refused"},
		{"upload: empty", auth.Clerk, "POST", "/api/v1/documents", nil, file("empty.jpg", nil), 422, "refused"},
		{"upload: text as PDF", auth.Clerk, "POST", "/api/v1/documents", nil, file("notes.pdf", []byte("plain text")), 422, "refused"},

		{"verify: bad date", auth.Auditor, "POST", "/api/v1/verify", map[string]string{"from": "2024/01/01"}, nil, 400, "bad_date"},
		{"token: unknown role", auth.Admin, "POST", "/api/v1/tokens", map[string]string{"user": "x", "role": "root"}, nil, 422, "bad_role"},
		{"token: no user", auth.Admin, "POST", "/api/v1/tokens", map[string]string{"user": " ", "role": "viewer"}, nil, 422, "invalid"},
		{"token: bad id", auth.Admin, "DELETE", "/api/v1/tokens/xyz", nil, nil, 400, "bad_id"},
		{"token: unknown", auth.Admin, "DELETE", "/api/v1/tokens/00000000000000ff", nil, nil, 404, "not_found"},

		{"export: unknown format", auth.Auditor, "POST", "/api/v1/exports", map[string]any{"query": "voucher_number:J-1", "format": "pdf"}, nil, 400, "bad_request"},
		{"export: bad doc id", auth.Auditor, "POST", "/api/v1/exports", map[string]any{"doc_ids": []string{"../x"}}, nil, 400, "bad_request"},
		{"export: nothing asked", auth.Auditor, "POST", "/api/v1/exports", map[string]any{}, nil, 400, "bad_request"},
		{"export: bad query", auth.Auditor, "POST", "/api/v1/exports", map[string]any{"query": "from:2024-99-01"}, nil, 400, "bad_query"},
		{"export: unknown", auth.Auditor, "GET", "/api/v1/exports/0000000000000000", nil, nil, 404, "not_found"},
		{"export: unknown download", auth.Auditor, "GET", "/api/v1/exports/0000000000000000/download", nil, nil, 404, "not_found"},
	}
}

// BadInput sends every bad request of badCases and checks its status, its
// stable code, a message, and the answer against the spec; then that none
// of them changed the document (a wrong 201 would have added a version).
func BadInput(t *testing.T, tg *Target) {
	sp := loadSpec(t)
	id := tg.Seed(t)
	tokens := map[auth.Role]string{}
	for _, r := range auth.Roles {
		tokens[r] = tg.Token(t, "bad-input-"+string(r), r)
	}
	for _, c := range badCases(id, tg.MaxBytes) {
		ct, rd := jsonBody(c.body)
		if c.upload != nil {
			ct, rd = c.upload()
		}
		r := tg.do(t, tokens[c.role], c.method, c.path, ct, rd)
		var b struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		_ = json.Unmarshal(r.body, &b)
		if r.status != c.status || b.Error.Code != c.code || b.Error.Message == "" {
			t.Errorf("%s: %d %q %.200s, want %d %s with a message", c.name, r.status, b.Error.Code, r.body, c.status, c.code)
			continue
		}
		sp.check(t, c.method, c.path, r)
	}
	r := tg.do(t, tokens[auth.Auditor], "GET", "/api/v1/documents/"+id+"/versions", "", nil)
	var vs struct{ Versions []json.RawMessage }
	if err := json.Unmarshal(r.body, &vs); err != nil || len(vs.Versions) != 1 {
		t.Errorf("after the bad requests the document has %d versions (%v), want 1: %.300s", len(vs.Versions), err, r.body)
	}
}
