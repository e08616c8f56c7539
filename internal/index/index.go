// Package index is the search index of shohyo, derived from the records
// in storage: it holds nothing that cannot be rebuilt from them (see
// Builder), and Check tells whether it still matches them.
//
// Layout: the index path is a directory with one bleve index per fiscal
// year (fy2025, …, and "undated" for documents without any date), searched
// together through a bleve index alias. A year past its retention is
// dropped whole (DropYear); a search with an issue-date range opens only
// the years it spans. The mapping is schemas/index-mapping.json; its
// Japanese-aware analysis parts are registered by this package
// (analysis.go).
//
// Terms: an Entry is what is indexed of one document (its latest record
// version, or its pipeline status when it has none yet); a Query is the
// one query model the CLI and the API share, written as URL parameters or
// in the query language of docs/search.md (ParseQuery).
package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/shohyo/shohyo/schemas"
)

// Index is the set of fiscal-year indexes of one archive. Put, Search and
// the rest are safe for concurrent use; a rebuilt set can be swapped in
// while searches go on.
type Index struct {
	path string
	opt  Options

	mu    sync.RWMutex // guards live and alias; held for writing to add a year or swap
	live  *yearSet
	alias bleve.IndexAlias

	// Puts of one document are serialised, so that two concurrent puts
	// cannot leave it in two fiscal years.
	stripes [64]sync.Mutex

	// While a rebuild directory exists, every put is also appended to its
	// pending log and replayed into the rebuilt index at the swap; the log
	// is on disk so a rebuild resumed after a crash loses none.
	pendMu  sync.Mutex
	pending *os.File
}

// Mapping loads the index mapping from schemas/.
func Mapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	if err := json.Unmarshal(schemas.MustFile("index-mapping.json"), m); err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	return m, nil
}

var (
	mappingOnce sync.Once
	mappingVal  mapping.IndexMapping
	mappingErr  error
)

// cachedMapping is Mapping read once, for the query side's analyzers.
func cachedMapping() (mapping.IndexMapping, error) {
	mappingOnce.Do(func() { mappingVal, mappingErr = Mapping() })
	return mappingVal, mappingErr
}

// Open opens the index at path with the default options, creating it when
// missing.
func Open(path string) (*Index, error) { return OpenWith(path, Options{}) }

// OpenWith opens the index at path. An index of an older layout, or one
// routed by another fiscal year end, is cleared: it is derived data, and
// serve re-indexes every document it finds missing.
func OpenWith(path string, o Options) (*Index, error) {
	o = o.withDefaults()
	// A crash in the middle of Swap can leave only the old directory.
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(path + oldSuffix); err == nil {
			if err := os.Rename(path+oldSuffix, path); err != nil {
				return nil, fmt.Errorf("index: restore %s: %w", path, err)
			}
		}
	}
	s, err := openYears(path, o, false)
	if err != nil {
		return nil, err
	}
	x := &Index{path: path, opt: o, live: s}
	x.alias = x.aliasOf(s.list())
	if _, err := os.Stat(x.rebuildDir()); err == nil {
		if err := x.openPending(); err != nil {
			_ = s.close()
			return nil, err
		}
	}
	return x, nil
}

// aliasOf is a bleve alias over the given years of the live set.
func (x *Index) aliasOf(years []int) bleve.IndexAlias {
	idx := make([]bleve.Index, 0, len(years))
	for _, y := range years {
		if b := x.live.years[y]; b != nil {
			idx = append(idx, b)
		}
	}
	return bleve.NewIndexAlias(idx...)
}

// Options returns the options the index was opened with.
func (x *Index) Options() Options { return x.opt }

// Put adds or replaces the entry of one document, in the index of its
// fiscal year.
func (x *Index) Put(e Entry) error {
	h := fnv.New32a()
	_, _ = h.Write([]byte(e.DocID))
	l := &x.stripes[h.Sum32()%uint32(len(x.stripes))]
	l.Lock()
	defer l.Unlock()
	if err := x.logPending(e); err != nil {
		return err
	}
	x.mu.RLock()
	err := x.live.put(e, x.opt, false)
	x.mu.RUnlock()
	if !errors.Is(err, errNoYear) {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.live.put(e, x.opt, true); err != nil {
		return err
	}
	x.alias = x.aliasOf(x.live.list())
	return nil
}

// Has reports whether a document is in the index.
func (x *Index) Has(id string) (bool, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for y, b := range x.live.years {
		in, err := contains(b, id)
		if err != nil {
			return false, fmt.Errorf("index: has %s in FY%d: %w", id, y, err)
		}
		if in {
			return true, nil
		}
	}
	return false, nil
}

// Count is the number of indexed documents.
func (x *Index) Count() (uint64, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var n uint64
	for y, b := range x.live.years {
		c, err := b.DocCount()
		if err != nil {
			return 0, fmt.Errorf("index: count FY%d: %w", y, err)
		}
		n += c
	}
	return n, nil
}

// YearCount is the number of documents in one fiscal year's index.
type YearCount struct {
	Year  int    `json:"year"` // 0: documents without any date
	Count uint64 `json:"count"`
}

// Years lists the fiscal years that have an index, and the years dropped.
func (x *Index) Years() (present []YearCount, dropped []int, err error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, y := range x.live.list() {
		c, err := x.live.years[y].DocCount()
		if err != nil {
			return nil, nil, fmt.Errorf("index: count FY%d: %w", y, err)
		}
		present = append(present, YearCount{Year: y, Count: c})
	}
	return present, append([]int(nil), x.live.meta.Dropped...), nil
}

// DropYear deletes the index of fiscal year y whole, once its records are
// past retention, and keeps entries of that year out from then on (also
// from a rebuild in progress). The undated index (0) cannot be dropped.
func (x *Index) DropYear(y int) error {
	if y <= 0 {
		return fmt.Errorf("index: drop year %d: not a fiscal year", y)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.live.drop(y); err != nil {
		return err
	}
	x.alias = x.aliasOf(x.live.list())
	if _, err := os.Stat(x.rebuildDir()); err == nil {
		s, err := openYears(x.rebuildDir(), x.opt, true)
		if err != nil {
			return err
		}
		err = s.drop(y)
		return errors.Join(err, s.close())
	}
	return nil
}

// Close closes the index.
func (x *Index) Close() error {
	x.pendMu.Lock()
	if x.pending != nil {
		_ = x.pending.Close()
		x.pending = nil
	}
	x.pendMu.Unlock()
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.live.close()
}

const (
	rebuildSuffix = ".rebuild"
	oldSuffix     = ".old"
	pendingFile   = "pending.jsonl"
)

func (x *Index) rebuildDir() string { return x.path + rebuildSuffix }

func (x *Index) openPending() error {
	f, err := os.OpenFile(filepath.Join(x.rebuildDir(), pendingFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("index: pending log: %w", err)
	}
	x.pendMu.Lock()
	x.pending = f
	x.pendMu.Unlock()
	return nil
}

func (x *Index) logPending(e Entry) error {
	x.pendMu.Lock()
	defer x.pendMu.Unlock()
	if x.pending == nil {
		return nil
	}
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("index: pending %s: %w", e.DocID, err)
	}
	if _, err := x.pending.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("index: pending %s: %w", e.DocID, err)
	}
	return nil
}
