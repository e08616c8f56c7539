package storage_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/storage/storagetest"
	"github.com/shohyo/shohyo/internal/testutil"
)

func TestLocalLocker(t *testing.T) {
	storagetest.RunLocker(t, func(t *testing.T) storage.Driver {
		d, err := storage.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return d
	})
}

// lockedServers starts the S3 servers whose object lock the product
// relies on; versitygw needs its versioning directory for it.
func lockedServers(t *testing.T) []testutil.S3Server {
	t.Helper()
	return []testutil.S3Server{
		testutil.StartMinIO(t, testutil.MinIOOptions{}).S3Server,
		testutil.StartVersityGWVersioned(t),
	}
}

// newLockedS3 returns a driver on a new bucket created with object lock.
func newLockedS3(t *testing.T, srv testutil.S3Server, defaultDays int) *storage.S3 {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	d, err := storage.NewS3(t.Context(), storage.S3Config{
		Endpoint: srv.Endpoint, AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, Region: srv.Region,
		Bucket: "lock-" + hex.EncodeToString(b), ObjectLock: true, DefaultRetentionDays: defaultDays,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.EnsureBucket(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := d.EnsureBucket(t.Context()); err != nil {
		t.Fatalf("second EnsureBucket: %v", err)
	}
	return d
}

func TestS3Locker(t *testing.T) {
	for _, srv := range lockedServers(t) {
		t.Run(srv.Name, func(t *testing.T) {
			storagetest.RunLocker(t, func(t *testing.T) storage.Driver { return newLockedS3(t, srv, 0) })
		})
	}
}

// TestS3LockedBucketConforms runs the general suite on an object-lock
// bucket: versioning must not change what the Driver promises.
func TestS3LockedBucketConforms(t *testing.T) {
	srv := testutil.StartMinIO(t, testutil.MinIOOptions{}).S3Server
	storagetest.Run(t, func(t *testing.T) storage.Driver { return newLockedS3(t, srv, 0) })
}

// TestS3LockRefusesAdmin goes around the driver with the server's root
// credentials, as an administrator would, and checks what object lock in
// COMPLIANCE mode guarantees: no version of a locked object can be removed
// or have its retention shortened, even with governance bypass. What S3
// does allow, a plain PUT (a new version on top) and a plain DELETE (a
// delete marker), leaves the locked version intact and shows up in the
// version listing, which is what verification checks.
func TestS3LockRefusesAdmin(t *testing.T) {
	for _, srv := range lockedServers(t) {
		t.Run(srv.Name, func(t *testing.T) {
			ctx := t.Context()
			d := newLockedS3(t, srv, 1)
			b := storage.NewBucket(d)
			c, bucket, key := d.Client(), d.BucketName(), "originals/0123"
			if err := b.Create(ctx, key, bytes.NewReader([]byte("scan")), 4, ""); err != nil {
				t.Fatal(err)
			}
			if _, err := b.ExtendRetention(ctx, key, time.Now().Add(time.Hour), storage.Compliance); err != nil {
				t.Fatal(err)
			}
			var first string
			b.ListVersions(ctx, key, func(v storage.ObjectVersion) error { first = v.VersionID; return nil })
			if first == "" {
				t.Fatal("no version id in a locked bucket")
			}

			err := c.RemoveObject(ctx, bucket, key, minio.RemoveObjectOptions{VersionID: first, GovernanceBypass: true, ForceDelete: true})
			if err == nil {
				t.Fatal("root removed a locked version")
			}
			soon := time.Now().Add(time.Minute).Truncate(time.Second)
			mode := minio.Compliance
			if err := c.PutObjectRetention(ctx, bucket, key, minio.PutObjectRetentionOptions{Mode: &mode, RetainUntilDate: &soon, GovernanceBypass: true, VersionID: first}); err == nil {
				t.Error("root shortened a COMPLIANCE retention")
			}
			gov := minio.Governance
			later := time.Now().Add(2 * time.Hour).Truncate(time.Second)
			if err := c.PutObjectRetention(ctx, bucket, key, minio.PutObjectRetentionOptions{Mode: &gov, RetainUntilDate: &later, GovernanceBypass: true, VersionID: first}); err == nil {
				t.Error("root weakened COMPLIANCE to GOVERNANCE")
			}

			// A plain overwrite and a plain delete by root.
			_, putErr := c.PutObject(ctx, bucket, key, bytes.NewReader([]byte("SCAN")), 4, minio.PutObjectOptions{})
			delErr := c.RemoveObject(ctx, bucket, key, minio.RemoveObjectOptions{})
			t.Logf("root plain PUT: %v; plain DELETE: %v", putErr, delErr)

			// Whatever the server allowed, the first version is intact and
			// still locked, and every version left can still not be removed.
			obj, err := c.GetObject(ctx, bucket, key, minio.GetObjectOptions{VersionID: first})
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(obj)
			obj.Close()
			if err != nil || string(got) != "scan" {
				t.Errorf("locked version now reads %q, %v", got, err)
			}
			var versions, markers int
			b.ListVersions(ctx, key, func(v storage.ObjectVersion) error {
				if v.DeleteMarker {
					markers++
				} else {
					versions++
				}
				return nil
			})
			if putErr == nil && versions < 2 || delErr == nil && markers == 0 {
				t.Errorf("allowed PUT/DELETE left %d versions and %d delete markers: not visible", versions, markers)
			}
			if err := d.Delete(ctx, key); !errors.Is(err, storage.ErrLocked) {
				t.Errorf("driver Delete after tampering: %v, want ErrLocked", err)
			}
		})
	}
}

// TestS3EnsureBucketRefusesUnlocked: an archive bucket made without object
// lock cannot be used as a locked one (lock cannot be added later).
func TestS3EnsureBucketRefusesUnlocked(t *testing.T) {
	srv := testutil.StartMinIO(t, testutil.MinIOOptions{}).S3Server
	plain := newS3(t, srv)
	d, err := storage.NewS3(t.Context(), storage.S3Config{
		Endpoint: srv.Endpoint, AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, Region: srv.Region,
		Bucket: plain.BucketName(), ObjectLock: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.EnsureBucket(t.Context()); err == nil {
		t.Error("EnsureBucket accepted a bucket without object lock")
	}
}

// TestLocalLockIsSoftware shows the limit the docs state: the local driver
// refuses deletion itself, but the file is an ordinary file.
func TestLocalLockIsSoftware(t *testing.T) {
	root := t.TempDir()
	d, err := storage.NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	b := storage.NewBucket(d)
	ctx := t.Context()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	d.SetClock(func() time.Time { return now })
	if err := b.Create(ctx, "k", bytes.NewReader([]byte("v")), 1, ""); err != nil {
		t.Fatal(err)
	}
	if err := b.SetRetention(ctx, "k", now.AddDate(7, 0, 0), storage.Compliance); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(root, "k")
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm()&0o222 != 0 {
		t.Errorf("locked file is writable: %v %v", fi.Mode(), err)
	}
	if err := b.Delete(ctx, "k"); !errors.Is(err, storage.ErrLocked) {
		t.Errorf("Delete before the date: %v", err)
	}
	now = now.AddDate(7, 0, 0)
	if err := b.Delete(ctx, "k"); err != nil {
		t.Errorf("Delete on the date: %v", err)
	}
}
