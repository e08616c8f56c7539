// Package storage keeps objects (originals, OCR results, record versions)
// in a bucket-like store over a narrow Driver interface.
//
// Terms: a Driver is one bucket of one backend (a local directory, or an S3
// bucket through minio-go). A Bucket is the portable type every caller
// uses: it validates keys, maps driver errors to the sentinel errors below,
// and never overwrites (Create fails with ErrExists). An Archive stores
// originals content-addressed by SHA-256, verified on write and on read.
//
// Error policy: drivers return ErrNotFound and ErrExists (wrapped) for those
// two conditions and raw errors otherwise; the portable layer adds the
// operation and key. Errors that are not ErrNotFound, ErrExists or
// ErrCorrupt are treated as transient by the pipeline.
package storage

import (
	"context"
	"errors"
	"io"
	"time"
)

// Sentinel errors, to be tested with errors.Is.
var (
	ErrNotFound = errors.New("storage: object not found")
	ErrExists   = errors.New("storage: object already exists")
	ErrCorrupt  = errors.New("storage: content does not match its hash")
	ErrBadKey   = errors.New("storage: invalid key")
)

// Info describes a stored object.
type Info struct {
	Key         string
	Size        int64
	ModTime     time.Time
	ContentType string
}

// Driver is one bucket of one backend. Keys are slash-separated, without a
// leading slash, no "." or ".." segments (the Bucket checks this).
type Driver interface {
	// Create stores r (exactly size bytes) under key, atomically: readers
	// see the whole object or none. It fails with ErrExists when the key is
	// already taken; nothing is ever overwritten.
	Create(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Open returns the object's content.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Stat describes the object.
	Stat(ctx context.Context, key string) (Info, error)
	// List calls fn for every object whose key starts with prefix, in
	// lexical key order, until fn returns an error. The Info has Key, Size
	// and ModTime only: an S3 listing carries no content type, so no
	// driver fills it in (Stat does). ModTime may be more precise than
	// Stat's (S3 HEAD gives whole seconds).
	List(ctx context.Context, prefix string, fn func(Info) error) error
	// Delete removes the object; a missing object is not an error.
	Delete(ctx context.Context, key string) error
}
