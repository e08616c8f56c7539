package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config says where an S3 bucket is. Any S3-compatible server works
// (MinIO, versitygw, AWS); only standard S3 calls are used.
type S3Config struct {
	Endpoint  string // host:port, without scheme
	AccessKey string
	SecretKey string
	Region    string // empty: the client asks the server
	Secure    bool   // HTTPS
	Bucket    string
	// ObjectLock makes EnsureBucket create the bucket with S3 object
	// lock (which turns versioning on) and refuse an existing bucket
	// without it: lock can only be enabled when a bucket is created.
	ObjectLock bool
	// DefaultRetentionDays, with ObjectLock, sets the bucket's default
	// COMPLIANCE retention, so every new object is locked from its first
	// byte, before the explicit retain_until is applied. Not every server
	// applies it (versitygw v1.8.0 does not); the explicit retention does
	// not depend on it.
	DefaultRetentionDays int
}

// S3 is a Driver over one S3 bucket.
type S3 struct {
	c      *minio.Client
	bucket string
	region string
	lock   bool
	days   int
}

var _ Driver = (*S3)(nil)

// NewS3 returns a driver for cfg.Bucket. It does not contact the server;
// call EnsureBucket to create the bucket, or Stat to test connectivity.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	if cfg.Endpoint == "" || cfg.Bucket == "" {
		return nil, errors.New("storage: s3: endpoint and bucket are required")
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: cfg.Secure,
		Region: cfg.Region,
		// Path-style addressing works with every S3 server on a plain
		// host:port; virtual hosts need DNS that test servers lack.
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		return nil, fmt.Errorf("storage: s3 %s: %w", cfg.Endpoint, err)
	}
	return &S3{c: c, bucket: cfg.Bucket, region: cfg.Region, lock: cfg.ObjectLock, days: cfg.DefaultRetentionDays}, nil
}

// Client returns the underlying minio-go client, for setup code (bucket
// notification, object lock) that is outside the Driver interface.
func (s *S3) Client() *minio.Client { return s.c }

// BucketName returns the bucket this driver stores objects in.
func (s *S3) BucketName() string { return s.bucket }

// EnsureBucket creates the bucket if it does not exist yet (with object
// lock when configured) and checks an existing one.
func (s *S3) EnsureBucket(ctx context.Context) error {
	ok, err := s.c.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("storage: s3 bucket %s: %w", s.bucket, err)
	}
	if !ok {
		err = s.c.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: s.region, ObjectLocking: s.lock})
		code := minio.ToErrorResponse(err).Code
		if err != nil && code != "BucketAlreadyOwnedByYou" && code != "BucketAlreadyExists" {
			return fmt.Errorf("storage: s3 make bucket %s: %w", s.bucket, err)
		}
	}
	if s.lock {
		return s.ensureLock(ctx)
	}
	return nil
}

// mapErr turns the S3 error codes with a portable meaning into the
// sentinels and keeps everything else raw (and so transient).
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var er minio.ErrorResponse
	if !errors.As(err, &er) {
		return err
	}
	switch er.Code {
	case "NoSuchKey", "NoSuchBucket", "NotFound":
		return fmt.Errorf("%w: %v", ErrNotFound, err)
	case "PreconditionFailed":
		return fmt.Errorf("%w: %v", ErrExists, err)
	}
	if er.StatusCode == http.StatusNotFound {
		return fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	return err
}

// maxSinglePut is S3's limit for one PUT. Create never uses multipart
// uploads (see Create), so this is the largest object it can store.
const maxSinglePut = 5 << 30

// Create uploads with If-None-Match: *, so the server refuses to replace
// an existing object even when two writers race. A Stat first answers the
// common duplicate case without sending the body; it also guards against
// a server that ignores the condition, but only the condition closes the
// race.
//
// The upload is always one PUT. minio-go v7.4.1 drops the condition from
// CompleteMultipartUpload (it only sends it with CreateMultipartUpload),
// and versitygw v1.8.0 evaluates it only on Complete, as AWS does: a
// multipart upload there silently overwrote an existing object. One PUT
// is also atomic and streams without buffering.
func (s *S3) Create(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if size > maxSinglePut {
		return fmt.Errorf("object of %d bytes is larger than one S3 PUT (%d)", size, int64(maxSinglePut))
	}
	switch _, err := s.Stat(ctx, key); {
	case err == nil:
		return fmt.Errorf("%w: s3://%s/%s", ErrExists, s.bucket, key)
	case !errors.Is(err, ErrNotFound):
		return err
	}
	opts := minio.PutObjectOptions{ContentType: contentType, DisableMultipart: true}
	opts.SetMatchETagExcept("*")
	_, err := s.c.PutObject(ctx, s.bucket, key, r, size, opts)
	return mapErr(err)
}

// Open starts the download with one GET, so a missing object is reported
// by Open and not by the first Read. (minio-go's Client.GetObject would
// send a HEAD first and the GET on the first Read.)
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	body, _, _, err := minio.Core{Client: s.c}.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, mapErr(err)
	}
	return body, nil
}

// Stat describes the object with a HEAD request.
func (s *S3) Stat(ctx context.Context, key string) (Info, error) {
	oi, err := s.c.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return Info{}, mapErr(err)
	}
	return Info{Key: oi.Key, Size: oi.Size, ModTime: oi.LastModified, ContentType: oi.ContentType}, nil
}

// List pages through ListObjectsV2. S3 returns keys in UTF-8 byte order,
// the order the Driver promises.
func (s *S3) List(ctx context.Context, prefix string, fn func(Info) error) error {
	// Cancelling stops minio-go's background pager when fn stops early.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for oi := range s.c.ListObjectsIter(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if oi.Err != nil {
			return mapErr(oi.Err)
		}
		// ContentType is not part of a listing; callers who need it Stat.
		if err := fn(Info{Key: oi.Key, Size: oi.Size, ModTime: oi.LastModified}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Delete removes the object; S3 reports success for a missing key. In an
// object-lock bucket it removes every version by id (see deleteVersions).
func (s *S3) Delete(ctx context.Context, key string) error {
	if s.lock {
		return s.deleteVersions(ctx, key)
	}
	err := mapErr(s.c.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}))
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}
