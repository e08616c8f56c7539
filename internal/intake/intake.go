// Package intake finds files that arrive in the inbox and hands each to
// the pipeline exactly as an object key.
//
// Two paths lead there. Events: an S3 server posts bucket notifications
// (MinIO's persistent webhook target, which queues events on disk while
// shohyo is down) to the Webhook handler. Reconcile: a full listing of the
// inbox at start and then periodically, which is what guarantees that
// nothing is missed; events only make intake prompt. Enqueueing a key twice
// is harmless: the pipeline's task ids and idempotent steps absorb it.
package intake

import (
	"context"
	"log/slog"
	"path"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/storage"
)

// Enqueuer takes a new inbox key into the pipeline.
type Enqueuer interface {
	EnqueueIntake(ctx context.Context, key string) error
}

// Watcher lists the inbox and enqueues what it finds.
type Watcher struct {
	Inbox *storage.Bucket
	Queue Enqueuer
	// Every is the interval between full listings.
	Every time.Duration
	// Settle is how long an object must be unchanged before it is taken:
	// a local file may still be being copied; S3 objects appear whole,
	// so 0 there.
	Settle time.Duration
	// Skip is a key prefix that is never taken (the inbox quarantine).
	Skip string
	Now  func() time.Time
	Log  *slog.Logger
}

// Eligible reports whether an inbox key is a file to take: not in the
// skipped area, not hidden and not a partial download or editor file. A
// name no storage call accepts (control characters, invalid UTF-8) is
// left in place with a warning: it could be neither read nor moved.
func (w *Watcher) Eligible(key string) bool {
	if w.Skip != "" && strings.HasPrefix(key, w.Skip) {
		return false
	}
	if err := storage.CheckKey(key); err != nil {
		w.Log.Warn("inbox: file name cannot be stored; rename it", "key", key, "err", err)
		return false
	}
	base := path.Base(key)
	switch {
	case strings.HasPrefix(base, "."), strings.HasPrefix(base, "~"),
		strings.HasSuffix(base, ".part"), strings.HasSuffix(base, ".crdownload"),
		strings.HasSuffix(base, ".tmp"):
		return false
	}
	return true
}

// Reconcile lists the inbox once and enqueues every eligible, settled
// object. It returns how many it enqueued.
func (w *Watcher) Reconcile(ctx context.Context) (int, error) {
	n := 0
	cutoff := w.Now().Add(-w.Settle)
	err := w.Inbox.List(ctx, "", func(i storage.Info) error {
		if !w.Eligible(i.Key) || (w.Settle > 0 && i.ModTime.After(cutoff)) {
			return nil
		}
		if err := w.Queue.EnqueueIntake(ctx, i.Key); err != nil {
			return err
		}
		n++
		return nil
	})
	return n, err
}

// Run reconciles now and then every w.Every until ctx ends. Errors are
// logged and the next round tries again.
func (w *Watcher) Run(ctx context.Context) {
	t := time.NewTicker(w.Every)
	defer t.Stop()
	for {
		if n, err := w.Reconcile(ctx); err != nil {
			w.Log.Warn("inbox listing failed; will try again", "err", err)
		} else if n > 0 {
			w.Log.Info("inbox: files taken", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
