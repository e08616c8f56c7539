// Package apitest is the API's acceptance suite, written once against a
// Target: the role × route matrix, every 4xx answer with its code, and
// conformance of every answer to schemas/openapi.json. It runs against
// the in-process server on a local archive (internal/api) and against a
// real `shohyo serve` on MinIO and Redis (cmd/shohyo), so a difference
// between the two backends shows as a failure of the same test.
package apitest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/retention"
	"github.com/shohyo/shohyo/internal/storage"
)

// Target is a running API server and what the suite needs besides HTTP.
// The suites share one server: each makes its own documents and its own
// users (names carry a run id), so they run in any order on one archive.
type Target struct {
	URL string
	// Archive is the server's archive bucket: tokens are made in it, test
	// documents stored in it, and the audit trail read from it.
	Archive *storage.Bucket
	// Index makes a document stored in Archive searchable.
	Index func(ctx context.Context, id string) error
	// MaxBytes is the server's upload limit.
	MaxBytes int64
	// Presigns says the archive hands out presigned URLs (S3).
	Presigns bool
}

// Run runs every suite against tg, each as a subtest.
func Run(t *testing.T, tg *Target) {
	t.Run("RoleMatrix", func(t *testing.T) { RoleMatrix(t, tg) })
	t.Run("BadInput", func(t *testing.T) { BadInput(t, tg) })
	t.Run("OpenAPI", func(t *testing.T) { OpenAPIConformance(t, tg) })
	t.Run("PageImages", func(t *testing.T) { PageImages(t, tg) })
	t.Run("PresignedOriginal", func(t *testing.T) { PresignedOriginal(t, tg) })
	t.Run("Vendors", func(t *testing.T) { Vendors(t, tg) })
}

// runID tells this run's users and documents from those of the other
// suites on the same server.
func runID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Token makes a real token in the target's archive and returns its secret.
func (tg *Target) Token(t testing.TB, user string, role auth.Role) string {
	t.Helper()
	secret, _, err := auth.NewStore(tg.Archive, time.Now).Create(context.Background(), user, role, "apitest")
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// Seed stores a document with version 1 as the pipeline would (original,
// receipt, version; no OCR result) and makes it searchable. The content
// (text named as a PDF, which no page can be drawn of) carries a run id,
// so every seed is a new document.
func (tg *Target) Seed(t testing.TB) string {
	t.Helper()
	return tg.SeedFile(t, []byte("請求書 ¥1,000 "+runID()), "inv.pdf", "application/pdf")
}

// SeedFile is Seed with the original's content, name and media type; the
// content must differ from earlier seeds'.
func (tg *Target) SeedFile(t testing.TB, content []byte, name, mediaType string) string {
	t.Helper()
	ctx := context.Background()
	sha, size, err := storage.NewArchive(tg.Archive).PutOriginal(ctx, bytes.NewReader(content), int64(len(content)))
	if err != nil {
		t.Fatal(err)
	}
	docs := docstore.New(tg.Archive)
	id := record.DocID(sha)
	at := time.Now().UTC()
	r := docstore.Receipt{DocID: id, SHA256: sha, Size: size, Name: name, MediaType: mediaType, Source: name, Via: "upload", ReceivedAt: at}
	if err := docs.AddReceipt(ctx, r, docstore.ReceiptID(name, at)); err != nil {
		t.Fatal(err)
	}
	v := &record.Version{DocID: id, CreatedAt: at, Actor: record.Actor{Kind: record.ActorMachine, Name: "apitest"},
		Original: record.Original{SHA256: sha, Size: size, Name: name, MediaType: mediaType, ReceivedAt: at},
		Status:   record.StatusReady,
		Fields:   record.Fields{IssuerName: &record.Field{Value: "株式会社テスト"}, Total: &record.Field{Value: "1000"}, IssueDate: &record.Field{Value: "2024-05-10"}}}
	if err := retention.DefaultPolicy().Apply(nil, v); err != nil {
		t.Fatal(err)
	}
	if err := docs.AppendVersion(ctx, v); err != nil {
		t.Fatal(err)
	}
	if err := tg.Index(ctx, id); err != nil {
		t.Fatal(err)
	}
	return id
}

// client sends exactly the headers a suite sets: test binaries replace
// http.DefaultTransport with one that adds a default token.
var client = &http.Client{Transport: &http.Transport{}}

// response is one answer as the suites look at it.
type response struct {
	status int
	ctype  string
	body   []byte
}

// code is the stable error code of an error answer.
func (r response) code() string {
	var b struct {
		Error struct{ Code string } `json:"error"`
	}
	_ = json.Unmarshal(r.body, &b)
	return b.Error.Code
}

// do sends one request with token ("" for none) and returns the answer.
func (tg *Target) do(t testing.TB, token, method, path, ctype string, body io.Reader) response {
	t.Helper()
	req, err := http.NewRequest(method, tg.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	return response{status: resp.StatusCode, ctype: resp.Header.Get("Content-Type"), body: b}
}

// jsonBody is body as a request body: a string is sent as it is, anything
// else as JSON; nil is no body.
func jsonBody(body any) (string, io.Reader) {
	switch b := body.(type) {
	case nil:
		return "", nil
	case string:
		return "application/json", strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		return "application/json", strings.NewReader(string(j))
	}
}

// sample is a real receipt scan of the repository's samples.
func sample() string { return repoFile("testdata", "samples", "004.png") }

// repoFile is a file of the repository, wherever the test runs from.
func repoFile(parts ...string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(append([]string{filepath.Dir(file), "..", "..", ".."}, parts...)...)
}
