package index

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// Builder fills a fresh set of year indexes in batches, beside the live
// one, to replace it (Swap). Entries must come in doc id order (as
// docstore.Scan gives them): after each batch the builder records the last
// id, and a rebuild interrupted by an error or a crash resumes after it
// (NewBuilder, After). A Builder is used by one goroutine.
type Builder struct {
	x       *Index
	set     *yearSet
	batches map[int]*bleve.Batch
	queued  int
	last    string
	ordered bool
	ck      checkpoint
}

// checkpoint is the rebuild directory's record of its progress.
type checkpoint struct {
	After string `json:"after"` // every document up to this id is in
	Done  int    `json:"done"`  // how many documents that is
}

const checkpointFile = "checkpoint.json"

// BatchSize is how many entries a builder indexes at once: a batch's
// analysed form is held in memory (libraries.md: batch size bounds
// memory) while a bigger one amortises segment creation and merging.
const BatchSize = 2000

// NewBuilder starts a rebuild in <path>.rebuild, or resumes the one found
// there. From now until Swap or Discard, every Put is also logged for it.
func (x *Index) NewBuilder() (*Builder, error) {
	dir := x.rebuildDir()
	var ck checkpoint
	b, err := os.ReadFile(filepath.Join(dir, checkpointFile))
	switch {
	case err == nil:
		if jerr := json.Unmarshal(b, &ck); jerr != nil {
			ck = checkpoint{} // unreadable: start over
			if err := os.RemoveAll(dir); err != nil {
				return nil, fmt.Errorf("index: rebuild: %w", err)
			}
		}
	case errors.Is(err, os.ErrNotExist):
		// A directory without checkpoint never finished a batch.
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("index: rebuild: %w", err)
		}
	default:
		return nil, fmt.Errorf("index: rebuild: %w", err)
	}
	s, err := openYears(dir, x.opt)
	if err == nil && s.staleMapping { // begun by an older version: start over
		ck = checkpoint{}
		_ = s.close()
		if err = os.RemoveAll(dir); err == nil {
			s, err = openYears(dir, x.opt)
		}
	}
	if err != nil {
		return nil, err
	}
	x.mu.RLock()
	for _, y := range x.live.meta.Dropped {
		if !s.dropped(y) {
			s.meta.Dropped = append(s.meta.Dropped, y)
		}
	}
	x.mu.RUnlock()
	if err := s.saveMeta(); err != nil {
		_ = s.close()
		return nil, err
	}
	x.pendMu.Lock()
	open := x.pending != nil
	x.pendMu.Unlock()
	if !open {
		if err := x.openPending(); err != nil {
			_ = s.close()
			return nil, err
		}
	}
	return &Builder{x: x, set: s, batches: map[int]*bleve.Batch{}, ck: ck, last: ck.After, ordered: true}, nil
}

// After is the doc id up to which an earlier attempt got ("" for a fresh
// rebuild): the caller may skip those documents. Done is their number.
func (r *Builder) After() string { return r.ck.After }

// Done is how many documents are in the rebuilt index so far.
func (r *Builder) Done() int { return r.ck.Done + r.queued }

// Add queues one entry; entries up to After are ignored.
func (r *Builder) Add(e Entry) error {
	if r.ck.After != "" && e.DocID <= r.ck.After {
		return nil
	}
	if e.DocID <= r.last {
		r.ordered = false // the checkpoint can no longer say what is in
	}
	r.last = e.DocID
	y := r.x.opt.YearOf(&e)
	if r.set.dropped(y) {
		return nil
	}
	d, err := document(e)
	if err != nil {
		return err
	}
	bt := r.batches[y]
	if bt == nil {
		b, err := r.set.get(y, true)
		if err != nil {
			return err
		}
		bt = b.NewBatch()
		r.batches[y] = bt
	}
	if err := bt.Index(e.DocID, d); err != nil {
		return fmt.Errorf("index: rebuild %s: %w", e.DocID, err)
	}
	if r.queued++; r.queued >= BatchSize {
		return r.Flush()
	}
	return nil
}

// Flush writes the queued entries and the checkpoint. The years' batches
// are written in parallel: each is its own index, and segment building is
// single-threaded within one.
func (r *Builder) Flush() error {
	if r.queued == 0 {
		return nil
	}
	var wg sync.WaitGroup
	errs := make([]error, 0, len(r.batches))
	var mu sync.Mutex
	for y, bt := range r.batches {
		if bt.Size() == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := r.set.years[y].Batch(bt)
			bt.Reset()
			if err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("index: rebuild FY%d batch: %w", y, err))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	r.ck.Done += r.queued
	r.queued = 0
	ck := r.ck
	ck.After = r.last
	if !r.ordered {
		ck.After = ""
	}
	r.ck.After = ck.After
	b, err := json.Marshal(ck)
	if err != nil {
		return fmt.Errorf("index: checkpoint: %w", err)
	}
	return writeFileAtomic(filepath.Join(r.set.dir, checkpointFile), b)
}

// Abort stops the rebuild and keeps what it built: the next NewBuilder
// resumes after the last checkpoint, and puts stay logged until then.
func (x *Index) Abort(r *Builder) {
	_ = r.set.close()
}

// Discard stops the rebuild and throws it away.
func (x *Index) Discard(r *Builder) error {
	_ = r.set.close()
	x.pendMu.Lock()
	if x.pending != nil {
		_ = x.pending.Close()
		x.pending = nil
	}
	x.pendMu.Unlock()
	if err := os.RemoveAll(x.rebuildDir()); err != nil {
		return fmt.Errorf("index: discard rebuild: %w", err)
	}
	return nil
}

// Swap makes the rebuilt index the live one of x: the puts logged during
// the rebuild are replayed into it, then it replaces the old directory.
// Searches and puts wait for the swap.
func (x *Index) Swap(r *Builder) error {
	if err := r.Flush(); err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.pendMu.Lock()
	defer x.pendMu.Unlock()
	if x.pending != nil {
		_ = x.pending.Close()
		x.pending = nil
	}
	if err := replayPending(filepath.Join(r.set.dir, pendingFile), r.set, x.opt); err != nil {
		return err
	}
	if err := r.set.close(); err != nil {
		return err
	}
	for _, f := range []string{checkpointFile, pendingFile} {
		if err := os.Remove(filepath.Join(r.set.dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("index: swap: %w", err)
		}
	}
	if err := x.live.close(); err != nil {
		return err
	}
	old := x.path + oldSuffix
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("index: swap: %w", err)
	}
	if err := os.Rename(x.path, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("index: swap: %w", err)
	}
	if err := os.Rename(r.set.dir, x.path); err != nil {
		return fmt.Errorf("index: swap: %w", err)
	}
	s, err := openYears(x.path, x.opt)
	if err != nil {
		return fmt.Errorf("index: reopen after swap: %w", err)
	}
	x.live = s
	x.alias = x.aliasOf(s.list())
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("index: swap: remove old: %w", err)
	}
	return nil
}

// replayPending applies the logged puts in order, so the last one of each
// document wins, as it did in the live index.
func replayPending(path string, s *yearSet, o Options) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("index: replay: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 64<<20)
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			// Only the last line can be cut, by a crash in the middle of
			// its put; that put never returned, so its task runs again.
			continue
		}
		if err := s.put(e, o, true); err != nil {
			return fmt.Errorf("index: replay %s: %w", e.DocID, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("index: replay: %w", err)
	}
	return nil
}
