package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"os"

	"github.com/shohyo/shohyo/internal/fault"
)

// originalsPrefix holds every original, keyed by the SHA-256 of its bytes.
const originalsPrefix = "originals/"

// Archive stores originals content-addressed. The hash is checked once
// here for every driver: on write (the bytes uploaded are the bytes that
// were hashed) and on read (the reader fails at EOF if they differ).
type Archive struct {
	b *Bucket
	// TempDir is where PutOriginal spools uploads; empty means
	// os.TempDir(). Spooling bounds memory and gives the driver a size.
	TempDir string
}

// NewArchive returns an Archive over b.
func NewArchive(b *Bucket) *Archive {
	return &Archive{b: b}
}

// OriginalKey returns the key of the original with the given SHA-256.
func OriginalKey(sha string) string {
	return originalsPrefix + sha
}

// validSHA reports whether s is a lowercase hex SHA-256, the only form a
// key may use so that one content has one key.
func validSHA(s string) bool {
	if len(s) != sha256.Size*2 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// PutOriginal stores the content of r and returns its SHA-256 (lowercase
// hex) and size. Content larger than maxBytes is refused with a permanent
// error. Storing content that is already there is not an error: it
// returns the same hash without writing.
func (a *Archive) PutOriginal(ctx context.Context, r io.Reader, maxBytes int64) (sha string, size int64, err error) {
	if maxBytes < 0 {
		return "", 0, fmt.Errorf("storage: put original: negative limit %d", maxBytes)
	}
	f, err := os.CreateTemp(a.TempDir, "shohyo-original-*")
	if err != nil {
		return "", 0, fmt.Errorf("storage: put original: spool: %w", err)
	}
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	h := sha256.New()
	// One byte over the limit is enough to know the input is too large.
	limit := maxBytes
	if limit < math.MaxInt64 {
		limit++
	}
	size, err = io.Copy(io.MultiWriter(f, h), ctxReader{ctx: ctx, r: io.LimitReader(r, limit)})
	if err != nil {
		return "", 0, fmt.Errorf("storage: put original: read input: %w", err)
	}
	if size > maxBytes {
		return "", 0, fault.Permanent(fmt.Sprintf("the file is larger than the limit of %d bytes", maxBytes), nil)
	}
	sha = hex.EncodeToString(h.Sum(nil))
	key := OriginalKey(sha)

	// Ask first: uploading a large duplicate just to be refused wastes
	// bandwidth, and a size mismatch on an existing key is damage to report.
	switch info, err := a.b.Stat(ctx, key); {
	case err == nil:
		if info.Size != size {
			return "", 0, fmt.Errorf("storage: put original %s: stored size %d, content size %d: %w", sha, info.Size, size, ErrCorrupt)
		}
		return sha, size, nil
	case !errors.Is(err, ErrNotFound):
		return "", 0, err
	}

	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", 0, fmt.Errorf("storage: put original: rewind spool: %w", err)
	}
	// Hash again what the driver actually reads, so a spool file changed
	// on disk between hashing and upload cannot be stored under this key.
	vr := &hashingReader{r: f, h: sha256.New()}
	err = a.b.Create(ctx, key, vr, size, "application/octet-stream")
	if errors.Is(err, ErrExists) {
		return sha, size, nil // a concurrent put of the same content won
	}
	if err != nil {
		return "", 0, err
	}
	if got := hex.EncodeToString(vr.h.Sum(nil)); got != sha {
		_ = a.b.Delete(context.WithoutCancel(ctx), key)
		return "", 0, fmt.Errorf("storage: put original %s: uploaded bytes hash to %s: %w", sha, got, ErrCorrupt)
	}
	return sha, size, nil
}

// OpenOriginal returns the original with the given SHA-256. The reader
// hashes what it returns and, instead of io.EOF, returns an error wrapping
// ErrCorrupt if the content does not match; callers must therefore read to
// EOF and check the error before trusting the bytes. A caller that stops
// early gets no verification.
func (a *Archive) OpenOriginal(ctx context.Context, sha string) (io.ReadCloser, error) {
	if !validSHA(sha) {
		return nil, fmt.Errorf("storage: open original %q: %w: not a lowercase hex SHA-256", sha, ErrBadKey)
	}
	rc, err := a.b.Open(ctx, OriginalKey(sha))
	if err != nil {
		return nil, err
	}
	return &verifyingReader{rc: rc, h: sha256.New(), want: sha}, nil
}

// VerifyOriginal reads the whole original and reports ErrCorrupt if its
// content no longer matches its hash, for periodic integrity checks.
func (a *Archive) VerifyOriginal(ctx context.Context, sha string) error {
	rc, err := a.OpenOriginal(ctx, sha)
	if err != nil {
		return err
	}
	defer rc.Close()
	if _, err := io.Copy(io.Discard, rc); err != nil {
		return fmt.Errorf("storage: verify original %s: %w", sha, err)
	}
	return nil
}

type hashingReader struct {
	r io.Reader
	h hash.Hash
}

func (v *hashingReader) Read(p []byte) (int, error) {
	n, err := v.r.Read(p)
	v.h.Write(p[:n])
	return n, err
}

type verifyingReader struct {
	rc   io.ReadCloser
	h    hash.Hash
	want string
	err  error // sticky result once EOF was seen
}

func (v *verifyingReader) Read(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	n, err := v.rc.Read(p)
	v.h.Write(p[:n])
	if err == io.EOF {
		if got := hex.EncodeToString(v.h.Sum(nil)); got != v.want {
			v.err = fmt.Errorf("storage: original %s: content hashes to %s: %w", v.want, got, ErrCorrupt)
		} else {
			v.err = io.EOF
		}
		return n, v.err
	}
	return n, err
}

func (v *verifyingReader) Close() error { return v.rc.Close() }
