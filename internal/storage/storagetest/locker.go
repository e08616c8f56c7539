package storagetest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/storage"
)

// RunLocker is the conformance suite of the storage.Locker capability.
// newDriver must return an empty driver that implements storage.Locker
// (an S3 bucket created with object lock and no default retention, or a
// local directory). The suite waits for a short retention to pass once, so
// it takes a few seconds.
func RunLocker(t *testing.T, newDriver func(t *testing.T) storage.Driver) {
	tests := []struct {
		name string
		fn   func(t *testing.T, d storage.Driver)
	}{
		{"DeleteRefused", testLockDeleteRefused},
		{"ExtendNotShorten", testLockExtendNotShorten},
		{"LegalHold", testLockLegalHold},
		{"Expires", testLockExpires},
		{"Missing", testLockMissing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newDriver(t)
			if _, ok := d.(storage.Locker); !ok {
				t.Fatalf("%T does not implement storage.Locker", d)
			}
			tc.fn(t, d)
		})
	}
}

// testLockDeleteRefused: a locked object can be neither deleted nor
// replaced through the driver, and its content stays.
func testLockDeleteRefused(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	b := storage.NewBucket(d)
	create(t, d, "originals/abc", "original bytes")
	until := time.Now().Add(time.Hour)
	if err := b.SetRetention(ctx, "originals/abc", until, storage.Compliance); err != nil {
		t.Fatalf("SetRetention: %v", err)
	}
	r, err := b.Retention(ctx, "originals/abc")
	if err != nil {
		t.Fatal(err)
	}
	want := until.Truncate(time.Second).Add(time.Second)
	if r.Mode != storage.Compliance || !r.Until.Equal(want) || r.LegalHold {
		t.Errorf("Retention = %+v, want COMPLIANCE until %v", r, want)
	}
	if !r.Locked(time.Now()) {
		t.Error("Locked() is false right after locking")
	}
	if err := b.Delete(ctx, "originals/abc"); !errors.Is(err, storage.ErrLocked) {
		t.Errorf("Delete of a locked object: %v, want ErrLocked", err)
	}
	err = b.Create(ctx, "originals/abc", strings.NewReader("forged bytes!!"), 14, "")
	if !errors.Is(err, storage.ErrExists) {
		t.Errorf("Create over a locked object: %v, want ErrExists", err)
	}
	if got := read(t, d, "originals/abc"); got != "original bytes" {
		t.Errorf("content after refused delete and overwrite: %q", got)
	}
}

func testLockExtendNotShorten(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	b := storage.NewBucket(d)
	create(t, d, "docs/x/versions/000001.json", "{}")
	key := "docs/x/versions/000001.json"
	first := time.Now().Add(time.Hour).Truncate(time.Second)
	if err := b.SetRetention(ctx, key, first, storage.Compliance); err != nil {
		t.Fatal(err)
	}
	later := first.Add(24 * time.Hour)
	if err := b.SetRetention(ctx, key, later, storage.Compliance); err != nil {
		t.Fatalf("extending: %v", err)
	}
	if err := b.SetRetention(ctx, key, first, storage.Compliance); !errors.Is(err, storage.ErrShorten) {
		t.Errorf("shortening: %v, want ErrShorten", err)
	}
	if err := b.SetRetention(ctx, key, later, storage.Governance); err == nil {
		t.Error("weakening COMPLIANCE to GOVERNANCE was accepted")
	}
	r, err := b.Retention(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Until.Equal(later) || r.Mode != storage.Compliance {
		t.Errorf("after a refused shortening: %+v, want COMPLIANCE until %v", r, later)
	}
	// ExtendRetention leaves a longer retention alone instead of failing.
	got, err := b.ExtendRetention(ctx, key, first, storage.Compliance)
	if err != nil || !got.Until.Equal(later) {
		t.Errorf("ExtendRetention to an earlier date: %+v, %v; want unchanged", got, err)
	}
	even := later.Add(time.Hour)
	if got, err := b.ExtendRetention(ctx, key, even, storage.Compliance); err != nil || !got.Until.Equal(even) {
		t.Errorf("ExtendRetention to a later date: %+v, %v", got, err)
	}
}

// testLockLegalHold: a hold blocks deletion with no retention date at all,
// until it is lifted.
func testLockLegalHold(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	b := storage.NewBucket(d)
	create(t, d, "held", "evidence")
	if err := b.SetLegalHold(ctx, "held", true); err != nil {
		t.Fatalf("SetLegalHold: %v", err)
	}
	r, err := b.Retention(ctx, "held")
	if err != nil || !r.LegalHold || !r.Until.IsZero() {
		t.Fatalf("Retention = %+v, %v; want a hold and no date", r, err)
	}
	if err := b.Delete(ctx, "held"); !errors.Is(err, storage.ErrLocked) {
		t.Errorf("Delete under legal hold: %v, want ErrLocked", err)
	}
	if err := b.SetLegalHold(ctx, "held", false); err != nil {
		t.Fatal(err)
	}
	if r, err := b.Retention(ctx, "held"); err != nil || r.LegalHold {
		t.Errorf("after lifting: %+v, %v", r, err)
	}
	if err := b.Delete(ctx, "held"); err != nil {
		t.Errorf("Delete after lifting the hold: %v", err)
	}
	if ok, err := b.Exists(ctx, "held"); ok || err != nil {
		t.Errorf("Exists after delete = %v, %v", ok, err)
	}
}

// testLockExpires: when the retention has passed, deletion works and
// removes the object for good (no delete marker left to look like one).
func testLockExpires(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	b := storage.NewBucket(d)
	create(t, d, "short", "x")
	until := time.Now().Add(2 * time.Second)
	if err := b.SetRetention(ctx, "short", until, storage.Compliance); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(ctx, "short"); !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("Delete before the date: %v, want ErrLocked", err)
	}
	time.Sleep(time.Until(until.Truncate(time.Second).Add(1500 * time.Millisecond)))
	if err := b.Delete(ctx, "short"); err != nil {
		t.Fatalf("Delete after the date: %v", err)
	}
	if ok, err := b.Exists(ctx, "short"); ok || err != nil {
		t.Errorf("Exists after delete = %v, %v", ok, err)
	}
	var left []storage.ObjectVersion
	err := b.ListVersions(ctx, "short", func(v storage.ObjectVersion) error { left = append(left, v); return nil })
	switch {
	case errors.Is(err, storage.ErrUnsupported):
	case err != nil:
		t.Fatal(err)
	case len(left) > 0:
		t.Errorf("versions left after deleting an expired object: %+v", left)
	}
}

func testLockMissing(t *testing.T, d storage.Driver) {
	ctx := ctxT(t)
	b := storage.NewBucket(d)
	if _, err := b.Retention(ctx, "nothing"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Retention of a missing key: %v, want ErrNotFound", err)
	}
	if err := b.SetRetention(ctx, "nothing", time.Now().Add(time.Hour), storage.Compliance); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("SetRetention of a missing key: %v, want ErrNotFound", err)
	}
	if err := b.SetLegalHold(ctx, "nothing", true); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("SetLegalHold of a missing key: %v, want ErrNotFound", err)
	}
	// An object never locked reports no retention and can be deleted.
	create(t, d, "free", "x")
	if r, err := b.Retention(ctx, "free"); err != nil || r.Locked(time.Now()) || r.Mode != "" {
		t.Errorf("Retention of an unlocked object = %+v, %v", r, err)
	}
	if err := b.Delete(ctx, "free"); err != nil {
		t.Errorf("Delete of an unlocked object: %v", err)
	}
}
