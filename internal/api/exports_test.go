package api_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/api/apitest"
	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/export"
)

// restarted is a second server over e's archive and index with nothing
// in memory, as serve is after a restart; it resumes unfinished exports.
func restarted(t *testing.T, e *env) string {
	t.Helper()
	old := e.srv
	srv := &api.Server{Docs: old.Docs, Originals: old.Originals, Inbox: old.Inbox, Index: old.Index, Pipeline: old.Pipeline,
		MaxBytes: old.MaxBytes, Version: old.Version, Now: old.Now, Log: old.Log, Auth: old.Auth, Compliance: old.Compliance,
		Exports: &api.Exports{Dir: t.TempDir(), Jobs: old.Exports.Jobs, Exporter: old.Exports.Exporter}}
	if err := srv.ResumeExports(context.Background()); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return hs.URL
}

func exportStatus(t *testing.T, token, url, id string) api.ExportStatus {
	t.Helper()
	var st api.ExportStatus
	status, b := call(t, token, "GET", url+"/api/v1/exports/"+id, nil)
	if err := json.Unmarshal(b, &st); status != 200 || err != nil {
		t.Fatalf("export %s: %d %v %s", id, status, err, b)
	}
	return st
}

// waitExport polls until the export is no longer running.
func waitExport(t *testing.T, token, url, id string) api.ExportStatus {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if st := exportStatus(t, token, url, id); st.State != "running" {
			return st
		}
	}
	t.Fatalf("export %s still running after 60s", id)
	return api.ExportStatus{}
}

// TestExportsSurviveRestart: a finished export is still there, with its
// file, after a restart; a job cut short by a stop runs again at the
// start, its progress readable, and its exported event names who asked;
// a job cut short MaxRuns times is failed with the reason.
func TestExportsSurviveRestart(t *testing.T) {
	e := fullEnv(t)
	ctx := context.Background()
	tg := &apitest.Target{URL: e.url, Archive: e.srv.Docs.Bucket(), Index: e.reindex, MaxBytes: e.srv.MaxBytes}
	doc := tg.Seed(t)
	auditor := e.token(t, "kansa", auth.Auditor)
	pub := e.srv.Exports.Exporter.Key.Public().(ed25519.PublicKey)

	var done api.ExportStatus
	postJSONAs(t, auditor, e.url+"/api/v1/exports", map[string]any{"doc_ids": []string{doc}}, 202, &done)
	done = waitExport(t, auditor, e.url, done.ID)

	// Two jobs as a crash leaves them: stored, started, no outcome.
	jobs := e.srv.Exports.Jobs
	by := export.Actor{Kind: "person", Name: "kansa", Role: "auditor"}
	cut := &export.JobRecord{ID: "00000000000000c1", Request: export.Request{DocIDs: []string{doc}, Format: export.FormatZIP, Encoding: "utf-8"},
		By: by, DocIDs: []string{doc}, CreatedAt: time.Now().UTC()}
	hopeless := *cut
	hopeless.ID = "00000000000000c2"
	for _, r := range []*export.JobRecord{cut, &hopeless} {
		if err := jobs.Create(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for range export.MaxRuns {
		if _, err := jobs.StartRun(ctx, hopeless.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := jobs.StartRun(ctx, cut.ID); err != nil {
		t.Fatal(err)
	}

	url := restarted(t, e)
	st := exportStatus(t, auditor, url, done.ID)
	if st.State != "done" || st.FileSHA256 != done.FileSHA256 || st.Runs != 1 {
		t.Errorf("finished export after the restart: %+v, want done with hash %s", st, done.FileSHA256)
	}
	status, zipb := call(t, auditor, "GET", url+"/api/v1/exports/"+done.ID+"/download", nil)
	rep, err := export.Verify(bytes.NewReader(zipb), int64(len(zipb)), pub)
	if status != 200 || err != nil || !rep.OK() {
		t.Errorf("download after the restart: %d %v %+v", status, err, rep)
	}
	if st := waitExport(t, auditor, url, cut.ID); st.State != "done" || st.Runs != 2 || st.Done != 1 || st.Total != 1 {
		t.Errorf("cut-short export after the restart: %+v, want done in run 2", st)
	}
	if st := waitExport(t, auditor, url, hopeless.ID); st.State != "failed" || !strings.Contains(st.Error, "given up") {
		t.Errorf("export cut short %d times: %+v, want failed, given up", export.MaxRuns, st)
	}
	if status, b := call(t, auditor, "GET", url+"/api/v1/exports/"+hopeless.ID+"/download", nil); status != 409 {
		t.Errorf("download of a failed export: %d %s", status, b)
	}
	trail, err := audit.ReadTrail(ctx, e.srv.Docs.Bucket())
	if err != nil {
		t.Fatal(err)
	}
	var exported []string
	trail.Events(func(_ *audit.Segment, ev audit.Event, _ string) {
		if ev.Type == audit.Exported {
			exported = append(exported, fmt.Sprintf("%s by %s, object %v", ev.Detail["export_id"], ev.Actor.Name, strings.HasPrefix(ev.Object, "exports/"+ev.Detail["export_id"]+"/file-")))
		}
	})
	if want := []string{done.ID + " by kansa, object true", cut.ID + " by kansa, object true"}; !slices.Equal(exported, want) {
		t.Errorf("exported events %q, want %q", exported, want)
	}
}
