package api_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
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
func restarted(t *testing.T, e *env) *apitest.Target {
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
	return &apitest.Target{URL: hs.URL, Archive: old.Docs.Bucket()}
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

	done := tg.StartExport(t, auditor, map[string]any{"doc_ids": []string{doc}})
	done = tg.WaitExport(t, auditor, done.ID)

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

	after := restarted(t, e)
	st := after.ExportStatus(t, auditor, done.ID)
	if st.State != "done" || st.FileSHA256 != done.FileSHA256 || st.Runs != 1 {
		t.Errorf("finished export after the restart: %+v, want done with hash %s", st, done.FileSHA256)
	}
	status, zipb := after.Download(t, auditor, done.ID)
	rep, err := export.Verify(bytes.NewReader(zipb), int64(len(zipb)), pub)
	if status != 200 || err != nil || !rep.OK() {
		t.Errorf("download after the restart: %d %v %+v", status, err, rep)
	}
	if st := after.WaitExport(t, auditor, cut.ID); st.State != "done" || st.Runs != 2 || st.Done != 1 || st.Total != 1 {
		t.Errorf("cut-short export after the restart: %+v, want done in run 2", st)
	}
	if st := after.WaitExport(t, auditor, hopeless.ID); st.State != "failed" || !strings.Contains(st.Error, "given up") {
		t.Errorf("export cut short %d times: %+v, want failed, given up", export.MaxRuns, st)
	}
	if status, b := after.Download(t, auditor, hopeless.ID); status != 409 {
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
