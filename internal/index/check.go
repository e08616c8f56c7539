package index

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// CheckReport says how the index differs from storage. Lists hold at most
// MaxReported ids each; the counts are complete.
type CheckReport struct {
	Stored       int          `json:"stored"`  // documents in storage
	Indexed      int          `json:"indexed"` // documents in the index
	Missing      []string     `json:"missing,omitempty"`
	MissingCount int          `json:"missing_count"` // in storage, not in the index
	Extra        []string     `json:"extra,omitempty"`
	ExtraCount   int          `json:"extra_count"` // in the index, not in storage
	Stale        []Difference `json:"stale,omitempty"`
	StaleCount   int          `json:"stale_count"` // in both, but the index holds another state
	Duplicates   []string     `json:"duplicates,omitempty"`
	// StaleMapping: the index was made with another version of
	// schemas/index-mapping.json; reindex.
	StaleMapping bool `json:"stale_mapping,omitempty"`
}

// Difference is one document whose indexed state is not the stored one.
type Difference struct {
	DocID   string      `json:"doc_id"`
	Index   Fingerprint `json:"index"`
	Storage Fingerprint `json:"storage"`
}

// MaxReported bounds each list of a CheckReport.
const MaxReported = 1000

// OK reports an index that holds exactly the current state of storage.
func (r *CheckReport) OK() bool {
	return r.MissingCount == 0 && r.ExtraCount == 0 && r.StaleCount == 0 && len(r.Duplicates) == 0 && !r.StaleMapping
}

func (r *CheckReport) String() string {
	if r.OK() {
		return fmt.Sprintf("index consistent: %d documents stored, %d indexed", r.Stored, r.Indexed)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "index inconsistent: %d stored, %d indexed; %d missing, %d extra, %d stale, %d in two years",
		r.Stored, r.Indexed, r.MissingCount, r.ExtraCount, r.StaleCount, len(r.Duplicates))
	if r.StaleMapping {
		b.WriteString("; made with an older mapping")
	}
	b.WriteString(" (reindex repairs it)")
	return b.String()
}

// Check compares the index with storage. walk must call fn once for
// every document in storage, in doc id order, with what storage says its
// entry shows; a Status of "" is not compared (only the record version
// knows it, and the version number covers it).
func (x *Index) Check(ctx context.Context, walk func(fn func(Fingerprint) error) error) (*CheckReport, error) {
	have, dups, stale, err := x.fingerprints(ctx)
	if err != nil {
		return nil, err
	}
	r := &CheckReport{Indexed: len(have), Duplicates: dups, StaleMapping: stale}
	i := 0
	extra := func(f Fingerprint) {
		r.ExtraCount++
		if len(r.Extra) < MaxReported {
			r.Extra = append(r.Extra, f.DocID)
		}
	}
	err = walk(func(want Fingerprint) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.Stored++
		for i < len(have) && have[i].DocID < want.DocID {
			extra(have[i])
			i++
		}
		if i == len(have) || have[i].DocID != want.DocID {
			r.MissingCount++
			if len(r.Missing) < MaxReported {
				r.Missing = append(r.Missing, want.DocID)
			}
			return nil
		}
		got := have[i]
		i++
		if got.Version != want.Version || got.Arrivals != want.Arrivals || got.Deleted != want.Deleted ||
			want.Status != "" && got.Status != want.Status {
			r.StaleCount++
			if len(r.Stale) < MaxReported {
				r.Stale = append(r.Stale, Difference{DocID: want.DocID, Index: got, Storage: want})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("index: check: %w", err)
	}
	for ; i < len(have); i++ {
		extra(have[i])
	}
	return r, nil
}

// fingerprints reads the fingerprint of every indexed document from its
// stored entry, sorted by doc id, and the ids found in more than one
// year. Reading every stored document takes a while on a large archive
// (docs/benchmarks.md), but only verify does it; an indexed fingerprint
// field would cost every document a unique term, a sixth of indexing.
func (x *Index) fingerprints(ctx context.Context) ([]Fingerprint, []string, bool, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var all []Fingerprint
	for y, b := range x.live.years {
		fs, err := yearFingerprints(ctx, b)
		if err != nil {
			return nil, nil, false, fmt.Errorf("index: check FY%d: %w", y, err)
		}
		all = append(all, fs...)
	}
	slices.SortFunc(all, func(a, b Fingerprint) int { return strings.Compare(a.DocID, b.DocID) })
	var dups []string
	out := all[:0]
	for i, f := range all {
		if i > 0 && all[i-1].DocID == f.DocID {
			if len(dups) == 0 || dups[len(dups)-1] != f.DocID {
				dups = append(dups, f.DocID)
			}
			continue
		}
		out = append(out, f)
	}
	return out, dups, x.live.staleMapping, nil
}

func yearFingerprints(ctx context.Context, b bleve.Index) ([]Fingerprint, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	ids, err := r.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer ids.Close()
	var out []Fingerprint
	for n := 0; ; n++ {
		if n%10000 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		iid, err := ids.Next()
		if err != nil {
			return nil, err
		}
		if iid == nil {
			return out, nil
		}
		id, err := r.ExternalID(iid)
		if err != nil {
			return nil, err
		}
		d, err := r.Document(id)
		if err != nil {
			return nil, err
		}
		var blob []byte
		d.VisitFields(func(f bleveindex.Field) {
			if f.Name() == "entry" {
				blob = f.Value()
			}
		})
		var e Entry
		if err := json.Unmarshal(blob, &e); err != nil {
			return nil, fmt.Errorf("index: stored entry of %s: %w", id, err)
		}
		e.DocID = id
		out = append(out, e.Fingerprint())
	}
}
