package main_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/api/apitest"
	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/export"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/testutil"
)

// TestAPISuitesOnMinIO runs the API's acceptance suites (role matrix,
// every 4xx, OpenAPI conformance; internal/api/apitest) against one
// `shohyo serve` on real MinIO (object lock on) and a real Redis: the
// same suites internal/api runs in-process on a local archive.
func TestAPISuitesOnMinIO(t *testing.T) {
	_, _, tg := serveOnMinIO(t)
	apitest.Run(t, tg)
	t.Run("IngestReportsRefusals", func(t *testing.T) { ingestReportsRefusals(t, tg.URL) })
}

// ingestReportsRefusals: `shohyo ingest` of a scan and an empty file
// takes the one and reports the other with its reason (the API answers
// a 422 for an upload of which nothing is taken), and exits 1.
func ingestReportsRefusals(t *testing.T, url string) {
	dir := t.TempDir()
	scan := append(mustRead(t, "../../testdata/samples/004.png"), []byte("ingest")...)
	for name, b := range map[string][]byte{"scan.png": scan, "empty.jpg": nil} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := cli(t, []string{"SHOHYO_SERVER=" + url}, "ingest", "--quiet", dir)
	if err == nil || !strings.Contains(out, "1 accepted, 1 refused") || !strings.Contains(out, "empty.jpg: an empty file") {
		t.Errorf("ingest: %v\n%s", err, out)
	}
}

// serveOnMinIO starts MinIO, Redis and serve on them, and returns serve's
// environment (to restart it), serve, and the suite's target.
func serveOnMinIO(t *testing.T) ([]string, *serveProc, *apitest.Target) {
	t.Helper()
	m := testutil.StartMinIO(t, testutil.MinIOOptions{})
	const maxBytes = 1 << 20
	env := []string{
		"SHOHYO_DATA=" + t.TempDir(),
		"SHOHYO_S3_ENDPOINT=" + m.Endpoint,
		"SHOHYO_S3_ACCESS_KEY=" + m.AccessKey,
		"SHOHYO_S3_SECRET_KEY=" + m.SecretKey,
		"SHOHYO_REDIS_URL=" + testutil.StartRedis(t),
		"SHOHYO_WORKERS=1",
		fmt.Sprintf("SHOHYO_MAX_BYTES=%d", maxBytes),
		fmt.Sprintf("SHOHYO_ADDR=127.0.0.1:%d", testutil.FreePort(t)),
	}
	s := startServe(t, env)
	d, err := storage.NewS3(t.Context(), storage.S3Config{Endpoint: m.Endpoint, AccessKey: m.AccessKey, SecretKey: m.SecretKey, Bucket: "shohyo-archive"})
	if err != nil {
		t.Fatal(err)
	}
	return env, s, &apitest.Target{URL: s.url, Archive: storage.NewBucket(d), MaxBytes: maxBytes, Presigns: true,
		Index: func(ctx context.Context, _ string) error { return reindexAll(ctx, s.url) }}
}

// reindexAll rebuilds serve's index from the archive through the API (the
// way to make a document stored behind serve's back searchable) and
// waits for the rebuild's last line.
func reindexAll(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/api/v1/reindex", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("reindex: %s", resp.Status)
	}
	var last api.ReindexProgress
	for sc := bufio.NewScanner(resp.Body); sc.Scan(); {
		if err := json.Unmarshal(sc.Bytes(), &last); err != nil {
			return fmt.Errorf("reindex: %q: %w", sc.Text(), err)
		}
	}
	if !last.Final || last.Error != "" {
		return fmt.Errorf("reindex did not finish: %+v", last)
	}
	return nil
}

// TestTokenCommandsAreAudited: `shohyo token create` and `revoke`, run
// on the archive without serve, are audit events naming who ran them,
// the token and its role, and never the secret.
func TestTokenCommandsAreAudited(t *testing.T) {
	data := t.TempDir()
	secret, err := cli(t, nil, "token", "create", "--data", data, "--role", "auditor", "--name", "Kansa Taro")
	if err != nil {
		t.Fatal(err)
	}
	secret = strings.TrimSpace(secret)
	var id string
	out, err := cli(t, nil, "token", "list", "--data", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "Kansa Taro") {
			id = strings.Fields(line)[0]
		}
	}
	if _, err := cli(t, nil, "token", "revoke", id, "--data", data, "--reason", "audit finished"); err != nil {
		t.Fatal(err)
	}
	d, err := storage.NewLocal(filepath.Join(data, "archive"))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := audit.ReadTrail(context.Background(), storage.NewBucket(d))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	tr.Events(func(_ *audit.Segment, ev audit.Event, _ string) {
		if b, _ := json.Marshal(ev); strings.Contains(string(b), secret) {
			t.Errorf("the secret is in the trail: %s", b)
		}
		got = append(got, fmt.Sprintf("%s %s %s %s %s %s", ev.Type, ev.Actor.Kind, ev.Detail["subject_token"], ev.Detail["subject_user"], ev.Detail["subject_role"], ev.Detail["reason"]))
		if !strings.HasPrefix(ev.Actor.Name, "shohyo token (") {
			t.Errorf("%s by %q, want the login of whoever ran shohyo token", ev.Type, ev.Actor.Name)
		}
	})
	want := []string{"token_created person " + id + " Kansa Taro auditor ", "token_revoked person " + id + " Kansa Taro auditor audit finished"}
	if !slices.Equal(got, want) {
		t.Errorf("trail %q, want %q", got, want)
	}
}

// TestExportsSurviveServeRestart: serve on MinIO finishes an export;
// a second job is left as a crash leaves it (stored, started, no
// outcome); after serve restarts, the first is still downloadable (also
// through a presigned URL) and verifies, and the second has run again to
// the end.
func TestExportsSurviveServeRestart(t *testing.T) {
	env, first, tg := serveOnMinIO(t)
	ctx := t.Context()
	doc := tg.Seed(t)
	admin := os.Getenv("SHOHYO_TOKEN")
	st := tg.WaitExport(t, admin, tg.StartExport(t, admin, map[string]any{"doc_ids": []string{doc}}).ID)
	if st.State != "done" {
		t.Fatalf("export: %+v", st)
	}
	jobs := &export.Jobs{B: tg.Archive, Now: time.Now}
	cut := &export.JobRecord{ID: "00000000000000c1", Request: export.Request{DocIDs: []string{doc}, Format: export.FormatZIP, Encoding: "utf-8"},
		By: export.Actor{Kind: "person", Name: "test-admin", Role: "admin"}, DocIDs: []string{doc}, CreatedAt: time.Now().UTC()}
	if err := jobs.Create(ctx, cut); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.StartRun(ctx, cut.ID); err != nil {
		t.Fatal(err)
	}

	first.stop()
	after := *tg
	after.URL = startServe(t, env).url

	var key struct {
		PublicKey string `json:"public_key"`
	}
	getInto(t, after.URL+"/api/v1/export-key", &key)
	pub, err := export.ParsePublicKey(key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{st.ID, cut.ID} {
		got := after.WaitExport(t, admin, id)
		if got.State != "done" {
			t.Errorf("export %s after the restart: %+v", id, got)
			continue
		}
		status, b := after.Download(t, admin, id)
		rep, err := export.Verify(bytes.NewReader(b), int64(len(b)), pub)
		if status != 200 || err != nil || !rep.OK() {
			t.Errorf("download of %s after the restart: %d %v %+v", id, status, err, rep)
		}
		if status, direct := after.DownloadPresigned(t, admin, id); status != 200 || !bytes.Equal(direct, b) {
			t.Errorf("presigned download of %s: %d, %d bytes, want the %d bytes served", id, status, len(direct), len(b))
		}
		t.Logf("export %s: %s, runs %d, %d bytes", id, got.State, got.Runs, len(b))
	}
	if got := after.ExportStatus(t, admin, cut.ID); got.Runs != 2 {
		t.Errorf("the cut-short export ran %d times, want 2", got.Runs)
	}
}

func getInto(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); resp.StatusCode != 200 || err != nil {
		t.Fatalf("GET %s: %s %v", url, resp.Status, err)
	}
}
