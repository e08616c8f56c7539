package verify_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/retention"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/testutil"
)

// clock is an injected clock stepping one millisecond per reading, so
// every event and version has its own time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

var (
	machine = audit.Actor{Kind: record.ActorMachine, Name: "shohyo-test"}
	clerk   = record.Actor{Kind: record.ActorPerson, Name: "clerk"}
)

// archive writes documents the way the pipeline does, in its write order
// (original → receipt → OCR result → version 1), with an audit event
// carrying each object's hash after each write, and the retention lock.
type archive struct {
	b      *storage.Bucket
	docs   *docstore.Store
	log    *audit.Log
	clock  *clock
	policy *retention.Policy
	lock   bool // apply retain_until to every object (slow on S3)
}

func newArchive(t *testing.T, b *storage.Bucket, lock bool) *archive {
	c := &clock{t: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)}
	docs := docstore.New(b)
	docs.SetClock(c.Now)
	p := retention.DefaultPolicy()
	docs.SetPolicy(p)
	return &archive{b: b, docs: docs, log: audit.NewLog(b, audit.Options{Now: c.Now}), clock: c, policy: p, lock: lock}
}

func (a *archive) event(ctx context.Context, typ, id string, ref docstore.Ref) error {
	_, err := a.log.Append(ctx, audit.Event{Type: typ, Actor: machine, DocID: id, Object: ref.Key, SHA256: ref.SHA256})
	return err
}

// add stores document i with an original of size bytes.
func (a *archive) add(ctx context.Context, i, size int) (string, error) {
	content := make([]byte, size)
	rand.Read(content)
	copy(content, fmt.Sprintf("scan %06d ", i))
	sha, n, err := storage.NewArchive(a.b).PutOriginal(ctx, bytes.NewReader(content), 1<<30)
	if err != nil {
		return "", err
	}
	id := record.DocID(sha)
	if err := a.event(ctx, audit.Stored, id, docstore.Ref{Key: storage.OriginalKey(sha), SHA256: sha}); err != nil {
		return "", err
	}
	at := a.clock.Now()
	rid := docstore.ReceiptID(fmt.Sprintf("inbox/%d.jpg", i), at)
	r := docstore.Receipt{DocID: id, SHA256: sha, Size: n, Name: fmt.Sprintf("%d.jpg", i), MediaType: "image/jpeg", Source: fmt.Sprintf("inbox/%d.jpg", i), Via: "inbox", ReceivedAt: at}
	if err := a.docs.AddReceipt(ctx, r, rid); err != nil {
		return "", err
	}
	steps := []struct {
		typ   string
		key   string
		write func() error
	}{
		{audit.Received, docstore.ReceiptKey(id, rid), func() error { return nil }},
		{audit.OCRDone, docstore.OCRKey(id), func() error {
			return a.docs.PutOCR(ctx, id, &layout.Document{Engine: "test", Pages: []layout.Page{{Number: 1, Source: "image"}}})
		}},
	}
	for _, s := range steps {
		if err := s.write(); err != nil {
			return "", err
		}
		ref, err := a.docs.Ref(ctx, s.key)
		if err != nil {
			return "", err
		}
		if err := a.event(ctx, s.typ, id, ref); err != nil {
			return "", err
		}
	}
	v := &record.Version{
		DocID: id, CreatedAt: a.clock.Now(), Actor: record.Actor{Kind: record.ActorMachine, Name: "shohyo-test"},
		Original: record.Original{SHA256: sha, Size: n, Name: r.Name, MediaType: r.MediaType, ReceivedAt: at},
		Status:   record.StatusReady,
		Fields: record.Fields{
			IssuerName: &record.Field{Value: fmt.Sprintf("取引先%03d", i%500), Confidence: 0.9},
			IssueDate:  &record.Field{Value: "2024-03-28", Confidence: 0.9},
			Total:      &record.Field{Value: fmt.Sprint(1000 + i), Confidence: 0.9},
		},
	}
	if err := a.policy.Apply(nil, v); err != nil {
		return "", err
	}
	ref, err := a.docs.AppendVersionRef(ctx, v)
	if err != nil {
		return "", err
	}
	if err := a.event(ctx, audit.Extracted, id, ref); err != nil {
		return "", err
	}
	if a.lock {
		if err := a.docs.Lock(ctx, id, v.Archival.RetainUntil); err != nil {
			return "", err
		}
	}
	return id, nil
}

// addMany stores n documents with 8 writers, as several workers would.
func (a *archive) addMany(t testing.TB, n, size int) []string {
	t.Helper()
	ids := make([]string, n)
	errs := make([]error, n)
	work := make(chan int)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range work {
				ids[i], errs[i] = a.add(context.Background(), i, size)
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// correct and remove go through docstore like the API, with events.
func (a *archive) correct(t testing.TB, id string, set map[string]string) docstore.Ref {
	t.Helper()
	ctx := context.Background()
	_, ref, err := a.docs.Correct(ctx, id, clerk, "misread", set)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.log.Append(ctx, audit.Event{Type: audit.Corrected, Actor: audit.Actor{Kind: clerk.Kind, Name: clerk.Name}, DocID: id, Object: ref.Key, SHA256: ref.SHA256}); err != nil {
		t.Fatal(err)
	}
	return ref
}

func (a *archive) remove(t testing.TB, id string) docstore.Ref {
	t.Helper()
	ctx := context.Background()
	_, ref, err := a.docs.Delete(ctx, id, clerk, "duplicate")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.log.Append(ctx, audit.Event{Type: audit.Deleted, Actor: audit.Actor{Kind: clerk.Kind, Name: clerk.Name}, DocID: id, Object: ref.Key, SHA256: ref.SHA256}); err != nil {
		t.Fatal(err)
	}
	return ref
}

// newLockedMinIO returns a bucket with object lock on a fresh MinIO, and
// the driver for going around shohyo with the root credentials.
func newLockedMinIO(t testing.TB) (*storage.Bucket, *storage.S3) {
	t.Helper()
	srv := testutil.StartMinIO(t, testutil.MinIOOptions{})
	b := make([]byte, 6)
	rand.Read(b)
	d, err := storage.NewS3(context.Background(), storage.S3Config{
		Endpoint: srv.Endpoint, AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, Region: srv.Region,
		Bucket: "archive-" + hex.EncodeToString(b), ObjectLock: true, DefaultRetentionDays: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.EnsureBucket(context.Background()); err != nil {
		t.Fatal(err)
	}
	return storage.NewBucket(d), d
}
