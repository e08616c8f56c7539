package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxKeyBytes bounds a key's length. S3 allows 1,024 bytes; the margin is
// left for a bucket-side prefix if a deployment ever needs one.
const MaxKeyBytes = 900

// maxJSONBytes bounds how much ReadJSON will decode, so a wrong key (an
// original instead of a record) cannot exhaust memory.
const maxJSONBytes = 64 << 20

// Bucket is the portable type every caller uses. It enforces, once for
// every driver, what the drivers are allowed to assume: keys are valid,
// sizes are exact, and errors carry the operation and key.
type Bucket struct {
	d Driver
}

// NewBucket wraps a driver.
func NewBucket(d Driver) *Bucket {
	return &Bucket{d: d}
}

// Driver returns the underlying driver, for tools that need its concrete
// type (for example to create the S3 bucket).
func (b *Bucket) Driver() Driver { return b.d }

// CheckKey reports whether key is acceptable to every driver, wrapping
// ErrBadKey when it is not. Empty segments ("a//b", a trailing "/") are
// refused too: on a local directory they would alias another key.
func CheckKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("%w: empty", ErrBadKey)
	case len(key) > MaxKeyBytes:
		return fmt.Errorf("%w: %d bytes, more than %d", ErrBadKey, len(key), MaxKeyBytes)
	case strings.HasPrefix(key, "/"):
		return fmt.Errorf("%w: leading slash", ErrBadKey)
	}
	if err := checkChars(key); err != nil {
		return err
	}
	for seg := range strings.SplitSeq(key, "/") {
		switch seg {
		case "":
			return fmt.Errorf("%w: empty segment", ErrBadKey)
		case ".", "..":
			return fmt.Errorf("%w: %q segment", ErrBadKey, seg)
		}
	}
	return nil
}

// checkPrefix validates a List prefix: like a key, but it may be empty and
// may end in "/" or in a partial segment.
func checkPrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	if len(prefix) > MaxKeyBytes || strings.HasPrefix(prefix, "/") {
		return fmt.Errorf("%w: prefix %q", ErrBadKey, prefix)
	}
	if err := checkChars(prefix); err != nil {
		return err
	}
	segs := strings.Split(prefix, "/")
	for i, seg := range segs {
		last := i == len(segs)-1
		if seg == "" && !last {
			return fmt.Errorf("%w: empty segment in prefix", ErrBadKey)
		}
		if (seg == "." || seg == "..") && !last {
			return fmt.Errorf("%w: %q segment in prefix", ErrBadKey, seg)
		}
	}
	return nil
}

func checkChars(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: not valid UTF-8", ErrBadKey)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("%w: control character %U", ErrBadKey, r)
		}
	}
	return nil
}

func wrap(op, key string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("storage: %s %s: %w", op, key, err)
}

// Create stores exactly size bytes from r under key. It fails with
// ErrExists if the key is taken; nothing is ever overwritten.
func (b *Bucket) Create(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if err := CheckKey(key); err != nil {
		return wrap("create", key, err)
	}
	if size < 0 {
		return wrap("create", key, fmt.Errorf("negative size %d", size))
	}
	er := &exactReader{r: r, left: size}
	err := b.d.Create(ctx, key, er, size, contentType)
	if err != nil && er.err != nil && !errors.Is(err, er.err) {
		// Drivers may report a broken input as a network error (minio-go
		// says "connection closed"); the input's own error says why.
		err = fmt.Errorf("%w; %w", er.err, err)
	}
	if err == nil && er.err != nil {
		// A driver that ignored our error must not leave a wrong object
		// behind; this cannot happen with the drivers here, but the
		// invariant is worth one delete.
		_ = b.d.Delete(context.WithoutCancel(ctx), key)
		err = er.err
	}
	return wrap("create", key, err)
}

// Open returns the object's content. The caller closes it.
func (b *Bucket) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := CheckKey(key); err != nil {
		return nil, wrap("open", key, err)
	}
	rc, err := b.d.Open(ctx, key)
	return rc, wrap("open", key, err)
}

// Stat describes the object.
func (b *Bucket) Stat(ctx context.Context, key string) (Info, error) {
	if err := CheckKey(key); err != nil {
		return Info{}, wrap("stat", key, err)
	}
	info, err := b.d.Stat(ctx, key)
	return info, wrap("stat", key, err)
}

// Exists reports whether key holds an object.
func (b *Bucket) Exists(ctx context.Context, key string) (bool, error) {
	_, err := b.Stat(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// List calls fn for every object under prefix in lexical (byte) key order,
// until fn returns an error, which List returns unchanged.
func (b *Bucket) List(ctx context.Context, prefix string, fn func(Info) error) error {
	if err := checkPrefix(prefix); err != nil {
		return wrap("list", prefix, err)
	}
	var fnErr error
	err := b.d.List(ctx, prefix, func(info Info) error {
		fnErr = fn(info)
		return fnErr
	})
	if err != nil && fnErr != nil && errors.Is(err, fnErr) {
		return fnErr // the caller's own error, not a storage failure
	}
	return wrap("list", prefix, err)
}

// Delete removes the object; a missing object is not an error. Only tests
// and retention tooling delete: the pipeline never does.
func (b *Bucket) Delete(ctx context.Context, key string) error {
	if err := CheckKey(key); err != nil {
		return wrap("delete", key, err)
	}
	return wrap("delete", key, b.d.Delete(ctx, key))
}

// CreateJSON stores v as JSON under key, create-only.
func (b *Bucket) CreateJSON(ctx context.Context, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return wrap("create", key, fmt.Errorf("encode JSON: %w", err))
	}
	data = append(data, '\n')
	return b.Create(ctx, key, bytes.NewReader(data), int64(len(data)), "application/json")
}

// ReadJSON decodes the JSON object under key into v. Trailing data after
// the value is an error: a stored record is exactly one value.
func (b *Bucket) ReadJSON(ctx context.Context, key string, v any) error {
	rc, err := b.Open(ctx, key)
	if err != nil {
		return err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxJSONBytes+1))
	if err != nil {
		return wrap("read", key, err)
	}
	if len(data) > maxJSONBytes {
		return wrap("read", key, fmt.Errorf("JSON larger than %d bytes", maxJSONBytes))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return wrap("read", key, fmt.Errorf("decode JSON: %w", err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return wrap("read", key, errors.New("decode JSON: trailing data after the value"))
	}
	return nil
}

// exactReader makes a short or long input an error instead of a silently
// truncated object: it checks for extra bytes as soon as the declared size
// is reached, because drivers stop reading there.
type exactReader struct {
	r    io.Reader
	left int64
	err  error
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	if e.left == 0 {
		return 0, e.probe()
	}
	if int64(len(p)) > e.left {
		p = p[:e.left]
	}
	n, err := e.r.Read(p)
	e.left -= int64(n)
	switch {
	case e.left == 0:
		if perr := e.probe(); perr != io.EOF {
			return n, perr
		}
		return n, io.EOF
	case err == io.EOF:
		e.err = fmt.Errorf("input ended %d bytes before the declared size: %w", e.left, io.ErrUnexpectedEOF)
		return n, e.err
	}
	return n, err
}

func (e *exactReader) probe() error {
	var one [1]byte
	for range 100 {
		n, err := e.r.Read(one[:])
		if n > 0 {
			e.err = errors.New("input is longer than the declared size")
			return e.err
		}
		if err == io.EOF {
			return io.EOF
		}
		if err != nil {
			e.err = err
			return err
		}
	}
	e.err = io.ErrNoProgress
	return e.err
}
