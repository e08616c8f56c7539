package docstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

const id = "0123456789abcdef01234567"

func newStore(t *testing.T) (*docstore.Store, string) {
	t.Helper()
	dir := t.TempDir()
	d, err := storage.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	return docstore.New(storage.NewBucket(d)), dir
}

func version(status string) *record.Version {
	return &record.Version{
		DocID: id, CreatedAt: time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC),
		Actor:  record.Actor{Kind: record.ActorMachine, Name: "test"},
		Status: status,
	}
}

func TestVersionsFormAHashChain(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	if err := s.AppendVersion(ctx, version(record.StatusNeedsReview)); err != nil {
		t.Fatal(err)
	}
	v2 := version(record.StatusReady)
	v2.Actor = record.Actor{Kind: record.ActorPerson, Name: "clerk"}
	v2.Reason = "total misread"
	if err := s.AppendVersion(ctx, v2); err != nil {
		t.Fatal(err)
	}
	vs, err := s.Versions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Version != 1 || vs[1].Version != 2 {
		t.Fatalf("versions %+v", vs)
	}
	if vs[0].Previous != "" || len(vs[1].Previous) != 64 {
		t.Errorf("chain links: v1 %q, v2 %q", vs[0].Previous, vs[1].Previous)
	}
	// Version 1 is still on disk byte for byte: nothing was rewritten.
	b, err := os.ReadFile(filepath.Join(dir, "docs", id, "versions", "000001.json"))
	if err != nil || !strings.Contains(string(b), `"needs_review"`) {
		t.Errorf("version 1 changed: %s %v", b, err)
	}
	latest, err := s.Latest(ctx, id)
	if err != nil || latest.Version != 2 || latest.Reason != "total misread" {
		t.Errorf("latest %+v %v", latest, err)
	}
}

func TestPersonVersionNeedsReason(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	if err := s.AppendVersion(ctx, version(record.StatusReady)); err != nil {
		t.Fatal(err)
	}
	v := version(record.StatusReady)
	v.Actor = record.Actor{Kind: record.ActorPerson, Name: "clerk"}
	if err := s.AppendVersion(ctx, v); err == nil || !strings.Contains(err.Error(), "reason") {
		t.Errorf("a person's version without a reason was stored: %v", err)
	}
}

func TestStatusFollowsWriteOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if _, err := s.Summarize(ctx, id); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("unknown document: %v", err)
	}
	r := docstore.Receipt{DocID: id, SHA256: strings.Repeat("ab", 32), Name: "a.jpg", Source: "a.jpg", ReceivedAt: time.Now()}
	rid := docstore.ReceiptID("a.jpg", time.Unix(1, 0))
	for range 2 { // the same arrival recorded twice is one receipt
		if err := s.AddReceipt(ctx, r, rid); err != nil {
			t.Fatal(err)
		}
	}
	check := func(want string, receipts int) {
		t.Helper()
		sum, err := s.Summarize(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Status() != want || sum.Receipts != receipts {
			t.Errorf("status %q receipts %d, want %q %d", sum.Status(), sum.Receipts, want, receipts)
		}
	}
	check(record.StatusReceived, 1)
	if err := s.AddReceipt(ctx, r, docstore.ReceiptID("copy/a.jpg", time.Unix(2, 0))); err != nil {
		t.Fatal(err)
	}
	check(record.StatusReceived, 2)
	if err := s.PutOCR(ctx, id, &layout.Document{Engine: "test"}); err != nil {
		t.Fatal(err)
	}
	check(record.StatusOCRDone, 2)
	if err := s.PutQuarantine(ctx, docstore.Quarantine{DocID: id, Reason: "unreadable", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	check(record.StatusQuarantined, 2)
	n := 0
	if err := s.Scan(ctx, func(docstore.Summary) error { n++; return nil }); err != nil || n != 1 {
		t.Errorf("scan saw %d documents (%v)", n, err)
	}
}
