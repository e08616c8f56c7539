package docstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// deletedName is the deletion marker's name under docs/<id>/.
const deletedName = "deleted.json"

// ErrNotLocked means an object was stored but its retention could not be
// applied; the result is returned with it, and verification reports the
// object until a later Lock succeeds.
var ErrNotLocked = errors.New("docstore: stored, but retention could not be applied")

// ErrDeleted means the document carries a deletion marker: it can be read
// but not corrected or deleted again.
var ErrDeleted = errors.New("docstore: document is deleted")

// Policy fills the archival facts of a new version from the one before
// (retention.Policy); see SetPolicy.
type Policy interface {
	Apply(prev, v *record.Version) error
}

// SetClock replaces the clock that dates corrections and deletions.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// SetPolicy makes corrections recompute archival facts (input check,
// retain_until) from the corrected values.
func (s *Store) SetPolicy(p Policy) { s.policy = p }

// Bucket returns the archive bucket.
func (s *Store) Bucket() *storage.Bucket { return s.b }

// OCRKey is the key of a document's OCR result.
func OCRKey(id string) string { return ocrKey(id) }

// VersionKey is the key of record version n of a document.
func VersionKey(id string, n int) string { return versionKey(id, n) }

// ReceiptKey is the key of one arrival of a document (see ReceiptID).
func ReceiptKey(id, rid string) string { return docPrefix(id) + "receipts/" + rid + ".json" }

// DeletionKey is the key of a document's deletion marker.
func DeletionKey(id string) string { return docPrefix(id) + deletedName }

// QuarantineKey is the key of a document's quarantine note.
func QuarantineKey(id string) string { return quarantineKey(id) }

// DocPrefix is the prefix of every object of a document but its original.
func DocPrefix(id string) string { return docPrefix(id) }

// VersionNumber parses the version number from a version key (0 if it is
// not one).
func VersionNumber(key string) int { return versionNumber(key) }

// Ref names a stored object and the SHA-256 of its bytes.
type Ref struct {
	Key    string `json:"key"`
	SHA256 string `json:"sha256"`
}

// Ref hashes the stored bytes of key.
func (s *Store) Ref(ctx context.Context, key string) (Ref, error) {
	h, err := s.hashOf(ctx, key)
	return Ref{Key: key, SHA256: h}, err
}

// createJSON stores v create-only and returns the hash of the exact
// bytes written.
func (s *Store) createJSON(ctx context.Context, key string, v any) (Ref, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return Ref{}, fmt.Errorf("docstore: encode %s: %w", key, err)
	}
	data = append(data, '\n')
	if err := s.b.Create(ctx, key, bytes.NewReader(data), int64(len(data)), "application/json"); err != nil {
		return Ref{}, err
	}
	h := sha256.Sum256(data)
	return Ref{Key: key, SHA256: hex.EncodeToString(h[:])}, nil
}

// Deletion is the marker of a deleted document. Deletion adds this object
// and changes nothing else: every version stays readable, and the
// document stays searchable with the deleted filter until its retention
// ends (compliance checklist row 5).
type Deletion struct {
	DocID     string       `json:"doc_id"`
	DeletedAt time.Time    `json:"deleted_at"`
	Actor     record.Actor `json:"actor"`
	Reason    string       `json:"reason"`
	// Version and VersionSHA256 name the version that was current, so
	// the marker is chained to the record like a version.
	Version       int    `json:"version"`
	VersionSHA256 string `json:"version_sha256,omitempty"`
}

// Deletion returns the deletion marker, or storage.ErrNotFound.
func (s *Store) Deletion(ctx context.Context, id string) (*Deletion, error) {
	var d Deletion
	if err := s.b.ReadJSON(ctx, DeletionKey(id), &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// Delete adds the deletion marker. The actor must be a person and give a
// reason; a document already deleted gives ErrDeleted.
func (s *Store) Delete(ctx context.Context, id string, actor record.Actor, reason string) (*Deletion, Ref, error) {
	if actor.Kind != record.ActorPerson || actor.Name == "" || reason == "" {
		return nil, Ref{}, errors.New("docstore: a deletion needs a person and a reason")
	}
	sum, err := s.Summarize(ctx, id)
	if err != nil {
		return nil, Ref{}, err
	}
	if sum.Deleted {
		return nil, Ref{}, fmt.Errorf("%w: %s", ErrDeleted, id)
	}
	d := &Deletion{DocID: id, DeletedAt: s.now().UTC(), Actor: actor, Reason: reason, Version: sum.LatestVersion}
	var until time.Time
	if sum.LatestVersion > 0 {
		e, err := s.readVersion(ctx, versionKey(id, sum.LatestVersion))
		if err != nil {
			return nil, Ref{}, err
		}
		d.VersionSHA256 = e.SHA256
		if e.Version.Archival != nil {
			until = e.Version.Archival.RetainUntil
		}
	}
	ref, err := s.createJSON(ctx, DeletionKey(id), d)
	if errors.Is(err, storage.ErrExists) {
		return nil, Ref{}, fmt.Errorf("%w: %s (deleted concurrently)", ErrDeleted, id)
	}
	if err != nil {
		return nil, Ref{}, err
	}
	// The marker is kept as long as the document it marks.
	if !until.IsZero() {
		if err := s.Lock(ctx, id, until); err != nil {
			return d, ref, fmt.Errorf("%w: %s deletion marker: %w", ErrNotLocked, id, err)
		}
	}
	return d, ref, nil
}

// VersionEntry is a stored version with its key and hash.
type VersionEntry struct {
	Ref
	Version record.Version `json:"version"`
}

// History is everything stored about a document, oldest first.
type History struct {
	DocID      string         `json:"doc_id"`
	Receipts   []Receipt      `json:"receipts"`
	Versions   []VersionEntry `json:"versions"`
	Deletion   *Deletion      `json:"deletion,omitempty"`
	Quarantine *Quarantine    `json:"quarantine,omitempty"`
}

// History reads a document's whole history, or storage.ErrNotFound.
func (s *Store) History(ctx context.Context, id string) (*History, error) {
	sum, err := s.Summarize(ctx, id)
	if err != nil {
		return nil, err
	}
	h := &History{DocID: id}
	if h.Receipts, err = s.Receipts(ctx, id); err != nil {
		return nil, err
	}
	for n := 1; n <= sum.LatestVersion; n++ {
		e, err := s.readVersion(ctx, versionKey(id, n))
		if err != nil {
			return nil, err
		}
		h.Versions = append(h.Versions, e)
	}
	if sum.Deleted {
		if h.Deletion, err = s.Deletion(ctx, id); err != nil {
			return nil, err
		}
	}
	if sum.Quarantined {
		if h.Quarantine, err = s.QuarantineOf(ctx, id); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// readVersion reads a version once, hashing and decoding the same bytes.
func (s *Store) readVersion(ctx context.Context, key string) (VersionEntry, error) {
	rc, err := s.b.Open(ctx, key)
	if err != nil {
		return VersionEntry{}, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 64<<20))
	if err != nil {
		return VersionEntry{}, fmt.Errorf("docstore: read %s: %w", key, err)
	}
	e := VersionEntry{Ref: Ref{Key: key, SHA256: hashBytes(data)}}
	if err := json.Unmarshal(data, &e.Version); err != nil {
		return e, fmt.Errorf("docstore: decode %s: %w", key, err)
	}
	return e, nil
}

func hashBytes(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Lock applies retention until until to every object of the document:
// its original, receipts, OCR result, versions and markers. A retention
// already longer is left alone; a bucket without object lock is skipped.
func (s *Store) Lock(ctx context.Context, id string, until time.Time) error {
	if _, ok := s.b.Locker(); !ok {
		return nil
	}
	rs, err := s.Receipts(ctx, id)
	if err != nil {
		return err
	}
	keys, err := s.objectKeys(ctx, id, rs)
	if err != nil {
		return err
	}
	var errs []error
	for _, k := range keys {
		if _, err := s.b.ExtendRetention(ctx, k, until, storage.Compliance); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// SetLegalHold places or lifts a legal hold on every object of the
// document (for litigation or an inspection): while it holds, nothing of
// the document can be deleted, whatever the retention dates say. It needs
// a bucket with object lock (storage.ErrUnsupported otherwise).
func (s *Store) SetLegalHold(ctx context.Context, id string, on bool) ([]string, error) {
	if _, ok := s.b.Locker(); !ok {
		return nil, fmt.Errorf("docstore: legal hold on %s: %w", id, storage.ErrUnsupported)
	}
	rs, err := s.Receipts(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("docstore: document %s: %w", id, storage.ErrNotFound)
	}
	keys, err := s.objectKeys(ctx, id, rs)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if err := s.b.SetLegalHold(ctx, k, on); err != nil {
			return keys, err
		}
	}
	return keys, nil
}

// objectKeys lists every object of a document: the originals its
// receipts name (once each) and everything under its docs/ prefix.
func (s *Store) objectKeys(ctx context.Context, id string, rs []Receipt) ([]string, error) {
	var keys []string
	for _, r := range rs {
		if k := storage.OriginalKey(r.SHA256); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	err := s.b.List(ctx, docPrefix(id), func(i storage.Info) error {
		keys = append(keys, i.Key)
		return nil
	})
	return keys, err
}
