package audit

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/storage"
)

// Anchor fixes the state of the log at a point in time. JSON form:
// schemas/anchor.schema.json.
type Anchor struct {
	Number    int       `json:"number"`
	CreatedAt time.Time `json:"created_at"`
	// Previous is the SHA-256 of the previous anchor's stored bytes;
	// empty for anchor 1. Anchors form a chain of their own.
	Previous string `json:"previous,omitempty"`
	// FromSeq..ToSeq are the events covered: whole segments written since
	// the previous anchor.
	FromSeq       int64        `json:"from_seq"`
	ToSeq         int64        `json:"to_seq"`
	PeriodStart   time.Time    `json:"period_start"` // time of event FromSeq
	PeriodEnd     time.Time    `json:"period_end"`   // time of event ToSeq
	LastEventHash string       `json:"last_event_hash"`
	Segments      []SegmentRef `json:"segments"`
	Objects       int          `json:"objects"` // archive objects named by the events
	Leaves        int          `json:"leaves"`
	Root          string       `json:"root"` // Merkle root, hex
	// Timestamp is an RFC 3161 token over Digest(), when a TSA is set.
	Timestamp *Stamp `json:"timestamp,omitempty"`
}

// SegmentRef names a covered segment and its hash, so a changed segment
// is reported by name, not only as a root that does not match.
type SegmentRef struct {
	Key    string `json:"key"`
	SHA256 string `json:"sha256"`
}

// AnchorKey returns the key of anchor n.
func AnchorKey(n int) string { return fmt.Sprintf("%s%08d.json", AnchorPrefix, n) }

func anchorNumber(key string) (int, bool) {
	s, ok := strings.CutPrefix(key, AnchorPrefix)
	if !ok || !strings.HasSuffix(s, ".json") {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, ".json"))
	return n, err == nil && n > 0
}

// Digest is what a timestamp token covers: the SHA-256 of the anchor's
// JSON without the token. It binds the root, the event range, the last
// event's hash and the previous anchor.
func (a *Anchor) Digest() ([]byte, error) {
	c := *a
	c.Timestamp = nil
	b, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("audit: encode anchor: %w", err)
	}
	h := sha256.Sum256(b)
	return h[:], nil
}

// leaves returns the Merkle leaves of segs: per segment its own leaf, then
// per event the event's leaf and, if it names one, the object's leaf.
func leaves(segs []*Segment) (out [][32]byte, objects int) {
	for _, seg := range segs {
		out = append(out, SegmentLeaf(seg.Key, seg.SHA256))
		for i, line := range seg.Lines {
			out = append(out, EventLeaf(HashLine(line)))
			if ev := seg.Events[i]; seg.Errs[i] == nil && ev.Object != "" {
				out = append(out, ObjectLeaf(ev.Object, ev.SHA256))
				objects++
			}
		}
	}
	return out, objects
}

// Anchorer makes anchors.
type Anchorer struct {
	B   *storage.Bucket
	Now func() time.Time
	TSA *TSA // nil: anchors without a token (the anchor chain alone)
	// Lock, if set, applies retention to each anchor written.
	Lock func(ctx context.Context, key string) error
}

// lastAnchor returns the newest anchor, its stored bytes' hash, or nil.
func lastAnchor(ctx context.Context, b *storage.Bucket) (*Anchor, string, error) {
	last := ""
	err := b.List(ctx, AnchorPrefix, func(i storage.Info) error {
		if _, ok := anchorNumber(i.Key); ok {
			last = i.Key
		}
		return nil
	})
	if err != nil || last == "" {
		return nil, "", err
	}
	a, sum, err := readAnchor(ctx, b, last)
	return a, sum, err
}

func readAnchor(ctx context.Context, b *storage.Bucket, key string) (*Anchor, string, error) {
	rc, err := b.Open(ctx, key)
	if err != nil {
		return nil, "", err
	}
	defer rc.Close()
	data, err := readAll(rc)
	if err != nil {
		return nil, "", fmt.Errorf("audit: read %s: %w", key, err)
	}
	var a Anchor
	if err := decodeStrict(data, &a); err != nil {
		return nil, HashBytes(data), fmt.Errorf("audit: decode %s: %w", key, err)
	}
	return &a, HashBytes(data), nil
}

// Make anchors every segment written since the last anchor, or returns
// nil when there is none. With a TSA, a token is required: an anchor is
// not written without one, so a TSA outage delays the anchor (the next
// run covers the whole period) instead of leaving a period unstamped.
func (a *Anchorer) Make(ctx context.Context) (*Anchor, error) {
	prev, prevHash, err := lastAnchor(ctx, a.B)
	if err != nil {
		return nil, err
	}
	next := &Anchor{Number: 1, FromSeq: 1}
	if prev != nil {
		next = &Anchor{Number: prev.Number + 1, Previous: prevHash, FromSeq: prev.ToSeq + 1}
	}
	var segs []*Segment
	for seq := next.FromSeq; ; {
		seg, err := ReadSegment(ctx, a.B, SegmentKey(seq))
		if errors.Is(err, storage.ErrNotFound) {
			break
		}
		if err != nil {
			return nil, err
		}
		lastEv := seg.Events[len(seg.Events)-1]
		if seg.Errs[len(seg.Errs)-1] != nil || lastEv.Seq != seq+int64(len(seg.Lines))-1 {
			return nil, fmt.Errorf("audit: segment %s is damaged; run verify", seg.Key)
		}
		segs = append(segs, seg)
		seq = lastEv.Seq + 1
	}
	if len(segs) == 0 {
		return nil, nil
	}
	lastSeg := segs[len(segs)-1]
	next.CreatedAt = a.Now().UTC()
	next.ToSeq = lastSeg.Events[len(lastSeg.Events)-1].Seq
	next.PeriodStart = segs[0].Events[0].Time
	next.PeriodEnd = lastSeg.Events[len(lastSeg.Events)-1].Time
	next.LastEventHash = HashLine(lastSeg.Lines[len(lastSeg.Lines)-1])
	for _, s := range segs {
		next.Segments = append(next.Segments, SegmentRef{Key: s.Key, SHA256: s.SHA256})
	}
	lv, objects := leaves(segs)
	next.Leaves, next.Objects, next.Root = len(lv), objects, hexOf(MerkleRoot(lv))
	if a.TSA != nil {
		d, err := next.Digest()
		if err != nil {
			return nil, err
		}
		if next.Timestamp, err = a.TSA.Stamp(ctx, d); err != nil {
			return nil, err
		}
	}
	key := AnchorKey(next.Number)
	if err := a.B.CreateJSON(ctx, key, next); err != nil {
		return nil, fmt.Errorf("audit: write anchor: %w", err)
	}
	if a.Lock != nil {
		if err := a.Lock(ctx, key); err != nil {
			return next, fmt.Errorf("audit: anchor %s stored but not locked: %w", key, err)
		}
	}
	return next, nil
}

// AnchorCheck is the outcome of VerifyAnchors.
type AnchorCheck struct {
	Anchors  []*Anchor
	Problems []Problem
	// Unanchored is the number of events after the last anchor: covered
	// by the chain and the storage lock, not yet by an anchor.
	Unanchored int64
	Stamped    int // anchors with a verified token
}

// VerifyAnchors checks every anchor against the trail: the anchor chain,
// the covered range, each segment's hash, the Merkle root, the last
// event's hash and the token (against roots; nil means system roots).
func VerifyAnchors(ctx context.Context, b *storage.Bucket, t *Trail, roots *x509.CertPool) (*AnchorCheck, error) {
	var keys []string
	err := b.List(ctx, AnchorPrefix, func(i storage.Info) error {
		if _, ok := anchorNumber(i.Key); ok {
			keys = append(keys, i.Key)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	bySeq := map[int64]*Segment{}
	for _, s := range t.Segments {
		bySeq[s.First] = s
	}
	c := &AnchorCheck{}
	bad := func(key, code, format string, args ...any) {
		c.Problems = append(c.Problems, Problem{key, code, fmt.Sprintf(format, args...)})
	}
	prevHash, prevKey, covered := "", "", int64(0)
	for i, key := range keys {
		a, sum, err := readAnchor(ctx, b, key)
		if err != nil && sum == "" {
			return nil, err
		}
		if err != nil {
			bad(key, CodeUnreadable, "%v", err)
			prevHash, prevKey = sum, key
			continue
		}
		if n, _ := anchorNumber(key); a.Number != i+1 || n != i+1 {
			bad(key, CodeChain, "anchor number %d at position %d (an anchor is missing)", a.Number, i+1)
		}
		if a.Previous != prevHash {
			bad(prevKey, CodeAltered, "anchor %d records %q as the hash of this anchor, which now hashes to %q", a.Number, a.Previous, prevHash)
		}
		prevHash, prevKey = sum, key
		if a.FromSeq != covered+1 {
			bad(key, CodeAnchor, "covers events from %d, but the previous anchor ended at %d", a.FromSeq, covered)
		}
		covered = a.ToSeq
		c.Anchors = append(c.Anchors, a)
		var segs []*Segment
		segsOK := true
		for _, ref := range a.Segments {
			s := bySeq[mustSeq(ref.Key)]
			switch {
			case s == nil:
				bad(ref.Key, CodeMissing, "segment covered by anchor %d is missing", a.Number)
				segsOK = false
			case s.SHA256 != ref.SHA256:
				bad(ref.Key, CodeAltered, "segment hashes to %s, anchor %d recorded %s", s.SHA256, a.Number, ref.SHA256)
				segsOK = false
			default:
				segs = append(segs, s)
			}
		}
		// With every segment as recorded, a root that differs means the
		// anchor itself was changed; otherwise the segment is named above.
		if segsOK {
			lv, _ := leaves(segs)
			if root := hexOf(MerkleRoot(lv)); root != a.Root {
				bad(key, CodeAnchor, "Merkle root over the covered segments is %s, the anchor records %s", root, a.Root)
			}
		}
		if a.Timestamp != nil {
			d, err := a.Digest()
			if err == nil {
				_, err = VerifyStamp(a.Timestamp, d, roots)
			}
			if err != nil {
				bad(key, CodeToken, "%v", err)
			} else {
				c.Stamped++
			}
		}
	}
	if t.LastSeq > covered {
		c.Unanchored = t.LastSeq - covered
	}
	return c, nil
}

func mustSeq(key string) int64 {
	n, _ := segmentSeq(key)
	return n
}

// maxAnchorBytes bounds an anchor read: a segment reference is about 150
// bytes, so this allows hundreds of thousands of segments per anchor.
const maxAnchorBytes = 64 << 20

func readAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxAnchorBytes+1))
	if err == nil && len(b) > maxAnchorBytes {
		err = fmt.Errorf("larger than %d bytes", maxAnchorBytes)
	}
	return b, err
}
