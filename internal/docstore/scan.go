package docstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// Summary is what exists of one document, read off its keys alone.
type Summary struct {
	ID            string
	Receipts      int
	HasOCR        bool
	Quarantined   bool
	LatestVersion int
	Deleted       bool // a deletion marker is stored
}

// Status is the document's pipeline status as far as the keys tell; a
// document with a record has the status written in its latest version.
func (s Summary) Status() string {
	switch {
	case s.Quarantined:
		return record.StatusQuarantined
	case s.LatestVersion > 0:
		return "" // read it from the version
	case s.HasOCR:
		return record.StatusOCRDone
	default:
		return record.StatusReceived
	}
}

// Scan calls fn once per document, in id order, from one listing of the
// docs/ prefix: no object is read, so it is cheap enough for reconcile and
// reindex over a whole archive.
func (s *Store) Scan(ctx context.Context, fn func(Summary) error) error {
	return s.scan(ctx, "docs/", fn)
}

func (s *Store) scan(ctx context.Context, prefix string, fn func(Summary) error) error {
	var cur Summary
	flush := func() error {
		if cur.ID == "" {
			return nil
		}
		return fn(cur)
	}
	err := s.b.List(ctx, prefix, func(i storage.Info) error {
		id, rest, ok := strings.Cut(strings.TrimPrefix(i.Key, "docs/"), "/")
		if !ok {
			return nil
		}
		if id != cur.ID {
			if err := flush(); err != nil {
				return err
			}
			cur = Summary{ID: id}
		}
		switch {
		case strings.HasPrefix(rest, "receipts/"):
			cur.Receipts++
		case rest == "ocr.json":
			cur.HasOCR = true
		case rest == "quarantine.json":
			cur.Quarantined = true
		case rest == deletedName:
			cur.Deleted = true
		case strings.HasPrefix(rest, "versions/"):
			cur.LatestVersion = max(cur.LatestVersion, versionNumber(rest))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// Summarize reads what exists of one document, or storage.ErrNotFound.
func (s *Store) Summarize(ctx context.Context, id string) (Summary, error) {
	var out Summary
	err := s.scan(ctx, docPrefix(id), func(sm Summary) error { out = sm; return nil })
	if err == nil && out.ID == "" {
		err = fmt.Errorf("docstore: document %s: %w", id, storage.ErrNotFound)
	}
	return out, err
}
