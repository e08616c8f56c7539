package docstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/retention"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/testutil"
)

var clerk = record.Actor{Kind: record.ActorPerson, Name: "clerk"}

// seed stores an original, its receipt, an OCR result and version 1 (with
// archival facts from the default policy), as the pipeline does.
func seed(t *testing.T, s *docstore.Store, content string) string {
	t.Helper()
	ctx := t.Context()
	a := storage.NewArchive(s.Bucket())
	sha, size, err := a.PutOriginal(ctx, strings.NewReader(content), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	id := record.DocID(sha)
	at := time.Date(2024, 4, 2, 1, 0, 0, 0, time.UTC)
	r := docstore.Receipt{DocID: id, SHA256: sha, Size: size, Name: "r.jpg", MediaType: "image/jpeg", Source: "r.jpg", Via: "inbox", ReceivedAt: at}
	if err := s.AddReceipt(ctx, r, docstore.ReceiptID("r.jpg", at)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutOCR(ctx, id, &layout.Document{Engine: "test"}); err != nil {
		t.Fatal(err)
	}
	v := &record.Version{
		DocID: id, CreatedAt: at, Actor: record.Actor{Kind: record.ActorMachine, Name: "test"},
		Original: record.Original{SHA256: sha, Size: size, Name: "r.jpg", MediaType: "image/jpeg", ReceivedAt: at},
		Status:   record.StatusNeedsReview,
		Findings: []record.Finding{{Code: "low_confidence", Field: "total", Message: "total unclear"}},
		Fields: record.Fields{
			IssuerName: &record.Field{Value: "株式会社テスト", Confidence: 0.9},
			IssueDate:  &record.Field{Value: "2024-03-28", Confidence: 0.9},
			Total:      &record.Field{Value: "1000", Confidence: 0.4},
		},
	}
	if err := retention.DefaultPolicy().Apply(nil, v); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendVersion(ctx, v); err != nil {
		t.Fatal(err)
	}
	return id
}

// correctThenDelete is the acceptance scenario of row 5, on any bucket.
func correctThenDelete(t *testing.T, s *docstore.Store) {
	ctx := t.Context()
	now := time.Date(2024, 4, 5, 3, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	s.SetPolicy(retention.DefaultPolicy())
	id := seed(t, s, "receipt "+t.Name())

	v2, ref, err := s.Correct(ctx, id, clerk, "total misread", map[string]string{"total": "1100", "voucher_number": "J-2024-0042"})
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 || ref.Key != docstore.VersionKey(id, 2) || len(ref.SHA256) != 64 {
		t.Errorf("v2 %d, ref %+v", v2.Version, ref)
	}
	want := []record.Change{{Field: "total", Old: "1000", New: "1100"}, {Field: "voucher_number", Old: "", New: "J-2024-0042"}}
	if len(v2.Changes) != 2 || v2.Changes[0] != want[0] || v2.Changes[1] != want[1] {
		t.Errorf("changes %+v", v2.Changes)
	}
	if v2.Status != record.StatusReady || len(v2.Findings) != 0 || !v2.CreatedAt.Equal(now) {
		t.Errorf("v2 status %s findings %v at %v", v2.Status, v2.Findings, v2.CreatedAt)
	}
	if err := s.Lock(ctx, id, v2.Archival.RetainUntil); err != nil {
		t.Fatal(err)
	}

	if _, _, err := s.Correct(ctx, id, clerk, "same", map[string]string{"total": "1100"}); !errors.Is(err, docstore.ErrNoChange) {
		t.Errorf("no-op correction: %v", err)
	}
	now = now.Add(time.Hour)
	d, _, err := s.Delete(ctx, id, clerk, "duplicate of another invoice")
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != 2 || d.VersionSHA256 != ref.SHA256 {
		t.Errorf("deletion marker %+v", d)
	}
	if _, _, err := s.Delete(ctx, id, clerk, "again"); !errors.Is(err, docstore.ErrDeleted) {
		t.Errorf("second deletion: %v", err)
	}
	if _, _, err := s.Correct(ctx, id, clerk, "after deletion", map[string]string{"total": "1"}); !errors.Is(err, docstore.ErrDeleted) {
		t.Errorf("correction after deletion: %v", err)
	}

	h, err := s.History(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Versions) != 2 || h.Versions[0].Version.Fields.Total.Value != "1000" || h.Versions[1].Version.Fields.Total.Value != "1100" {
		t.Fatalf("history versions %+v", h.Versions)
	}
	if h.Versions[1].Version.Previous != h.Versions[0].SHA256 {
		t.Error("v2 does not chain to v1")
	}
	if h.Deletion == nil || h.Deletion.Reason != "duplicate of another invoice" || len(h.Receipts) != 1 {
		t.Errorf("history deletion %+v receipts %d", h.Deletion, len(h.Receipts))
	}
	sum, err := s.Summarize(ctx, id)
	if err != nil || !sum.Deleted || sum.LatestVersion != 2 {
		t.Errorf("summary %+v %v", sum, err)
	}
	// The original is still there, byte for byte.
	if err := storage.NewArchive(s.Bucket()).VerifyOriginal(ctx, h.Receipts[0].SHA256); err != nil {
		t.Errorf("original after deletion: %v", err)
	}
	// With object lock, nothing of the document can be removed.
	if _, ok := s.Bucket().Locker(); ok {
		for _, key := range []string{storage.OriginalKey(h.Receipts[0].SHA256), docstore.VersionKey(id, 1), docstore.VersionKey(id, 2)} {
			if err := s.Bucket().Delete(ctx, key); !errors.Is(err, storage.ErrLocked) {
				t.Errorf("delete %s: %v, want ErrLocked", key, err)
			}
		}
	}
}

func TestCorrectThenDeleteLocal(t *testing.T) {
	s, _ := newStore(t)
	correctThenDelete(t, s)
}

// TestCorrectThenDeleteMinIO runs the scenario on a MinIO bucket created
// with object lock.
func TestCorrectThenDeleteMinIO(t *testing.T) {
	srv := testutil.StartMinIO(t, testutil.MinIOOptions{})
	b := make([]byte, 6)
	rand.Read(b)
	d, err := storage.NewS3(t.Context(), storage.S3Config{
		Endpoint: srv.Endpoint, AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, Region: srv.Region,
		Bucket: "archive-" + hex.EncodeToString(b), ObjectLock: true, DefaultRetentionDays: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.EnsureBucket(t.Context()); err != nil {
		t.Fatal(err)
	}
	correctThenDelete(t, docstore.New(storage.NewBucket(d)))
}

func TestCorrectRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	id := seed(t, s, "bad input")
	cases := []struct {
		actor  record.Actor
		reason string
		set    map[string]string
	}{
		{record.Actor{Kind: record.ActorMachine, Name: "x"}, "r", map[string]string{"total": "1"}},
		{clerk, "", map[string]string{"total": "1"}},
		{clerk, "r", nil},
		{clerk, "r", map[string]string{"total": "¥1,100"}},
		{clerk, "r", map[string]string{"issue_date": "2024/04/01"}},
		{clerk, "r", map[string]string{"registration_number": "T123"}},
		{clerk, "r", map[string]string{"class": "misc"}},
		{clerk, "r", map[string]string{"colour": "red"}},
	}
	for _, c := range cases {
		if _, _, err := s.Correct(ctx, id, c.actor, c.reason, c.set); err == nil {
			t.Errorf("accepted %+v", c)
		}
	}
	if vs, _ := s.Versions(ctx, id); len(vs) != 1 {
		t.Errorf("%d versions after refused corrections", len(vs))
	}
	// Clearing a field and correcting the class are corrections too.
	v, _, err := s.Correct(ctx, id, clerk, "general document", map[string]string{"class": "general", "issuer_name": ""})
	if err != nil {
		t.Fatal(err)
	}
	if v.Fields.IssuerName != nil || v.Archival.Class != record.ClassGeneral {
		t.Errorf("v2 %+v %+v", v.Fields.IssuerName, v.Archival)
	}
}
