package pipeline

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/retention"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/verify"
)

// TestStepsAppendAuditEvents runs the real steps with an audit log and the
// retention policy: each step's object gets an event with its hash, in
// write order; version 1 carries its archival facts; every object of the
// document is locked until retain_until; and verification finds the
// archive intact.
func TestStepsAppendAuditEvents(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	archive := h.p.Docs.Bucket()
	h.p.Audit = audit.NewLog(archive, audit.Options{Now: fixedClock})
	h.p.Archival = retention.DefaultPolicy()
	img, err := os.ReadFile("../testdata/samples/004.png")
	if err != nil {
		t.Fatal(err)
	}
	h.drop(t, "receipt.png", img)
	twice(t, "intake", h.p.handleIntake, task(TypeIntake, keyPayload{Key: "receipt.png"}))
	var id string
	if err := h.p.Docs.Scan(ctx, func(s docstore.Summary) error { id = s.ID; return nil }); err != nil || id == "" {
		t.Fatalf("no document: %v", err)
	}
	twice(t, "ocr", h.p.handleOCR, task(TypeOCR, docPayload{DocID: id}))
	twice(t, "extract", h.p.handleExtract, task(TypeExtract, docPayload{DocID: id}))

	tr, err := audit.ReadTrail(ctx, archive)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	tr.Events(func(_ *audit.Segment, ev audit.Event, _ string) {
		types = append(types, ev.Type)
		if ev.DocID != id || ev.Actor.Name != "test" || !ev.Time.Equal(fixedClock()) {
			t.Errorf("event %+v", ev)
		}
	})
	// The second intake run finds the inbox object gone and logs nothing;
	// the second OCR and extract runs find their output and log nothing.
	want := []string{audit.Stored, audit.Received, audit.OCRDone, audit.Extracted}
	if !slices.Equal(types, want) || len(tr.Problems) != 0 {
		t.Errorf("events %v (problems %v), want %v", types, tr.Problems, want)
	}

	v, err := h.p.Docs.Latest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	a := v.Archival
	if a == nil || a.Class != "important" || a.Origin != "scan" || a.ReceivedOn != "2024-04-01" || a.Input == nil || a.Input.Late {
		t.Fatalf("archival facts %+v", a)
	}
	r, err := archive.Retention(ctx, storage.OriginalKey(v.Original.SHA256))
	if err != nil || !r.Until.Equal(a.RetainUntil) || r.Mode != storage.Compliance {
		t.Errorf("original locked %+v (%v), want until %v", r, err, a.RetainUntil)
	}

	rep, err := verify.Run(ctx, archive, verify.Options{Retention: true, Now: func() time.Time { return fixedClock().Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || rep.Documents != 1 || rep.Objects != 4 {
		t.Errorf("verify: %s %v", rep.Summary(), rep.Problems)
	}
}
