package vendor

import (
	"context"
	"fmt"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// Learn records what record version v teaches, given the version before
// it (nil for version 1) and the recognised text d: the issuer facts when
// v confirms them (FromVersion), and for a person's version a hint for
// every field the person changed. Learning a version twice writes
// nothing new.
func (s *Store) Learn(ctx context.Context, v, prev *record.Version, d *layout.Document) error {
	c, ok := FromVersion(v, d)
	if !ok {
		return nil
	}
	var err error
	if v.Actor.Kind == record.ActorPerson && prev != nil {
		_, _, err = s.Corrected(ctx, c, prev.Fields)
	} else {
		_, err = s.Confirm(ctx, c)
	}
	return err
}

// Archive is what Rebuild reads: every document, its versions and its
// recognised text (a *docstore.Store).
type Archive interface {
	Scan(ctx context.Context, fn func(docstore.Summary) error) error
	Versions(ctx context.Context, id string) ([]record.Version, error)
	OCR(ctx context.Context, id string) (*layout.Document, error)
}

var _ Archive = (*docstore.Store)(nil)

// rebuiltKey marks a finished rebuild: from then on, the extract step and
// corrections keep the register up to date.
const rebuiltKey = "vendors/rebuilt.json"

// Rebuild learns from every version of every document in a, in order:
// the register is derived data, and this derives it again. Objects
// already stored are kept (create-only), so a rebuild cut short is
// finished by running it again; a finished one writes rebuiltKey. It
// returns how many versions confirmed an issuer.
func (s *Store) Rebuild(ctx context.Context, a Archive) (int, error) {
	n := 0
	err := a.Scan(ctx, func(sum docstore.Summary) error {
		if sum.LatestVersion == 0 {
			return nil
		}
		vs, err := a.Versions(ctx, sum.ID)
		if err != nil {
			return err
		}
		var d *layout.Document
		for i := range vs {
			if _, ok := FromVersion(&vs[i], nil); !ok {
				continue
			}
			if d == nil && sum.HasOCR {
				if d, err = a.OCR(ctx, sum.ID); err != nil {
					return err
				}
			}
			var prev *record.Version
			if i > 0 {
				prev = &vs[i-1]
			}
			if err := s.Learn(ctx, &vs[i], prev, d); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("vendor: rebuild: %w", err)
	}
	return n, s.create(ctx, rebuiltKey, map[string]any{"rebuilt_at": s.now().UTC(), "versions": n})
}
