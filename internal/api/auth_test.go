package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/export"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/ocr"
	"github.com/shohyo/shohyo/internal/vendor"
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
	e.srv.Exports = &api.Exports{Dir: t.TempDir(), Jobs: &export.Jobs{B: archive, Now: time.Now}, Exporter: &export.Exporter{Docs: e.srv.Docs, Originals: e.srv.Originals,
		Archive: archive, Key: key, Now: time.Now, Generator: "shohyo test", TempDir: t.TempDir()}}
	e.srv.DrawPage = func(ctx context.Context, original []byte, n int) ([]byte, error) {
		return ocr.PagePNG(ctx, original, n, ocr.ViewLimits)
	}
	e.srv.Vendors = vendor.NewCache(vendor.NewStore(archive), 0)
	return e
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }
