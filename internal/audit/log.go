package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shohyo/shohyo/internal/storage"
)

// Key prefixes in the archive bucket.
const (
	SegmentPrefix = "audit/segments/"
	AnchorPrefix  = "audit/anchors/"
)

// SegmentKey returns the key of the segment whose first event is seq.
func SegmentKey(seq int64) string {
	return fmt.Sprintf("%s%016d.jsonl", SegmentPrefix, seq)
}

// segmentSeq parses a segment key; ok is false for a foreign key.
func segmentSeq(key string) (int64, bool) {
	s, ok := strings.CutPrefix(key, SegmentPrefix)
	if !ok || !strings.HasSuffix(s, ".jsonl") {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(s, ".jsonl"), 10, 64)
	return n, err == nil && n > 0
}

// Options configures a Log.
type Options struct {
	// Now is the clock of event times; nil means time.Now.
	Now func() time.Time
	// Linger is how long the first event of a batch waits for others
	// before its segment is written; concurrent appends share a segment.
	Linger time.Duration
	// Lock, if set, is called with the key of every segment written, to
	// apply retention; a failure is logged, not returned, because the
	// events are stored (the bucket's default retention still holds).
	Lock func(ctx context.Context, key string) error
	Log  *slog.Logger
}

// maxRetries bounds how often a batch is re-chained after losing the race
// for a segment key to another process.
const maxRetries = 100

// Log appends events. It is safe for concurrent use, also by several
// processes sharing the bucket.
type Log struct {
	b    *storage.Bucket
	opts Options

	mu       sync.Mutex
	queue    []*waiter
	flushing bool
	// tail of the chain as last seen; known is false until loaded.
	known    bool
	lastSeq  int64
	lastHash string
}

type waiter struct {
	ev   Event
	done chan error
}

// NewLog returns a Log writing to b.
func NewLog(b *storage.Bucket, opts Options) *Log {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Log{b: b, opts: opts}
}

// Append logs ev and returns it as stored (with Seq, Time and Prev set)
// once the segment holding it is in the bucket. If ctx ends first, Append
// returns ctx.Err() and the event may or may not be stored.
func (l *Log) Append(ctx context.Context, ev Event) (Event, error) {
	if err := ev.check(); err != nil {
		return ev, err
	}
	ev.Seq, ev.Prev = 0, ""
	ev.Time = l.opts.Now().UTC()
	w := &waiter{ev: ev, done: make(chan error, 1)}
	l.mu.Lock()
	l.queue = append(l.queue, w)
	if !l.flushing {
		l.flushing = true
		go l.flushLoop()
	}
	l.mu.Unlock()
	select {
	case err := <-w.done:
		return w.ev, err
	case <-ctx.Done():
		return ev, ctx.Err()
	}
}

// flushLoop writes queued events until the queue is empty. It runs on its
// own context: a caller giving up must not abort the other callers' write.
func (l *Log) flushLoop() {
	for {
		if l.opts.Linger > 0 {
			time.Sleep(l.opts.Linger)
		}
		l.mu.Lock()
		batch := l.queue
		l.queue = nil
		if len(batch) == 0 {
			l.flushing = false
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		err := l.write(ctx, batch)
		cancel()
		for _, w := range batch {
			w.done <- err
		}
	}
}

// write stores batch as one segment behind the current tail.
func (l *Log) write(ctx context.Context, batch []*waiter) error {
	if err := l.loadTail(ctx); err != nil {
		return err
	}
	for range maxRetries {
		first := l.lastSeq + 1
		var buf bytes.Buffer
		seq, prev := first, l.lastHash
		for _, w := range batch {
			w.ev.Seq, w.ev.Prev = seq, prev
			line, err := w.ev.encode()
			if err != nil {
				return err
			}
			buf.Write(line)
			buf.WriteByte('\n')
			seq, prev = seq+1, HashLine(line)
		}
		key := SegmentKey(first)
		err := l.b.Create(ctx, key, bytes.NewReader(buf.Bytes()), int64(buf.Len()), "application/x-ndjson")
		if errors.Is(err, storage.ErrExists) {
			// Another process appended first: follow its segments and
			// chain this batch behind the new tail.
			if err := l.advance(ctx); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("audit: write segment: %w", err)
		}
		l.lastSeq, l.lastHash = seq-1, prev
		if l.opts.Lock != nil {
			if err := l.opts.Lock(ctx, key); err != nil {
				l.opts.Log.Error("audit segment stored but not locked", "key", key, "err", err)
			}
		}
		return nil
	}
	return fmt.Errorf("audit: gave up after %d lost races for the next segment", maxRetries)
}

// loadTail finds the end of the chain once, from the last segment.
func (l *Log) loadTail(ctx context.Context) error {
	if l.known {
		return nil
	}
	last := ""
	err := l.b.List(ctx, SegmentPrefix, func(i storage.Info) error {
		if _, ok := segmentSeq(i.Key); ok {
			last = i.Key
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("audit: find the end of the log: %w", err)
	}
	if last != "" {
		if err := l.readTail(ctx, last); err != nil {
			return err
		}
	}
	l.known = true
	return l.advance(ctx)
}

// advance follows segments written after the known tail by other
// processes: each one's key is the number after the previous one's last.
func (l *Log) advance(ctx context.Context) error {
	for {
		key := SegmentKey(l.lastSeq + 1)
		err := l.readTail(ctx, key)
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readTail sets the tail from the last line of the segment at key.
func (l *Log) readTail(ctx context.Context, key string) error {
	seg, err := ReadSegment(ctx, l.b, key)
	if err != nil {
		return err
	}
	if len(seg.Lines) == 0 {
		return fmt.Errorf("audit: segment %s is empty", key)
	}
	last := seg.Events[len(seg.Events)-1]
	if last.Seq == 0 {
		return fmt.Errorf("audit: the last event of %s cannot be read; the log must be repaired before it can grow", key)
	}
	l.lastSeq, l.lastHash = last.Seq, HashLine(seg.Lines[len(seg.Lines)-1])
	return nil
}

// Segment is one stored segment as read back.
type Segment struct {
	Key    string
	First  int64  // from the key
	SHA256 string // of the whole object
	Lines  [][]byte
	// Events holds the decoded lines; an event that cannot be decoded is
	// the zero Event, with its error in Errs at the same index.
	Events []Event
	Errs   []error
}

// ReadSegment reads and decodes the segment at key.
func ReadSegment(ctx context.Context, b *storage.Bucket, key string) (*Segment, error) {
	first, ok := segmentSeq(key)
	if !ok {
		return nil, fmt.Errorf("audit: %s is not a segment key", key)
	}
	rc, err := b.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(rc); err != nil {
		return nil, fmt.Errorf("audit: read %s: %w", key, err)
	}
	data := buf.Bytes()
	seg := &Segment{Key: key, First: first, SHA256: HashBytes(data)}
	for line := range bytes.SplitSeq(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		if len(data) == 0 {
			break
		}
		var ev Event
		err := decodeStrict(line, &ev)
		if err != nil {
			ev = Event{}
		}
		seg.Lines = append(seg.Lines, line)
		seg.Events = append(seg.Events, ev)
		seg.Errs = append(seg.Errs, err)
	}
	return seg, nil
}
