package storagetest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/storage"
)

// testBucketSize checks that a reader shorter or longer than the declared
// size fails the create and leaves nothing behind, on every driver.
func testBucketSize(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	b := storage.NewBucket(d)
	cases := []struct {
		key     string
		r       io.Reader
		size    int64
		wantErr error
	}{
		{"size/short", strings.NewReader("abc"), 4, io.ErrUnexpectedEOF},
		{"size/long", strings.NewReader("abcde"), 4, nil},
		{"size/failing", iotest.ErrReader(errors.New("disk on fire")), 4, nil},
	}
	for _, c := range cases {
		err := b.Create(ctx, c.key, c.r, c.size, "")
		if err == nil {
			t.Errorf("Create(%s) succeeded", c.key)
		} else if c.wantErr != nil && !errors.Is(err, c.wantErr) {
			t.Errorf("Create(%s): %v, want %v", c.key, err, c.wantErr)
		}
		if ok, err := b.Exists(ctx, c.key); ok || err != nil {
			t.Errorf("Exists(%s) after failed create = %v, %v", c.key, ok, err)
		}
	}
	if err := b.Create(ctx, "size/exact", strings.NewReader("abcd"), 4, ""); err != nil {
		t.Errorf("exact size: %v", err)
	}
	err := b.Create(ctx, "size/exact", strings.NewReader("abcd"), 4, "")
	if !errors.Is(err, storage.ErrExists) || !strings.Contains(err.Error(), "storage: create size/exact: ") {
		t.Errorf("repeated create: %v, want ErrExists with op and key", err)
	}
}

type record struct {
	ID     string `json:"id"`
	Vendor string `json:"vendor"`
	Amount int64  `json:"amount"`
}

func testBucketJSON(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	b := storage.NewBucket(d)
	in := record{ID: "r1", Vendor: "株式会社テスト", Amount: 11000}
	if err := b.CreateJSON(ctx, "records/r1/v1.json", in); err != nil {
		t.Fatal(err)
	}
	var out record
	if err := b.ReadJSON(ctx, "records/r1/v1.json", &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("ReadJSON = %+v, want %+v", out, in)
	}
	if info, err := b.Stat(ctx, "records/r1/v1.json"); err != nil || info.ContentType != "application/json" {
		t.Errorf("Stat = %+v, %v; want content type application/json", info, err)
	}
	if err := b.CreateJSON(ctx, "records/r1/v1.json", in); !errors.Is(err, storage.ErrExists) {
		t.Errorf("CreateJSON again: %v, want ErrExists", err)
	}
	err := b.ReadJSON(ctx, "records/none.json", &out)
	if !errors.Is(err, storage.ErrNotFound) || !strings.Contains(err.Error(), "records/none.json") {
		t.Errorf("ReadJSON missing: %v, want ErrNotFound naming the key", err)
	}
	if ok, err := b.Exists(ctx, "records/none.json"); ok || err != nil {
		t.Errorf("Exists(missing) = %v, %v", ok, err)
	}
	if ok, err := b.Exists(ctx, "records/r1/v1.json"); !ok || err != nil {
		t.Errorf("Exists(present) = %v, %v", ok, err)
	}
	const twoValues = `{"id":"a"} {"id":"b"}`
	if err := b.Create(ctx, "records/two.json", strings.NewReader(twoValues), int64(len(twoValues)), ""); err != nil {
		t.Fatal(err)
	}
	if err := b.ReadJSON(ctx, "records/two.json", &out); err == nil {
		t.Error("ReadJSON accepted two values in one object")
	}
}

func shaOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func readOriginal(t *testing.T, a *storage.Archive, sha string) (string, error) {
	t.Helper()
	rc, err := a.OpenOriginal(ctxT(t), sha)
	if err != nil {
		t.Fatalf("OpenOriginal(%s): %v", sha, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return string(b), err
}

func testArchiveRoundTrip(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	b := storage.NewBucket(d)
	a := storage.NewArchive(b)
	a.TempDir = t.TempDir()
	const content = "%PDF-1.7 invoice bytes"
	sha, size, err := a.PutOriginal(ctx, strings.NewReader(content), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if sha != shaOf(content) || size != int64(len(content)) {
		t.Errorf("PutOriginal = %s, %d; want %s, %d", sha, size, shaOf(content), len(content))
	}
	if info, err := b.Stat(ctx, storage.OriginalKey(sha)); err != nil || info.Size != size {
		t.Errorf("Stat(%s) = %+v, %v", storage.OriginalKey(sha), info, err)
	}
	// Storing the same content again is a no-op that returns the same hash.
	sha2, size2, err := a.PutOriginal(ctx, strings.NewReader(content), 1<<20)
	if err != nil || sha2 != sha || size2 != size {
		t.Errorf("second PutOriginal = %s, %d, %v", sha2, size2, err)
	}
	got, err := readOriginal(t, a, sha)
	if err != nil || got != content {
		t.Errorf("OpenOriginal read %q, %v", got, err)
	}
	if err := a.VerifyOriginal(ctx, sha); err != nil {
		t.Errorf("VerifyOriginal: %v", err)
	}
	if _, err := a.OpenOriginal(ctx, shaOf("never stored")); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("OpenOriginal(missing): %v, want ErrNotFound", err)
	}
	for _, bad := range []string{"", "../etc/passwd", strings.ToUpper(sha), sha[:63]} {
		if _, err := a.OpenOriginal(ctx, bad); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("OpenOriginal(%q): %v, want ErrBadKey", bad, err)
		}
	}
	// Spool files are removed whatever the outcome.
	if left := listDir(t, a.TempDir); len(left) != 0 {
		t.Errorf("spool files left behind: %q", left)
	}
}

func testArchiveLimit(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	b := storage.NewBucket(d)
	a := storage.NewArchive(b)
	a.TempDir = t.TempDir()
	_, _, err := a.PutOriginal(ctx, strings.NewReader(strings.Repeat("x", 1001)), 1000)
	if !fault.IsPermanent(err) {
		t.Errorf("PutOriginal over the limit: %v, want a permanent error", err)
	}
	if _, size, err := a.PutOriginal(ctx, strings.NewReader(strings.Repeat("x", 1000)), 1000); err != nil || size != 1000 {
		t.Errorf("PutOriginal at the limit: %d, %v", size, err)
	}
	var keys []string
	b.List(ctx, "originals/", func(i storage.Info) error { keys = append(keys, i.Key); return nil })
	if len(keys) != 1 || keys[0] != storage.OriginalKey(shaOf(strings.Repeat("x", 1000))) {
		t.Errorf("originals after one refused and one stored put: %q", keys)
	}
	if left := listDir(t, a.TempDir); len(left) != 0 {
		t.Errorf("spool files left behind: %q", left)
	}
}

// testArchiveCorrupt stores wrong bytes under an original's key through
// the driver, as bit rot or a buggy tool would, and expects every read
// path to notice.
func testArchiveCorrupt(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	b := storage.NewBucket(d)
	a := storage.NewArchive(b)
	a.TempDir = t.TempDir()
	const good, rotten = "original receipt", "original rec3ipt" // same length
	sha := shaOf(good)
	if err := d.Create(ctx, storage.OriginalKey(sha), strings.NewReader(rotten), int64(len(rotten)), ""); err != nil {
		t.Fatal(err)
	}
	got, err := readOriginal(t, a, sha)
	if !errors.Is(err, storage.ErrCorrupt) {
		t.Errorf("reading a corrupt original: %v, want ErrCorrupt", err)
	}
	if got != rotten {
		t.Errorf("bytes before the error = %q", got) // streamed, then flagged at EOF
	}
	if err := a.VerifyOriginal(ctx, sha); !errors.Is(err, storage.ErrCorrupt) {
		t.Errorf("VerifyOriginal: %v, want ErrCorrupt", err)
	}

	// A stored object whose size differs from the content is reported
	// on write as well.
	const other = "another receipt"
	osha := shaOf(other)
	if err := d.Create(ctx, storage.OriginalKey(osha), strings.NewReader("truncated"), 9, ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.PutOriginal(ctx, strings.NewReader(other), 1<<20); !errors.Is(err, storage.ErrCorrupt) {
		t.Errorf("PutOriginal over a damaged object: %v, want ErrCorrupt", err)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
