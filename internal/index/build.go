package index

import (
	"bufio"
	"context"
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
	batches map[int]*bleve.Batch // being filled, per year
	queued  int                  // entries added since the last checkpoint
	last    string
	ordered bool
	ck      checkpoint

	sem       chan struct{} // batches being written
	inflight  sync.WaitGroup
	errMu     sync.Mutex
	err       error        // of a batch written in the background
	persisted []chan error // one per batch written since the checkpoint

	restoreGC func() // the collector's settings from before the rebuild (buildgc.go)
}

// checkpoint is the rebuild directory's record of its progress.
type checkpoint struct {
	After string `json:"after"` // every document up to this id is in
	Done  int    `json:"done"`  // how many documents that is
}

const checkpointFile = "checkpoint.json"

// BatchSize is how many entries of one fiscal year a builder indexes at
// once: a batch's analysed form is held in memory (libraries.md: batch
// size bounds memory) while a bigger one amortises segment creation and
// merging. Every checkpointEvery entries all years' batches are written
// and the checkpoint moves: that is what a resumed rebuild redoes at most.
const BatchSize = 1000

// checkpointEvery is a variable so that tests can make it small. Each
// checkpoint writes every year's part-filled batch and waits for all of
// them to reach the disk, leaving a core idle: every 10,000 entries, a
// year's batch never filled (ten years get about 900 each) and 300,000
// documents indexed at 5,080-5,209/s using 1.75 of 2 cores, against
// 5,646-5,731/s using 1.86 every 50,000 (docs/benchmarks.md). A resumed
// rebuild redoes at most these, about ten seconds.
var checkpointEvery = 50 * BatchSize

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
	s, err := openYears(dir, x.opt, true)
	if err == nil && s.staleMapping { // begun by an older version: start over
		ck = checkpoint{}
		_ = s.close()
		if err = os.RemoveAll(dir); err == nil {
			s, err = openYears(dir, x.opt, true)
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
	return &Builder{x: x, set: s, batches: map[int]*bleve.Batch{}, ck: ck, last: ck.After, ordered: true,
		sem: make(chan struct{}, 2), restoreGC: gcForBuild()}, nil
}

// After is the doc id up to which an earlier attempt got ("" for a fresh
// rebuild): the caller may skip those documents. Done is their number.
func (r *Builder) After() string { return r.ck.After }

// Done is how many documents the rebuilt index has so far (queued or
// written).
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
	r.queued++
	if bt.Size() >= BatchSize {
		// One year's batch is full: written alone, so that each segment
		// holds a full batch of one year rather than a sliver of every
		// year (small segments cost merges later).
		r.batches[y] = nil
		if err := r.write(y, bt); err != nil {
			return err
		}
	}
	if r.queued >= checkpointEvery {
		return r.Flush()
	}
	return nil
}

// write hands one year's batch to its index in the background, two at a
// time: segment building is single-threaded per batch, and two in flight
// keep both cores busy without holding every year's analysed batch in
// memory. The rebuild's indexes take batches without waiting for them to
// reach the disk (unsafe_batch), so writing overlaps the next batch too;
// each batch reports when it is on disk, and a checkpoint waits for all.
func (r *Builder) write(y int, bt *bleve.Batch) error {
	if err := r.writeErr(); err != nil {
		return err
	}
	done := make(chan error, 1)
	bt.SetPersistedCallback(func(err error) { done <- err })
	r.sem <- struct{}{}
	r.inflight.Add(1)
	go func() {
		defer func() { <-r.sem; r.inflight.Done() }()
		if err := r.set.years[y].Batch(bt); err != nil {
			r.errMu.Lock()
			r.err = errors.Join(r.err, fmt.Errorf("index: rebuild FY%d batch: %w", y, err))
			r.errMu.Unlock()
			return
		}
		r.errMu.Lock()
		r.persisted = append(r.persisted, done)
		r.errMu.Unlock()
	}()
	return nil
}

func (r *Builder) writeErr() error {
	r.errMu.Lock()
	defer r.errMu.Unlock()
	return r.err
}

// Flush writes the queued entries, waits until they are on disk, and
// moves the checkpoint.
func (r *Builder) Flush() error {
	if r.queued == 0 {
		return nil
	}
	for y, bt := range r.batches {
		if bt != nil && bt.Size() > 0 {
			r.batches[y] = nil
			if err := r.write(y, bt); err != nil {
				return err
			}
		}
	}
	r.inflight.Wait()
	if err := r.writeErr(); err != nil {
		return err
	}
	for _, done := range r.persisted {
		if err := <-done; err != nil {
			return fmt.Errorf("index: rebuild: persist: %w", err)
		}
	}
	r.persisted = r.persisted[:0]
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
	defer r.restoreGC()
	r.inflight.Wait()
	_ = r.set.close()
}

// Discard stops the rebuild and throws it away.
func (x *Index) Discard(r *Builder) error {
	defer r.restoreGC()
	r.inflight.Wait()
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

// Swap makes the rebuilt index the live one of x: its years are compacted
// (see Compact), the puts logged during the rebuild are replayed into it,
// then it replaces the old directory. Searches and puts wait only for the
// last two.
func (x *Index) Swap(r *Builder) error {
	defer r.restoreGC()
	if err := r.Flush(); err != nil {
		return err
	}
	// Before taking the lock: searches go on while the years are merged.
	if err := r.set.compact(context.Background()); err != nil {
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
	// Reopened with safe batches for the replay: an unsafe index only
	// persists on its own schedule, and closing it may drop the last writes.
	if err := r.set.close(); err != nil {
		return err
	}
	safe, err := openYears(r.set.dir, x.opt, false)
	if err != nil {
		return err
	}
	if err := replayPending(filepath.Join(r.set.dir, pendingFile), safe, x.opt); err != nil {
		_ = safe.close()
		return err
	}
	if err := safe.close(); err != nil {
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
	s, err := openYears(x.path, x.opt, false)
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
