// Package storagetest is the conformance suite every storage.Driver must
// pass. One suite, run against each backend (a local directory, MinIO,
// versitygw), is what makes the drivers interchangeable: the portable
// Bucket and Archive are tested over each of them too, since their
// guarantees depend on the driver's.
package storagetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/storage"
)

// LargeSize is the size of the streaming test object: above minio-go's
// 16 MiB part size, so S3 drivers go through a multipart upload.
const LargeSize = 20 << 20

// Run runs the suite. newDriver must return an empty driver (a fresh
// bucket or directory) for each call; it is called once per subtest.
func Run(t *testing.T, newDriver func(t *testing.T) storage.Driver) {
	tests := []struct {
		name string
		fn   func(t *testing.T, d storage.Driver)
	}{
		{"RoundTrip", testRoundTrip},
		{"CreateOnly", testCreateOnly},
		{"NotFound", testNotFound},
		{"ListOrder", testListOrder},
		{"ListStop", testListStop},
		{"Large", testLarge},
		{"ConcurrentCreate", testConcurrentCreate},
		{"Delete", testDelete},
		{"Cancel", testCancel},
		{"Bucket/SizeMismatch", testBucketSize},
		{"Bucket/JSON", testBucketJSON},
		{"Archive/RoundTrip", testArchiveRoundTrip},
		{"Archive/Limit", testArchiveLimit},
		{"Archive/Corrupt", testArchiveCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newDriver(t))
		})
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func create(t *testing.T, d storage.Driver, key, content string) {
	t.Helper()
	err := d.Create(ctxT(t), key, strings.NewReader(content), int64(len(content)), "text/plain")
	if err != nil {
		t.Fatalf("Create(%q): %v", key, err)
	}
}

func read(t *testing.T, d storage.Driver, key string) string {
	t.Helper()
	rc, err := d.Open(ctxT(t), key)
	if err != nil {
		t.Fatalf("Open(%q): %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return string(b)
}

func listKeys(t *testing.T, d storage.Driver, prefix string) []string {
	t.Helper()
	keys := []string{}
	err := d.List(ctxT(t), prefix, func(i storage.Info) error {
		keys = append(keys, i.Key)
		return nil
	})
	if err != nil {
		t.Fatalf("List(%q): %v", prefix, err)
	}
	return keys
}

func testRoundTrip(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	const key, content, ctype = "docs/2026/請求書.txt", "株式会社サンプル 合計 ¥12,345\n", "text/plain; charset=utf-8"
	before := time.Now().Add(-time.Minute) // server clocks may lag a little
	if err := d.Create(ctx, key, strings.NewReader(content), int64(len(content)), ctype); err != nil {
		t.Fatalf("Create: %v", err)
	}
	if got := read(t, d, key); got != content {
		t.Errorf("content = %q, want %q", got, content)
	}
	info, err := d.Stat(ctx, key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if info.Key != key || info.Size != int64(len(content)) || info.ContentType != ctype {
		t.Errorf("Stat = %+v, want key %q size %d type %q", info, key, len(content), ctype)
	}
	if info.ModTime.Before(before) || info.ModTime.After(time.Now().Add(time.Minute)) {
		t.Errorf("ModTime %v is not about now", info.ModTime)
	}
	// An empty object is a valid object.
	create(t, d, "docs/empty", "")
	if got := read(t, d, "docs/empty"); got != "" {
		t.Errorf("empty object reads %q", got)
	}
}

func testCreateOnly(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	create(t, d, "once/k", "first")
	err := d.Create(ctx, "once/k", strings.NewReader("second!"), 7, "text/plain")
	if !errors.Is(err, storage.ErrExists) {
		t.Fatalf("second Create: %v, want ErrExists", err)
	}
	if got := read(t, d, "once/k"); got != "first" {
		t.Errorf("content after refused create = %q, want %q", got, "first")
	}
	if keys := listKeys(t, d, "once/"); !slices.Equal(keys, []string{"once/k"}) {
		t.Errorf("List after refused create = %q (a temporary object leaked?)", keys)
	}
}

func testNotFound(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	if _, err := d.Open(ctx, "missing/k"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Open missing: %v, want ErrNotFound", err)
	}
	if _, err := d.Stat(ctx, "missing/k"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Stat missing: %v, want ErrNotFound", err)
	}
	create(t, d, "present/k", "x")
	// A prefix of an existing key is not itself an object.
	if _, err := d.Stat(ctx, "present"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Stat of a key prefix: %v, want ErrNotFound", err)
	}
	if keys := listKeys(t, d, "missing/"); len(keys) != 0 {
		t.Errorf("List of empty prefix = %q", keys)
	}
}

// listKeysSet has the traps of lexical order: "a-b" (0x2d) and "a.txt"
// (0x2e) sort before "a/x" (0x2f), "a0" after; multi-byte UTF-8; spaces.
var listKeysSet = []string{
	"list/a/x",
	"list/a-b",
	"list/a.txt",
	"list/a0",
	"list/B",
	"list/b",
	"list/日本語/請求書 1.pdf",
	"list/日本語/領収書.pdf",
	"list/日本/x",
	"list/space dir/x y.txt",
	"list/z/z/z/deep",
	"lister/other",
	"li",
}

func testListOrder(t *testing.T, d storage.Driver) {
	shuffled := slices.Clone(listKeysSet)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) {
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	})
	for _, k := range shuffled {
		create(t, d, k, "content of "+k)
	}
	for _, prefix := range []string{"", "l", "list/", "list/a", "list/a/", "list/日本", "list/日本語/", "list/space ", "list/z/z/", "nothing"} {
		var want []string
		for _, k := range listKeysSet {
			if strings.HasPrefix(k, prefix) {
				want = append(want, k)
			}
		}
		slices.Sort(want) // Go compares strings bytewise, as S3 does
		got := listKeys(t, d, prefix)
		if !slices.Equal(got, want) {
			t.Errorf("List(%q) =\n%q\nwant\n%q", prefix, got, want)
		}
	}
	err := d.List(ctxT(t), "list/日本語/", func(i storage.Info) error {
		if want := int64(len("content of " + i.Key)); i.Size != want {
			t.Errorf("List size of %q = %d, want %d", i.Key, i.Size, want)
		}
		if i.ContentType != "" || i.ModTime.IsZero() {
			t.Errorf("List info %+v: want a ModTime and no ContentType (see Driver.List)", i)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testListStop(t *testing.T, d storage.Driver) {
	for i := range 5 {
		create(t, d, "stop/"+string(rune('a'+i)), "x")
	}
	stop := errors.New("enough")
	calls := 0
	err := d.List(ctxT(t), "stop/", func(storage.Info) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Errorf("List stopped by fn: err %v after %d calls, want %v after 2", err, calls, stop)
	}
}

// testLarge streams an object that is never held in memory whole.
func testLarge(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	src := sha256.New()
	r := io.TeeReader(io.LimitReader(rand.NewChaCha8([32]byte{7}), LargeSize), src)
	if err := d.Create(ctx, "large/blob", r, LargeSize, "application/octet-stream"); err != nil {
		t.Fatalf("Create large: %v", err)
	}
	rc, err := d.Open(ctx, "large/blob")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	dst := sha256.New()
	n, err := io.Copy(dst, rc)
	if err != nil {
		t.Fatalf("read large: %v", err)
	}
	if n != LargeSize || !bytes.Equal(src.Sum(nil), dst.Sum(nil)) {
		t.Errorf("read %d bytes, hash equal %v; want %d bytes, equal hash", n, bytes.Equal(src.Sum(nil), dst.Sum(nil)), LargeSize)
	}
	if info, err := d.Stat(ctx, "large/blob"); err != nil || info.Size != LargeSize {
		t.Errorf("Stat large = %+v, %v", info, err)
	}
	// Create-only must hold for multipart uploads too.
	err = d.Create(ctx, "large/blob", io.LimitReader(rand.NewChaCha8([32]byte{8}), LargeSize), LargeSize, "")
	if !errors.Is(err, storage.ErrExists) {
		t.Errorf("second large Create: %v, want ErrExists", err)
	}
}

func testConcurrentCreate(t *testing.T, d storage.Driver) {
	const writers = 8
	ctx := ctxT(t)
	errs := make([]error, writers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range writers {
		wg.Go(func() {
			content := strings.Repeat(string(rune('A'+i)), 64<<10)
			<-start
			errs[i] = d.Create(ctx, "race/k", strings.NewReader(content), int64(len(content)), "")
		})
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("writers %d and %d both succeeded", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, storage.ErrExists):
			t.Errorf("writer %d: %v, want nil or ErrExists", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no writer succeeded")
	}
	want := strings.Repeat(string(rune('A'+winner)), 64<<10)
	if got := read(t, d, "race/k"); got != want {
		t.Errorf("stored content is not the winner's (%d bytes starting %q)", len(got), got[:min(len(got), 4)])
	}
}

func testDelete(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	create(t, d, "del/k", "x")
	for i := range 2 { // the second delete finds nothing: still fine
		if err := d.Delete(ctx, "del/k"); err != nil {
			t.Fatalf("Delete #%d: %v", i+1, err)
		}
	}
	if _, err := d.Stat(ctx, "del/k"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Stat after Delete: %v, want ErrNotFound", err)
	}
	if err := d.Delete(ctx, "never/was"); err != nil {
		t.Errorf("Delete of a key never written: %v", err)
	}
	if keys := listKeys(t, d, "del/"); len(keys) != 0 {
		t.Errorf("List after Delete = %q", keys)
	}
}

// cancelReader cancels its context after n bytes, like a client that
// hangs up in the middle of an upload.
type cancelReader struct {
	r      io.Reader
	n      int64
	cancel context.CancelFunc
}

func (c *cancelReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		c.cancel()
		time.Sleep(10 * time.Millisecond) // let the transport see it
	}
	n, err := c.r.Read(p)
	c.n -= int64(n)
	return n, err
}

func testCancel(t *testing.T, d storage.Driver) {
	create(t, d, "cancel/existing", "x")
	done, cancel := context.WithCancel(t.Context())
	cancel()
	if err := d.Create(done, "cancel/new", strings.NewReader("x"), 1, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("Create with cancelled context: %v, want context.Canceled", err)
	}
	if _, err := d.Open(done, "cancel/existing"); !errors.Is(err, context.Canceled) {
		t.Errorf("Open with cancelled context: %v, want context.Canceled", err)
	}
	if _, err := d.Stat(done, "cancel/existing"); !errors.Is(err, context.Canceled) {
		t.Errorf("Stat with cancelled context: %v, want context.Canceled", err)
	}
	if err := d.List(done, "", func(storage.Info) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("List with cancelled context: %v, want context.Canceled", err)
	}

	// Cancelled halfway: the upload fails and leaves no object behind.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	const size = 8 << 20
	r := &cancelReader{r: io.LimitReader(rand.NewChaCha8([32]byte{9}), size), n: 1 << 20, cancel: cancel}
	if err := d.Create(ctx, "cancel/half", r, size, ""); err == nil {
		t.Error("Create cancelled halfway succeeded")
	}
	if _, err := d.Stat(ctxT(t), "cancel/half"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Stat after cancelled Create: %v, want ErrNotFound", err)
	}
	if keys := listKeys(t, d, "cancel/"); !slices.Equal(keys, []string{"cancel/existing"}) {
		t.Errorf("List after cancelled Create = %q", keys)
	}
}
