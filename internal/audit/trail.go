package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/shohyo/shohyo/internal/storage"
)

// decodeStrict decodes exactly one JSON value with known fields only: an
// edited line with an extra key is as suspicious as a changed value.
func decodeStrict(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("trailing data after the event")
	}
	return nil
}

// Trail is the whole log as read back and checked.
type Trail struct {
	Segments []*Segment
	// Problems found in the chain, each naming the segment at fault.
	Problems []Problem
	LastSeq  int64
	LastHash string
}

// readConcurrency is how many segments are fetched at once: on S3 each is
// one GET, and latency, not bandwidth, bounds a sequential read.
const readConcurrency = 8

// ReadTrail reads every segment in order and checks the chain: sequence
// numbers without gaps, each event naming the hash of the line before it.
// Storage errors are returned; damage is reported in Trail.Problems.
func ReadTrail(ctx context.Context, b *storage.Bucket) (*Trail, error) {
	var keys []string
	err := b.List(ctx, SegmentPrefix, func(i storage.Info) error {
		if _, ok := segmentSeq(i.Key); ok {
			keys = append(keys, i.Key)
		} else {
			return fmt.Errorf("audit: foreign object %s among the segments", i.Key)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	segs := make([]*Segment, len(keys))
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	sem := make(chan struct{}, readConcurrency)
	for i, k := range keys {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			segs[i], errs[i] = ReadSegment(ctx, b, k)
		}()
	}
	wg.Wait()
	t := &Trail{}
	for i, err := range errs {
		if errors.Is(err, storage.ErrNotFound) {
			// Listed, then gone: on S3 a delete marker hides it.
			t.Problems = append(t.Problems, Problem{keys[i], CodeMissing, "segment listed but cannot be read: " + err.Error()})
			continue
		}
		if err != nil {
			return nil, err
		}
		t.Segments = append(t.Segments, segs[i])
	}
	t.check()
	return t, nil
}

// check walks the chain. A changed line k shows as event k+1 naming a
// hash line k no longer has, so the fault is reported on the segment
// holding line k.
func (t *Trail) check() {
	expected := int64(1)
	prevHash, prevKey := "", ""
	trustPrev := true // false right after a gap: the link is already reported
	for _, seg := range t.Segments {
		switch {
		case seg.First > expected:
			t.Problems = append(t.Problems, Problem{SegmentKey(expected), CodeMissing,
				fmt.Sprintf("events %d to %d are missing (a segment was removed)", expected, seg.First-1)})
			trustPrev = false
		case seg.First < expected:
			t.Problems = append(t.Problems, Problem{seg.Key, CodeChain,
				fmt.Sprintf("segment starts at event %d, but the previous segment already reached event %d", seg.First, expected-1)})
		}
		expected = seg.First
		for i, line := range seg.Lines {
			ev, derr := seg.Events[i], seg.Errs[i]
			switch {
			case derr != nil:
				t.Problems = append(t.Problems, Problem{seg.Key, CodeUnreadable,
					fmt.Sprintf("line %d (event %d) is not a valid event: %v", i+1, expected, derr)})
			case ev.Seq != expected:
				t.Problems = append(t.Problems, Problem{seg.Key, CodeChain,
					fmt.Sprintf("line %d has event number %d, expected %d", i+1, ev.Seq, expected)})
			case trustPrev && ev.Prev != prevHash:
				at := prevKey
				msg := fmt.Sprintf("event %d records %q as the hash of event %d, which now hashes to %q: event %d was altered",
					ev.Seq, ev.Prev, ev.Seq-1, prevHash, ev.Seq-1)
				if at == "" {
					at = seg.Key
					msg = fmt.Sprintf("event %d is the first event but names a previous hash", ev.Seq)
				}
				t.Problems = append(t.Problems, Problem{at, CodeAltered, msg})
			}
			trustPrev = true
			prevHash, prevKey = HashLine(line), seg.Key
			expected++
		}
	}
	t.LastSeq, t.LastHash = expected-1, prevHash
}

// Events calls fn for every readable event in order.
func (t *Trail) Events(fn func(seg *Segment, ev Event, lineHash string)) {
	for _, seg := range t.Segments {
		for i, ev := range seg.Events {
			if seg.Errs[i] == nil {
				fn(seg, ev, HashLine(seg.Lines[i]))
			}
		}
	}
}
