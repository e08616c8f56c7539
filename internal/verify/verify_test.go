package verify_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/audit/tsatest"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/verify"
)

// tamperer changes one byte of a stored object directly in the storage,
// bypassing shohyo.
type tamperer func(t *testing.T, key string)

// named returns the problems reported on key.
func named(r *verify.Report, key string) []audit.Problem {
	var out []audit.Problem
	for _, p := range r.Problems {
		if p.Object == key {
			out = append(out, p)
		}
	}
	return out
}

func run(t *testing.T, b *storage.Bucket, a *archive, opts verify.Options) *verify.Report {
	t.Helper()
	opts.Now = func() time.Time { return a.clock.t.Add(time.Hour) } // past the grace period
	r, err := verify.Run(context.Background(), b, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// scenario is the acceptance test of verification on any bucket: a clean
// archive verifies intact; then one byte changed in an original, in a
// record version and in an audit segment is each reported by name.
func scenario(t *testing.T, b *storage.Bucket, lock bool, tamper tamperer) {
	ctx := context.Background()
	a := newArchive(t, b, lock)
	tsa := tsatest.Start(t, a.clock.Now)
	ids := a.addMany(t, 12, 4096)
	a.correct(t, ids[0], map[string]string{"total": "1100"})
	an := &audit.Anchorer{B: b, Now: a.clock.Now, TSA: &audit.TSA{URL: tsa.URL, Roots: tsa.Roots}}
	if _, err := an.Make(ctx); err != nil {
		t.Fatal(err)
	}
	a.correct(t, ids[1], map[string]string{"voucher_number": "J-7"})
	a.remove(t, ids[1])

	clean := run(t, b, a, verify.Options{Roots: tsa.Roots, Retention: lock})
	if !clean.OK || clean.Documents != 12 || clean.Versions != 14 || clean.Deleted != 1 || clean.Originals != 12 || clean.Stamped != 1 {
		t.Fatalf("clean archive: %s\n%v", clean.Summary(), clean.Problems)
	}
	if clean.Unanchored != 2 {
		t.Errorf("unanchored events %d, want 2 (the second correction and the deletion after the anchor)", clean.Unanchored)
	}

	h, err := a.docs.History(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	original := storage.OriginalKey(h.Receipts[0].SHA256)
	v1 := docstore.VersionKey(ids[0], 1) // not the latest: its successor chains to it
	v2 := docstore.VersionKey(ids[1], 2) // the latest: only the audit trail has its hash
	trail, err := audit.ReadTrail(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	segment := trail.Segments[len(trail.Segments)/3].Key
	for _, key := range []string{original, v1, v2, segment} {
		tamper(t, key)
	}
	r := run(t, b, a, verify.Options{Roots: tsa.Roots})
	if r.OK {
		t.Fatal("tampered archive verified intact")
	}
	for _, key := range []string{original, v1, v2, segment} {
		got := named(r, key)
		if len(got) == 0 {
			t.Errorf("%s: changed but not reported; problems:\n%v", key, r.Problems)
		}
		for _, p := range got {
			t.Logf("%s: %s: %s", p.Object, p.Code, p.Message)
		}
	}
	// Verifying only a period that excludes the documents still checks the
	// trail, and reports no document problems.
	r = run(t, b, a, verify.Options{Roots: tsa.Roots, From: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if r.Documents != 0 || len(named(r, original)) != 0 || len(named(r, segment)) == 0 {
		t.Errorf("out-of-range run: %s %v", r.Summary(), r.Problems)
	}
}

// TestVerifyLocal tampers with the files on disk, as an administrator of
// the machine could: the local lock is only software.
func TestVerifyLocal(t *testing.T) {
	dir := t.TempDir()
	d, err := storage.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	scenario(t, storage.NewBucket(d), true, func(t *testing.T, key string) {
		p := filepath.Join(dir, filepath.FromSlash(key))
		if err := os.Chmod(p, 0o600); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		data[flipAt(data)] ^= 0x01
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	})
}

// TestVerifyMinIO tampers with objects through S3 with the root
// credentials, the only way to change bytes in an object-lock bucket: a
// plain PUT of the changed bytes, which adds a version on top of the
// locked one.
func TestVerifyMinIO(t *testing.T) {
	b, d := newLockedMinIO(t)
	scenario(t, b, true, func(t *testing.T, key string) {
		ctx := context.Background()
		obj, err := d.Client().GetObject(ctx, d.BucketName(), key, minio.GetObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(obj)
		obj.Close()
		if err != nil {
			t.Fatal(err)
		}
		data[flipAt(data)] ^= 0x01
		if _, err := d.Client().PutObject(ctx, d.BucketName(), key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{}); err != nil {
			t.Fatalf("root PUT over %s: %v", key, err)
		}
	})
}

// flipAt picks a byte whose change keeps JSON valid when there is JSON:
// a hex digit of the first hash (so the damage is only detectable by
// hashing), else the middle byte.
func flipAt(data []byte) int {
	if i := bytes.Index(data, []byte(`"sha256":"`)); i >= 0 {
		return i + len(`"sha256":"`)
	}
	if i := bytes.Index(data, []byte(`"previous":"`)); i >= 0 {
		return i + len(`"previous":"`)
	}
	if i := strings.Index(string(data), `"value":"`); i >= 0 {
		return i + len(`"value":"`)
	}
	return len(data) / 2
}

// TestVerifyMinIODeleteMarker: a DELETE without a version id, as root,
// "succeeds" on a locked original by adding a delete marker; the data
// stays, but the original no longer reads. Verification reports both.
func TestVerifyMinIODeleteMarker(t *testing.T) {
	b, d := newLockedMinIO(t)
	a := newArchive(t, b, true)
	ids := a.addMany(t, 3, 2048)
	h, err := a.docs.History(context.Background(), ids[2])
	if err != nil {
		t.Fatal(err)
	}
	key := storage.OriginalKey(h.Receipts[0].SHA256)
	if err := d.Client().RemoveObject(context.Background(), d.BucketName(), key, minio.RemoveObjectOptions{}); err != nil {
		t.Fatalf("root DELETE without version id: %v", err)
	}
	r := run(t, b, a, verify.Options{})
	codes := map[string]bool{}
	for _, p := range named(r, key) {
		codes[p.Code] = true
		t.Logf("%s: %s: %s", p.Object, p.Code, p.Message)
	}
	if !codes[audit.CodeMissing] || !codes[audit.CodeVersions] || r.OK {
		t.Errorf("delete marker on %s: problems %v", key, r.Problems)
	}
}
