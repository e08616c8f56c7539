package pipeline

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/ocr"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/testutil"
)

// fixedClock makes every timestamp of a run deterministic.
func fixedClock() time.Time { return time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC) }

type harness struct {
	p     *Pipeline
	inbox string
	idx   *index.Index
}

// newHarness wires a pipeline over local storage, a real Redis, the real
// OCR engine and extractor, and a real index.
func newHarness(t *testing.T) *harness {
	t.Helper()
	testutil.FindBinary(t, "tesseract", "")
	dir := t.TempDir()
	inbox, err := storage.NewLocal(filepath.Join(dir, "inbox"))
	if err != nil {
		t.Fatal(err)
	}
	archive, err := storage.NewLocal(filepath.Join(dir, "archive"))
	if err != nil {
		t.Fatal(err)
	}
	opt, err := asynq.ParseRedisURI(testutil.StartRedis(t))
	if err != nil {
		t.Fatal(err)
	}
	client := asynq.NewClient(opt)
	t.Cleanup(func() { client.Close() })
	engine, err := ocr.New(ocr.Config{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(engine.Close)
	idx, err := index.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	ab := storage.NewBucket(archive)
	return &harness{
		inbox: filepath.Join(dir, "inbox"),
		idx:   idx,
		p: &Pipeline{
			Inbox: storage.NewBucket(inbox), Originals: storage.NewArchive(ab), Docs: docstore.New(ab),
			OCR: engine, Extract: extract.Stage{Now: fixedClock}, Index: idx, Queue: client,
			Now: fixedClock, MaxBytes: 10 << 20, MaxRetry: 3, Machine: "test",
			Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		},
	}
}

func (h *harness) drop(t *testing.T, name string, b []byte) {
	t.Helper()
	p := filepath.Join(h.inbox, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func task(typ string, v any) *asynq.Task {
	b, _ := json.Marshal(v)
	return asynq.NewTask(typ, b)
}

// twice runs a step two times, as a retry after a crash would.
func twice(t *testing.T, name string, fn func(context.Context, *asynq.Task) error, tk *asynq.Task) {
	t.Helper()
	for i := range 2 {
		if err := fn(context.Background(), tk); err != nil {
			t.Fatalf("%s run %d: %v", name, i+1, err)
		}
	}
}

// TestStepsAreIdempotent runs every step twice and checks storage holds
// exactly one of everything.
func TestStepsAreIdempotent(t *testing.T) {
	h := newHarness(t)
	img, err := os.ReadFile("../testdata/samples/004.png")
	if err != nil {
		t.Fatal(err)
	}
	h.drop(t, "receipt.png", img)
	ctx := context.Background()
	info, err := h.p.Inbox.Stat(ctx, "receipt.png")
	if err != nil {
		t.Fatal(err)
	}
	// Two intake runs of the same object, as after a crash before delete.
	// The second finds the object gone and does nothing.
	twice(t, "intake", h.p.handleIntake, task(TypeIntake, keyPayload{Key: info.Key}))
	var id string
	err = h.p.Docs.Scan(ctx, func(s docstore.Summary) error { id = s.ID; return nil })
	if err != nil || id == "" {
		t.Fatalf("no document after intake: %v", err)
	}
	twice(t, "ocr", h.p.handleOCR, task(TypeOCR, docPayload{DocID: id}))
	twice(t, "extract", h.p.handleExtract, task(TypeExtract, docPayload{DocID: id}))
	twice(t, "index", h.p.handleIndex, task(TypeIndex, docPayload{DocID: id}))

	sum, err := h.p.Docs.Summarize(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Receipts != 1 || !sum.HasOCR || sum.LatestVersion != 1 || sum.Quarantined {
		t.Fatalf("after every step twice: %+v, want 1 receipt, OCR, 1 version", sum)
	}
	v, err := h.p.Docs.Latest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if v.Actor.Kind != record.ActorMachine || !v.CreatedAt.Equal(fixedClock()) || v.Original.Name != "receipt.png" {
		t.Errorf("version 1: %+v", v)
	}
	if v.Fields.Total == nil {
		t.Errorf("no total read from the sample receipt")
	}
	if n, _ := h.idx.Count(); n != 1 {
		t.Errorf("index holds %d entries, want 1", n)
	}
	// The same content dropped again under another name: one document,
	// two arrivals.
	h.drop(t, "again/receipt-copy.png", img)
	twice(t, "intake", h.p.handleIntake, task(TypeIntake, keyPayload{Key: "again/receipt-copy.png"}))
	if sum, _ = h.p.Docs.Summarize(ctx, id); sum.Receipts != 2 || sum.LatestVersion != 1 {
		t.Errorf("after a duplicate drop: %+v, want 2 receipts and still 1 version", sum)
	}
}

// TestPermanentFaultQuarantines: an unreadable file is quarantined with a
// reason people can act on, indexed as such, and its original is kept.
func TestPermanentFaultQuarantines(t *testing.T) {
	h := newHarness(t)
	h.drop(t, "notes.pdf", []byte("just some text, not a PDF\n"))
	ctx := context.Background()
	if err := h.p.handleIntake(ctx, task(TypeIntake, keyPayload{Key: "notes.pdf"})); err != nil {
		t.Fatal(err)
	}
	var id string
	_ = h.p.Docs.Scan(ctx, func(s docstore.Summary) error { id = s.ID; return nil })
	if err := h.p.handleOCR(ctx, task(TypeOCR, docPayload{DocID: id})); err != nil {
		t.Fatalf("a permanent fault must not be retried: %v", err)
	}
	q, err := h.p.Docs.QuarantineOf(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if q.Stage != "ocr" || !strings.Contains(strings.ToLower(q.Reason), "text") {
		t.Errorf("quarantine note %+v should say it is a text file", q)
	}
	e, err := h.p.Entry(ctx, id)
	if err != nil || e.Status != record.StatusQuarantined || e.Reason == "" {
		t.Errorf("index entry %+v (%v)", e, err)
	}
	rs, _ := h.p.Docs.Receipts(ctx, id)
	if err := h.p.Originals.VerifyOriginal(ctx, rs[0].SHA256); err != nil {
		t.Errorf("the original of a quarantined document must be kept intact: %v", err)
	}
}

// TestOversizeFileMovesToInboxQuarantine: a file over the limit is not
// archived but moved aside with its reason, never lost.
func TestOversizeFileMovesToInboxQuarantine(t *testing.T) {
	h := newHarness(t)
	h.p.MaxBytes = 100
	h.drop(t, "big.jpg", make([]byte, 101))
	ctx := context.Background()
	if err := h.p.handleIntake(ctx, task(TypeIntake, keyPayload{Key: "big.jpg"})); err != nil {
		t.Fatal(err)
	}
	var keys []string
	_ = h.p.Inbox.List(ctx, "", func(i storage.Info) error { keys = append(keys, i.Key); return nil })
	if len(keys) != 2 || !strings.HasPrefix(keys[0], InboxQuarantine) || !strings.HasSuffix(keys[1], ".reason.txt") {
		t.Fatalf("inbox after an oversize file: %v", keys)
	}
	rc, err := h.p.Inbox.Open(ctx, keys[1])
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if !strings.Contains(string(b), "larger than the limit") {
		t.Errorf("reason: %s", b)
	}
}

func TestRetryDelay(t *testing.T) {
	if d := RetryDelay(5, asynq.ErrLeaseExpired, nil); d != time.Second {
		t.Errorf("lease expired: %v, want 1s", d)
	}
	for n, want := range map[int][2]time.Duration{0: {time.Second, 1500 * time.Millisecond}, 3: {8 * time.Second, 12 * time.Second}, 30: {5 * time.Minute, 5 * time.Minute}} {
		d := RetryDelay(n, io.ErrUnexpectedEOF, nil)
		if d < want[0] || d > want[1] {
			t.Errorf("retry %d: %v, want within %v", n, d, want)
		}
	}
}
