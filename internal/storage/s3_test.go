package storage_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/storage/storagetest"
	"github.com/shohyo/shohyo/internal/testutil"
)

// s3Servers starts every S3 implementation the product must work with.
func s3Servers(t *testing.T) []testutil.S3Server {
	t.Helper()
	return []testutil.S3Server{
		testutil.StartMinIO(t, testutil.MinIOOptions{}).S3Server,
		testutil.StartVersityGW(t),
	}
}

// newS3 returns a driver on a new, empty bucket of srv.
func newS3(t *testing.T, srv testutil.S3Server) *storage.S3 {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	d, err := storage.NewS3(t.Context(), storage.S3Config{
		Endpoint:  srv.Endpoint,
		AccessKey: srv.AccessKey,
		SecretKey: srv.SecretKey,
		Region:    srv.Region,
		Bucket:    "test-" + hex.EncodeToString(b),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.EnsureBucket(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := d.EnsureBucket(t.Context()); err != nil { // idempotent
		t.Fatalf("second EnsureBucket: %v", err)
	}
	return d
}

func TestS3(t *testing.T) {
	for _, srv := range s3Servers(t) {
		t.Run(srv.Name, func(t *testing.T) {
			storagetest.Run(t, func(t *testing.T) storage.Driver { return newS3(t, srv) })
		})
	}
}

// TestS3ConditionalPut asks each server directly, without the driver's
// Stat in front, whether it honours If-None-Match: * on a single PUT, the
// only way the driver uploads; its create-only guarantee under races
// rests on this. It also records, without asserting, what a minio-go
// multipart upload does, which is why the driver never uses one.
func TestS3ConditionalPut(t *testing.T) {
	for _, srv := range s3Servers(t) {
		t.Run(srv.Name, func(t *testing.T) {
			d := newS3(t, srv)
			c := d.Client()
			put := func(key string, fill byte, size int, multipart bool) error {
				opts := minio.PutObjectOptions{DisableMultipart: !multipart}
				opts.SetMatchETagExcept("*")
				_, err := c.PutObject(t.Context(), d.BucketName(), key, bytes.NewReader(bytes.Repeat([]byte{fill}, size)), int64(size), opts)
				return err
			}
			first := func(key string) byte {
				obj, err := c.GetObject(t.Context(), d.BucketName(), key, minio.GetObjectOptions{})
				if err != nil {
					t.Fatal(err)
				}
				defer obj.Close()
				b := make([]byte, 1)
				if _, err := io.ReadFull(obj, b); err != nil {
					t.Fatal(err)
				}
				return b[0]
			}
			for _, size := range []int{5, storagetest.LargeSize} {
				key := fmt.Sprintf("single/%d", size)
				if err := put(key, 'a', size, false); err != nil {
					t.Fatalf("size %d: first conditional put: %v", size, err)
				}
				err := put(key, 'b', size, false)
				if code := minio.ToErrorResponse(err).Code; code != "PreconditionFailed" {
					t.Errorf("size %d: second conditional put: %v, want PreconditionFailed", size, err)
				}
				if got := first(key); got != 'a' {
					t.Errorf("size %d: a refused put replaced the object", size)
				}
			}
			if err := put("multi", 'a', storagetest.LargeSize, true); err != nil {
				t.Fatalf("multipart put: %v", err)
			}
			err := put("multi", 'b', storagetest.LargeSize, true)
			t.Logf("second conditional multipart put: error %v; object now starts with %q", err, first("multi"))
		})
	}
}

// TestS3Errors checks the error mapping against a missing bucket and
// wrong credentials: only the first is ErrNotFound.
func TestS3Errors(t *testing.T) {
	for _, srv := range s3Servers(t) {
		t.Run(srv.Name, func(t *testing.T) {
			cfg := storage.S3Config{Endpoint: srv.Endpoint, AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, Region: srv.Region, Bucket: "no-such-bucket"}
			d, err := storage.NewS3(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.Stat(t.Context(), "k"); !errors.Is(err, storage.ErrNotFound) {
				t.Errorf("Stat in missing bucket: %v, want ErrNotFound", err)
			}
			if _, err := d.Open(t.Context(), "k"); !errors.Is(err, storage.ErrNotFound) {
				t.Errorf("Open in missing bucket: %v, want ErrNotFound", err)
			}
			good := newS3(t, srv)
			cfg.Bucket = good.BucketName()
			cfg.SecretKey = "wrong-" + srv.SecretKey
			bad, err := storage.NewS3(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = bad.Stat(t.Context(), "k")
			if err == nil || errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrExists) {
				t.Errorf("Stat with a wrong secret: %v, want a plain (transient) error", err)
			}
		})
	}
}
