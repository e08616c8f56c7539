package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/testutil"
	"github.com/shohyo/shohyo/pipeline"
)

type env struct {
	url     string
	archive string // the archive folder, to tamper with
	srv     *api.Server
	// reindex puts a document's entry into the index (fullEnv).
	reindex func(context.Context, string) error
}

// newEnv serves the API over local storage, a real Redis (tasks are
// queued, not run) and a real index.
func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	mk := func(sub string) *storage.Bucket {
		d, err := storage.NewLocal(filepath.Join(dir, sub))
		if err != nil {
			t.Fatal(err)
		}
		return storage.NewBucket(d)
	}
	inbox, archive := mk("inbox"), mk("archive")
	opt, err := asynq.ParseRedisURI(testutil.StartRedis(t))
	if err != nil {
		t.Fatal(err)
	}
	client := asynq.NewClient(opt)
	t.Cleanup(func() { client.Close() })
	idx, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	docs := docstore.New(archive)
	p := &pipeline.Pipeline{Inbox: inbox, Originals: storage.NewArchive(archive), Docs: docs, Index: idx,
		Queue: client, Now: time.Now, MaxBytes: 1 << 20, MaxRetry: 1, Log: log}
	srv := &api.Server{Docs: docs, Originals: storage.NewArchive(archive), Inbox: inbox, Index: idx,
		Pipeline: p, MaxBytes: 1 << 20, Version: "test", Now: time.Now, Log: log}
	srv.Auth = auth.NewStore(archive, time.Now)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	e := &env{url: hs.URL, archive: filepath.Join(dir, "archive"), srv: srv}
	// Requests without their own token go as an admin (see auth_test.go).
	e.useDefaultToken(t, e.token(t, "admin", auth.Admin))
	return e
}

func getJSON(t *testing.T, url string, wantStatus int, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: %d, want %d: %s", url, resp.StatusCode, wantStatus, b)
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("GET %s: content type %q", url, resp.Header.Get("Content-Type"))
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("GET %s: %v: %s", url, err, b)
		}
	}
}

type apiErr struct {
	Error struct{ Code, Message string } `json:"error"`
}

func upload(t *testing.T, url string, files map[string][]byte) (*http.Response, api.UploadResult) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, b := range files {
		w, _ := mw.CreateFormFile("file", name)
		w.Write(b)
	}
	mw.Close()
	resp, err := http.Post(url+"/api/v1/documents", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res api.UploadResult
	_ = json.NewDecoder(resp.Body).Decode(&res)
	return resp, res
}

func TestUploadAcceptsDocumentsAndRefusesTheRest(t *testing.T) {
	e := newEnv(t)
	png, err := os.ReadFile("../../testdata/samples/004.png")
	if err != nil {
		t.Fatal(err)
	}
	resp, res := upload(t, e.url, map[string][]byte{
		"receipt.png": png,
		"empty.jpg":   {},
		"notes.pdf":   []byte("plain text"),
		"huge.jpg":    append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, 2<<20)...),
	})
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if len(res.Accepted) != 1 || res.Accepted[0].Name != "receipt.png" || !record.ValidDocID(res.Accepted[0].DocID) {
		t.Errorf("accepted %+v", res.Accepted)
	}
	reasons := map[string]string{}
	for _, r := range res.Refused {
		reasons[r.Name] = r.Reason
	}
	for name, want := range map[string]string{"empty.jpg": "empty", "notes.pdf": "text", "huge.jpg": "limit"} {
		if !strings.Contains(reasons[name], want) {
			t.Errorf("%s refused with %q, want a reason mentioning %q", name, reasons[name], want)
		}
	}
	// The accepted file waits in the inbox for the pipeline.
	n := 0
	_ = e.srv.Inbox.List(context.Background(), pipeline.UploadPrefix, func(storage.Info) error { n++; return nil })
	if n != 1 {
		t.Errorf("%d files in the inbox's upload area, want 1", n)
	}
	for _, bad := range []struct{ ct, body string }{
		{"application/json", "{}"},
		{"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--x--\r\n"},
	} {
		r, err := http.Post(e.url+"/api/v1/documents", bad.ct, strings.NewReader(bad.body))
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != 400 {
			t.Errorf("upload of %s: %d, want 400", bad.ct, r.StatusCode)
		}
	}
}

// TestOriginalIsVerifiedWhileStreamed: a stored original altered on disk
// is never served as complete.
func TestOriginalIsVerifiedWhileStreamed(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	content := bytes.Repeat([]byte("scan bytes "), 1000)
	sha, size, err := e.srv.Originals.PutOriginal(ctx, bytes.NewReader(content), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	id := record.DocID(sha)
	r := docstore.Receipt{DocID: id, SHA256: sha, Size: size, Name: "scan.jpg", MediaType: "image/jpeg", ReceivedAt: time.Now()}
	if err := e.srv.Docs.AddReceipt(ctx, r, "r1"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(e.url + "/api/v1/documents/" + id + "/original")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || !bytes.Equal(b, content) || resp.Header.Get("X-Content-SHA256") != sha {
		t.Fatalf("download: %v, %d bytes, sha header %q", err, len(b), resp.Header.Get("X-Content-SHA256"))
	}
	// One byte changed behind the archive's back.
	p := filepath.Join(e.archive, "originals", sha)
	tampered := bytes.Clone(content)
	tampered[500] ^= 1
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, tampered, 0o644); err != nil {
		t.Fatal(err)
	}
	resp, err = http.Get(e.url + "/api/v1/documents/" + id + "/original")
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Fatal("a tampered original was served as complete")
	}
}

func TestHealthAndReindex(t *testing.T) {
	e := newEnv(t)
	var h map[string]any
	getJSON(t, e.url+"/api/v1/health", 200, &h)
	if h["status"] != "ok" {
		t.Errorf("health %v", h)
	}
	resp, err := http.Post(e.url+"/api/v1/reindex", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	var last api.ReindexProgress
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || !last.Final || last.Error != "" {
		t.Errorf("reindex stream %q", b)
	}
}
