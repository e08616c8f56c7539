package apitest

import (
	"encoding/json"
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
