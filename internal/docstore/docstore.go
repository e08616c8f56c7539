// Package docstore lays documents out in the archive bucket and is the only
// package that knows the keys. Nothing is overwritten: every object is
// created once (storage.Bucket.Create fails on an existing key).
//
// Layout of the archive bucket, key by key:
//
//	originals/<sha256>                  the file as received (storage.Archive)
//	docs/<id>/receipts/<rid>.json       one per arrival of the file (Receipt);
//	                                    a second receipt is a duplicate drop
//	docs/<id>/ocr.json                  recognised text (layout.Document)
//	docs/<id>/versions/<nnnnnn>.json    record versions 1, 2, … (record.Version)
//	docs/<id>/quarantine.json           why processing stopped for good
//	docs/<id>/deleted.json              deletion marker (Deletion): who, when,
//	                                    why; the document itself stays
//
// <id> is record.DocID of the original's SHA-256. <rid> is derived from the
// source object's key and modification time, so re-running an intake step
// writes the same receipt key and cannot note a false duplicate.
//
// Write order (readers rely on it): original → receipt → OCR result →
// record version → index. So a version implies its OCR result and
// original, and a document's status can be read off which objects exist.
package docstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// ErrConflict means another writer created the same version first.
var ErrConflict = errors.New("docstore: version already written by another writer")

// Receipt records one arrival of an original.
type Receipt struct {
	DocID      string    `json:"doc_id"`
	SHA256     string    `json:"sha256"`
	Size       int64     `json:"size"`
	Name       string    `json:"name"`
	MediaType  string    `json:"media_type,omitempty"`
	Source     string    `json:"source"` // inbox key or upload
	Via        string    `json:"via"`    // "inbox", "upload"
	ReceivedAt time.Time `json:"received_at"`
}

// Quarantine says why a document's processing stopped for good.
type Quarantine struct {
	DocID  string    `json:"doc_id"`
	Stage  string    `json:"stage"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// Store reads and writes documents in the archive bucket.
type Store struct {
	b      *storage.Bucket
	now    func() time.Time // creation times of corrections and deletions
	policy Policy           // archival facts of corrections; nil: none
}

// New returns a Store over the archive bucket.
func New(b *storage.Bucket) *Store { return &Store{b: b, now: time.Now} }

func docPrefix(id string) string     { return "docs/" + id + "/" }
func ocrKey(id string) string        { return docPrefix(id) + "ocr.json" }
func quarantineKey(id string) string { return docPrefix(id) + "quarantine.json" }
func versionKey(id string, n int) string {
	return fmt.Sprintf("%sversions/%06d.json", docPrefix(id), n)
}

// ReceiptID derives a receipt's key part from where the file came from.
func ReceiptID(source string, modTime time.Time) string {
	h := sha256.Sum256([]byte(source + "\x00" + modTime.UTC().Format(time.RFC3339Nano)))
	return hex.EncodeToString(h[:8])
}

// AddReceipt records an arrival; recording the same arrival twice is a no-op.
func (s *Store) AddReceipt(ctx context.Context, r Receipt, rid string) error {
	err := s.b.CreateJSON(ctx, docPrefix(r.DocID)+"receipts/"+rid+".json", r)
	if errors.Is(err, storage.ErrExists) {
		return nil
	}
	return err
}

// Receipts lists every arrival of a document, oldest first.
func (s *Store) Receipts(ctx context.Context, id string) ([]Receipt, error) {
	var out []Receipt
	err := s.b.List(ctx, docPrefix(id)+"receipts/", func(i storage.Info) error {
		var r Receipt
		if err := s.b.ReadJSON(ctx, i.Key, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	slices.SortStableFunc(out, func(a, b Receipt) int { return a.ReceivedAt.Compare(b.ReceivedAt) })
	return out, err
}

// PutOCR stores the recognised text; storing it again is a no-op, so the
// first result stays the one later versions were made from.
func (s *Store) PutOCR(ctx context.Context, id string, d *layout.Document) error {
	err := s.b.CreateJSON(ctx, ocrKey(id), d)
	if errors.Is(err, storage.ErrExists) {
		return nil
	}
	return err
}

// OCR reads the recognised text.
func (s *Store) OCR(ctx context.Context, id string) (*layout.Document, error) {
	var d layout.Document
	return &d, s.b.ReadJSON(ctx, ocrKey(id), &d)
}

// Text is the text OCR read from the document, as the index analysed it
// (index.TextSource, for highlights).
func (s *Store) Text(ctx context.Context, id string) (string, error) {
	d, err := s.OCR(ctx, id)
	if err != nil {
		return "", err
	}
	return d.Text(), nil
}

// PutQuarantine records why a document stopped; the first reason stays.
func (s *Store) PutQuarantine(ctx context.Context, q Quarantine) error {
	err := s.b.CreateJSON(ctx, quarantineKey(q.DocID), q)
	if errors.Is(err, storage.ErrExists) {
		return nil
	}
	return err
}

// QuarantineOf returns the quarantine note, or storage.ErrNotFound.
func (s *Store) QuarantineOf(ctx context.Context, id string) (*Quarantine, error) {
	var q Quarantine
	if err := s.b.ReadJSON(ctx, quarantineKey(id), &q); err != nil {
		return nil, err
	}
	return &q, nil
}

// AppendVersion stores v as the next version. v.Version and v.Previous are
// set here from what is stored, so callers cannot break the chain.
func (s *Store) AppendVersion(ctx context.Context, v *record.Version) error {
	_, err := s.AppendVersionRef(ctx, v)
	return err
}

// AppendVersionRef is AppendVersion, also returning the stored version's
// key and the hash of its bytes, for the audit trail.
func (s *Store) AppendVersionRef(ctx context.Context, v *record.Version) (Ref, error) {
	n, prevKey, err := s.lastVersion(ctx, v.DocID)
	if err != nil {
		return Ref{}, err
	}
	v.Version = n + 1
	v.Previous = ""
	if n > 0 {
		if v.Previous, err = s.hashOf(ctx, prevKey); err != nil {
			return Ref{}, err
		}
	}
	if err := v.Check(); err != nil {
		return Ref{}, err
	}
	ref, err := s.createJSON(ctx, versionKey(v.DocID, v.Version), v)
	if errors.Is(err, storage.ErrExists) {
		return Ref{}, fmt.Errorf("%w: %s v%d", ErrConflict, v.DocID, v.Version)
	}
	return ref, err
}

// hashOf returns the SHA-256 of a stored object's bytes: for a version,
// the value the next version names as Previous.
func (s *Store) hashOf(ctx context.Context, key string) (string, error) {
	rc, err := s.b.Open(ctx, key)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return "", fmt.Errorf("docstore: hash %s: %w", key, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (s *Store) lastVersion(ctx context.Context, id string) (int, string, error) {
	last, lastKey := 0, ""
	err := s.b.List(ctx, docPrefix(id)+"versions/", func(i storage.Info) error {
		if n := versionNumber(i.Key); n > last {
			last, lastKey = n, i.Key
		}
		return nil
	})
	return last, lastKey, err
}

func versionNumber(key string) int {
	base := key[strings.LastIndexByte(key, '/')+1:]
	n, err := strconv.Atoi(strings.TrimSuffix(base, ".json"))
	if err != nil {
		return 0
	}
	return n
}

// Versions returns every version of a document, oldest first.
func (s *Store) Versions(ctx context.Context, id string) ([]record.Version, error) {
	var out []record.Version
	err := s.b.List(ctx, docPrefix(id)+"versions/", func(i storage.Info) error {
		var v record.Version
		if err := s.b.ReadJSON(ctx, i.Key, &v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// Latest returns the newest version, or storage.ErrNotFound.
func (s *Store) Latest(ctx context.Context, id string) (*record.Version, error) {
	n, _, err := s.lastVersion(ctx, id)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("docstore: %s has no record yet: %w", id, storage.ErrNotFound)
	}
	var v record.Version
	if err := s.b.ReadJSON(ctx, versionKey(id, n), &v); err != nil {
		return nil, err
	}
	return &v, nil
}
