package vendor

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// Cache is the register of a store kept current in memory for the
// pipeline and the API. Refresh reads only the objects written since the
// last refresh, so keeping up costs one listing. Every process (serve,
// each worker) has its own; they agree through storage, where every
// observation is its own create-only object, so concurrent writers never
// lose one another's facts.
type Cache struct {
	s     *Store
	every time.Duration
	now   func() time.Time

	mu    sync.Mutex // serialises refreshes
	objs  objects
	last  time.Time
	dirty bool
	reg   atomic.Pointer[Register]
}

// NewCache returns a cache over s that lists storage at most once per
// every (0: on every Refresh). Writes through the cache are seen at once.
func NewCache(s *Store, every time.Duration) *Cache {
	c := &Cache{s: s, every: every, now: time.Now, dirty: true}
	c.reg.Store(build(nil, nil))
	return c
}

// Refresh reads what other processes wrote since the last refresh.
func (c *Cache) Refresh(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dirty && c.now().Sub(c.last) < c.every {
		return nil
	}
	n := len(c.objs.seen)
	if err := c.s.readNew(ctx, &c.objs); err != nil {
		return err
	}
	c.last, c.dirty = c.now(), false
	if len(c.objs.seen) != n || n == 0 {
		c.reg.Store(build(c.objs.facts, c.objs.hints))
	}
	return nil
}

// Register is the register as of the last refresh.
func (c *Cache) Register() *Register { return c.reg.Load() }

// Improve is Register.Improve on the register as of the last refresh:
// the cache as an extract.Improver. The extract step refreshes first.
func (c *Cache) Improve(f *record.Fields, d *layout.Document) []string {
	return c.Register().Improve(f, d)
}

// Learn is Store.Learn; the next Refresh reads what it wrote.
func (c *Cache) Learn(ctx context.Context, v, prev *record.Version, d *layout.Document) error {
	defer c.markDirty()
	return c.s.Learn(ctx, v, prev, d)
}

// RebuildIfMissing rebuilds the register from the archive's record
// versions unless a rebuild finished before (Store.Rebuild): on the first
// start over an archive from before the register, or after the register
// was removed. It returns how many versions confirmed an issuer.
func (c *Cache) RebuildIfMissing(ctx context.Context, a Archive) (int, error) {
	done, err := c.s.b.Exists(ctx, rebuiltKey)
	if err != nil || done {
		return 0, err
	}
	return c.Rebuild(ctx, a)
}

// Rebuild derives the register from the archive's record versions again
// (Store.Rebuild), whether or not a rebuild finished before: what a
// failed write kept the register from learning is learned now, and what
// it already holds stays as it is.
func (c *Cache) Rebuild(ctx context.Context, a Archive) (int, error) {
	defer c.markDirty()
	return c.s.Rebuild(ctx, a)
}

func (c *Cache) markDirty() {
	c.mu.Lock()
	c.dirty = true
	c.mu.Unlock()
}
