// Package index is the search index of shohyo, a bleve index derived from
// the records in storage: it holds nothing that cannot be rebuilt from
// them (see Rebuild). The mapping is schemas/index-mapping.json.
//
// Terms: an Entry is what is indexed of one document (its latest record
// version, or its pipeline status when it has none yet); a Query is the
// one query model the CLI and the API share.
package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk" // registers the "cjk" analyzer the mapping names
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/shohyo/shohyo/schemas"
)

// Entry is the indexed form of one document. Dates are zero and Total nil
// when unknown.
type Entry struct {
	DocID              string    `json:"doc_id"`
	IssuerName         string    `json:"issuer_name,omitempty"`
	IssuerExact        string    `json:"issuer_exact,omitempty"`
	Recipient          string    `json:"recipient,omitempty"`
	RegistrationNumber string    `json:"registration_number,omitempty"`
	InvoiceNumber      string    `json:"invoice_number,omitempty"`
	DocumentType       string    `json:"document_type,omitempty"`
	Currency           string    `json:"currency,omitempty"`
	Status             string    `json:"status"`
	Reason             string    `json:"reason,omitempty"`
	FileName           string    `json:"file_name,omitempty"`
	IssueDate          time.Time `json:"issue_date,omitzero"`
	ReceivedAt         time.Time `json:"received_at,omitzero"`
	Total              *float64  `json:"total,omitempty"`
	TotalText          string    `json:"total_text,omitempty"`
	Version            int       `json:"version"`
	Arrivals           int       `json:"arrivals"`
	Text               string    `json:"text,omitempty"`
}

// Index is a bleve index that can be swapped for a rebuilt one while
// searches go on.
type Index struct {
	mu   sync.RWMutex
	path string
	b    bleve.Index
	// During a rebuild, entries put meanwhile are kept here and applied
	// to the new index at the swap, so none is lost to the race.
	pendMu  sync.Mutex
	pending map[string]Entry
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

// Open opens the index at path, creating it when missing.
func Open(path string) (*Index, error) {
	b, err := openOrCreate(path)
	if err != nil {
		return nil, err
	}
	return &Index{path: path, b: b}, nil
}

func openOrCreate(path string) (bleve.Index, error) {
	b, err := bleve.Open(path)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		m, merr := Mapping()
		if merr != nil {
			return nil, merr
		}
		b, err = bleve.New(path, m)
	}
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	return b, nil
}

// Put adds or replaces the entry of one document.
func (x *Index) Put(e Entry) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	x.pendMu.Lock()
	if x.pending != nil {
		x.pending[e.DocID] = e
	}
	x.pendMu.Unlock()
	if err := x.b.Index(e.DocID, e); err != nil {
		return fmt.Errorf("index: put %s: %w", e.DocID, err)
	}
	return nil
}

// Count is the number of indexed documents.
func (x *Index) Count() (uint64, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.b.DocCount()
}

// Close closes the index.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.b.Close()
}

// Builder fills a fresh index in batches, to replace a live one.
type Builder struct {
	path  string
	b     bleve.Index
	batch *bleve.Batch
	size  int
}

// batchSize bounds memory while rebuilding (libraries.md: batch size
// bounds memory) yet amortises segment creation.
const batchSize = 1000

// NewBuilder starts a fresh index next to x's directory.
func (x *Index) NewBuilder() (*Builder, error) {
	path := fmt.Sprintf("%s.rebuild-%d", x.path, time.Now().UnixNano())
	m, err := Mapping()
	if err != nil {
		return nil, err
	}
	b, err := bleve.New(path, m)
	if err != nil {
		return nil, fmt.Errorf("index: rebuild: %w", err)
	}
	x.pendMu.Lock()
	x.pending = map[string]Entry{}
	x.pendMu.Unlock()
	return &Builder{path: path, b: b, batch: b.NewBatch()}, nil
}

// Add queues one entry.
func (r *Builder) Add(e Entry) error {
	if err := r.batch.Index(e.DocID, e); err != nil {
		return fmt.Errorf("index: rebuild %s: %w", e.DocID, err)
	}
	if r.size++; r.size >= batchSize {
		return r.flush()
	}
	return nil
}

func (r *Builder) flush() error {
	if r.size == 0 {
		return nil
	}
	err := r.b.Batch(r.batch)
	r.batch.Reset()
	r.size = 0
	if err != nil {
		return fmt.Errorf("index: rebuild batch: %w", err)
	}
	return nil
}

// Abort throws the half-built index away.
func (x *Index) Abort(r *Builder) {
	x.pendMu.Lock()
	x.pending = nil
	x.pendMu.Unlock()
	r.abort()
}

func (r *Builder) abort() {
	_ = r.b.Close()
	_ = os.RemoveAll(r.path)
}

// Swap makes the rebuilt index the live one of x. Searches wait for the
// swap; the old directory is removed after.
func (x *Index) Swap(r *Builder) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.pendMu.Lock()
	for _, e := range x.pending {
		if err := r.Add(e); err != nil {
			x.pendMu.Unlock()
			return err
		}
	}
	x.pending = nil
	x.pendMu.Unlock()
	if err := r.flush(); err != nil {
		r.abort()
		return err
	}
	if err := r.b.Close(); err != nil {
		return fmt.Errorf("index: rebuild close: %w", err)
	}
	if err := x.b.Close(); err != nil {
		return fmt.Errorf("index: close old: %w", err)
	}
	old := x.path + ".old"
	_ = os.RemoveAll(old)
	if err := os.Rename(x.path, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("index: swap: %w", err)
	}
	if err := os.Rename(r.path, x.path); err != nil {
		return fmt.Errorf("index: swap: %w", err)
	}
	b, err := bleve.Open(x.path)
	if err != nil {
		return fmt.Errorf("index: reopen after swap: %w", err)
	}
	x.b = b
	_ = os.RemoveAll(old)
	return nil
}

// Has reports whether a document is in the index.
func (x *Index) Has(id string) (bool, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	d, err := x.b.Document(id)
	if err != nil {
		return false, fmt.Errorf("index: has %s: %w", id, err)
	}
	return d != nil, nil
}
