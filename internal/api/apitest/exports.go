package apitest

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/api"
)

// StartExport asks for an export as token and returns its first status.
func (tg *Target) StartExport(t testing.TB, token string, req any) api.ExportStatus {
	t.Helper()
	ct, rd := jsonBody(req)
	r := tg.do(t, token, "POST", "/api/v1/exports", ct, rd)
	var st api.ExportStatus
	if err := json.Unmarshal(r.body, &st); r.status != 202 || err != nil {
		t.Fatalf("export: %d %v %s", r.status, err, r.body)
	}
	return st
}

// ExportStatus reads export id as token.
func (tg *Target) ExportStatus(t testing.TB, token, id string) api.ExportStatus {
	t.Helper()
	r := tg.do(t, token, "GET", "/api/v1/exports/"+id, "", nil)
	var st api.ExportStatus
	if err := json.Unmarshal(r.body, &st); r.status != 200 || err != nil {
		t.Fatalf("export %s: %d %v %s", id, r.status, err, r.body)
	}
	return st
}

// WaitExport follows export id until it is no longer running.
func (tg *Target) WaitExport(t testing.TB, token, id string) api.ExportStatus {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if st := tg.ExportStatus(t, token, id); st.State != "running" {
			return st
		}
	}
	t.Fatalf("export %s still running after a minute", id)
	return api.ExportStatus{}
}

// Download fetches a finished export's file as token.
func (tg *Target) Download(t testing.TB, token, id string) (int, []byte) {
	t.Helper()
	r := tg.do(t, token, "GET", "/api/v1/exports/"+id+"/download", "", nil)
	return r.status, r.body
}

// DownloadPresigned asks for a finished export with ?redirect=presigned,
// checks the 307 against the spec, and fetches its URL without a token.
func (tg *Target) DownloadPresigned(t testing.TB, token, id string) (int, []byte) {
	t.Helper()
	path := "/api/v1/exports/" + id + "/download?redirect=presigned&expires=60"
	req, err := http.NewRequest("GET", tg.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Transport.RoundTrip(req) // not following: the test looks at the redirect
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	loadSpec(t).check(t, "GET", path, response{status: resp.StatusCode, ctype: resp.Header.Get("Content-Type"), body: b})
	var p api.PresignedOriginal
	if err := json.Unmarshal(b, &p); resp.StatusCode != http.StatusTemporaryRedirect || err != nil {
		t.Fatalf("presigned download of %s: %d %v %s", id, resp.StatusCode, err, b)
	}
	got, err := (&http.Client{Transport: &http.Transport{}}).Get(p.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Body.Close()
	body, err := io.ReadAll(got.Body)
	if err != nil {
		t.Fatal(err)
	}
	return got.StatusCode, body
}
