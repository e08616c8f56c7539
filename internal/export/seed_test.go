package export_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/export"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// archiveEnv is a local archive with documents stored the way the
// pipeline stores them: original, receipt, version 1, audit events.
type archiveEnv struct {
	b    *storage.Bucket
	docs *docstore.Store
	orig *storage.Archive
	log  *audit.Log
	ids  []string
	exp  *export.Exporter
}

var clock = func() time.Time { return time.Date(2025, 6, 30, 9, 0, 0, 0, time.UTC) }

func newArchive(t testing.TB) *archiveEnv {
	t.Helper()
	d, err := storage.NewLocal(filepath.Join(t.TempDir(), "archive"))
	if err != nil {
		t.Fatal(err)
	}
	return newArchiveOn(t, storage.NewBucket(d))
}

// newArchiveOn is newArchive on bucket b.
func newArchiveOn(t testing.TB, b *storage.Bucket) *archiveEnv {
	t.Helper()
	e := &archiveEnv{b: b, docs: docstore.New(b), orig: storage.NewArchive(b),
		log: audit.NewLog(b, audit.Options{Now: clock, Linger: 5 * time.Millisecond})}
	key, err := export.LoadOrCreateKey(filepath.Join(t.TempDir(), "key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	e.exp = &export.Exporter{Docs: e.docs, Originals: e.orig, Archive: b, Key: key, Now: clock, Generator: "test", TempDir: t.TempDir()}
	return e
}

var parties = []string{"株式会社テスト商事", "ACME Trading Co., Ltd.", "有限会社 桜井/食品", "ハッピーマート"}

// seed stores n documents of size bytes each (random, so none repeat),
// 8 at a time.
func (e *archiveEnv) seed(t testing.TB, n, size int) {
	t.Helper()
	ctx := context.Background()
	ids := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 8)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			id, err := e.seedOne(ctx, i, size)
			ids[i] = id
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	e.ids = append(e.ids, ids...)
}

func (e *archiveEnv) seedOne(ctx context.Context, i, size int) (string, error) {
	content := make([]byte, size)
	_, _ = rand.Read(content)
	copy(content, "%PDF-1.7\n")
	sha, sz, err := e.orig.PutOriginal(ctx, bytesReader(content), int64(size)+1)
	if err != nil {
		return "", err
	}
	id := record.DocID(sha)
	at := clock()
	name := fmt.Sprintf("scan-%04d.pdf", i)
	r := docstore.Receipt{DocID: id, SHA256: sha, Size: sz, Name: name, MediaType: "application/pdf", Source: name, Via: "inbox", ReceivedAt: at}
	if err := e.docs.AddReceipt(ctx, r, docstore.ReceiptID(name, at)); err != nil {
		return "", err
	}
	amount, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	v := &record.Version{DocID: id, CreatedAt: at, Actor: record.Actor{Kind: record.ActorMachine, Name: "test"},
		Original: record.Original{SHA256: sha, Size: sz, Name: name, MediaType: "application/pdf", ReceivedAt: at},
		Status:   record.StatusReady,
		Fields: record.Fields{IssuerName: &record.Field{Value: parties[i%len(parties)]}, Total: &record.Field{Value: amount.String()},
			IssueDate: &record.Field{Value: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28)}}}
	ref, err := e.docs.AppendVersionRef(ctx, v)
	if err != nil {
		return "", err
	}
	machine := audit.Actor{Kind: record.ActorMachine, Name: "test"}
	for _, ev := range []audit.Event{
		{Type: audit.Stored, Actor: machine, DocID: id, Object: storage.OriginalKey(sha), SHA256: sha},
		{Type: audit.Extracted, Actor: machine, DocID: id, Object: ref.Key, SHA256: ref.SHA256},
	} {
		if _, err := e.log.Append(ctx, ev); err != nil {
			return "", err
		}
	}
	return id, nil
}
