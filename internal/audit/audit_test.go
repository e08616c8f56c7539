package audit_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/storage"
)

// clock is an injected clock that advances a second per reading.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func newBucket(t *testing.T) (*storage.Bucket, string) {
	t.Helper()
	dir := t.TempDir()
	d, err := storage.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	return storage.NewBucket(d), dir
}

var machine = audit.Actor{Kind: "machine", Name: "shohyo-test"}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func appendN(t *testing.T, l *audit.Log, n int, tag string) []audit.Event {
	t.Helper()
	var out []audit.Event
	for i := range n {
		obj := fmt.Sprintf("originals/%s-%d", tag, i)
		ev, err := l.Append(t.Context(), audit.Event{Type: audit.Stored, Actor: machine, DocID: tag, Object: obj, SHA256: sha(obj)})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
	return out
}

func readTrail(t *testing.T, b *storage.Bucket) *audit.Trail {
	t.Helper()
	tr, err := audit.ReadTrail(t.Context(), b)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestAppendChains(t *testing.T) {
	b, _ := newBucket(t)
	c := newClock()
	l := audit.NewLog(b, audit.Options{Now: c.Now})
	evs := appendN(t, l, 5, "a")
	for i, ev := range evs {
		if ev.Seq != int64(i+1) {
			t.Errorf("event %d has seq %d", i, ev.Seq)
		}
		if want := time.Date(2024, 4, 1, 0, 0, i+1, 0, time.UTC); !ev.Time.Equal(want) {
			t.Errorf("event %d time %v, want the injected clock's %v", i, ev.Time, want)
		}
	}
	tr := readTrail(t, b)
	if len(tr.Problems) != 0 || tr.LastSeq != 5 {
		t.Fatalf("problems %v, last %d", tr.Problems, tr.LastSeq)
	}
	// Each event names the hash of the line before it.
	var prev string
	tr.Events(func(_ *audit.Segment, ev audit.Event, lineHash string) {
		if ev.Prev != prev {
			t.Errorf("event %d prev %q, want %q", ev.Seq, ev.Prev, prev)
		}
		prev = lineHash
	})
	// A new Log on the same bucket (a restart) continues the chain.
	l2 := audit.NewLog(b, audit.Options{Now: c.Now})
	ev, err := l2.Append(t.Context(), audit.Event{Type: audit.LoginFailed, Actor: audit.Actor{Kind: "anonymous", Name: "203.0.113.9"}})
	if err != nil || ev.Seq != 6 || ev.Prev != prev {
		t.Errorf("after restart: seq %d prev %q err %v", ev.Seq, ev.Prev, err)
	}
}

func TestAppendRefusesBadEvents(t *testing.T) {
	b, _ := newBucket(t)
	l := audit.NewLog(b, audit.Options{})
	bad := []audit.Event{
		{Type: "renamed", Actor: machine},
		{Type: audit.Stored},
		{Type: audit.Stored, Actor: machine, Object: "originals/x"},
		{Type: audit.Stored, Actor: machine, Object: "originals/x", SHA256: "xyz"},
	}
	for _, ev := range bad {
		if _, err := l.Append(t.Context(), ev); err == nil {
			t.Errorf("%+v accepted", ev)
		}
	}
	// A caller cannot choose the time or the chain fields.
	ev, err := l.Append(t.Context(), audit.Event{Type: audit.Exported, Actor: machine, Seq: 99, Prev: "forged", Time: time.Unix(0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Seq != 1 || ev.Prev != "" || ev.Time.Year() < 2020 {
		t.Errorf("caller's fields kept: %+v", ev)
	}
}

// TestConcurrentLogs runs two Logs, as two processes would, appending at
// once: the create-only segment write serialises them into one chain.
func TestConcurrentLogs(t *testing.T) {
	b, _ := newBucket(t)
	c := newClock()
	logs := []*audit.Log{
		audit.NewLog(b, audit.Options{Now: c.Now}),
		audit.NewLog(b, audit.Options{Now: c.Now, Linger: time.Millisecond}),
	}
	var wg sync.WaitGroup
	for i, l := range logs {
		for g := range 5 {
			wg.Go(func() { appendN(t, l, 10, fmt.Sprintf("p%d-g%d", i, g)) })
		}
	}
	wg.Wait()
	tr := readTrail(t, b)
	if len(tr.Problems) != 0 {
		t.Fatalf("problems: %v", tr.Problems)
	}
	seen := map[string]bool{}
	tr.Events(func(_ *audit.Segment, ev audit.Event, _ string) { seen[ev.Object] = true })
	if tr.LastSeq != 100 || len(seen) != 100 {
		t.Errorf("last seq %d, distinct objects %d; want 100 and 100", tr.LastSeq, len(seen))
	}
	if len(tr.Segments) >= 100 {
		t.Logf("no batching happened: %d segments", len(tr.Segments))
	}
}

// flipByte changes the last byte of the first occurrence of find in the
// file of key, as someone with access to the directory could.
func flipByte(t *testing.T, dir, key string, find string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(key))
	os.Chmod(p, 0o600)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), find)
	if i < 0 {
		t.Fatalf("%q not in %s", find, key)
	}
	b[i+len(find)-1] ^= 0x01
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func problemsOn(ps []audit.Problem, key string) []audit.Problem {
	var out []audit.Problem
	for _, p := range ps {
		if p.Object == key {
			out = append(out, p)
		}
	}
	return out
}

func TestTamperedSegmentsAreNamed(t *testing.T) {
	b, dir := newBucket(t)
	l := audit.NewLog(b, audit.Options{Now: newClock().Now})
	// Appended one after another, each event gets its own segment.
	appendN(t, l, 6, "d")
	tr := readTrail(t, b)
	if len(tr.Segments) != 6 {
		t.Fatalf("%d segments, want 6", len(tr.Segments))
	}
	second := tr.Segments[1].Key
	// A digit of a hash inside an event: still valid JSON.
	flipByte(t, dir, second, `"sha256":"`+tr.Segments[1].Events[0].SHA256[:4])
	tr = readTrail(t, b)
	if got := problemsOn(tr.Problems, second); len(got) != 1 || got[0].Code != audit.CodeAltered {
		t.Errorf("altered %s: problems %v", second, tr.Problems)
	}

	// A removed segment is a gap.
	third := tr.Segments[2].Key
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(third))); err != nil {
		t.Fatal(err)
	}
	tr = readTrail(t, b)
	if got := problemsOn(tr.Problems, third); len(got) != 1 || got[0].Code != audit.CodeMissing {
		t.Errorf("removed %s: problems %v", third, tr.Problems)
	}

	// An extra key makes a line unreadable, and is named too.
	fifth := tr.Segments[3].Key
	flipByte(t, dir, fifth, `"doc_id"`)
	tr = readTrail(t, b)
	if got := problemsOn(tr.Problems, fifth); len(got) == 0 || got[0].Code != audit.CodeUnreadable {
		t.Errorf("garbled %s: problems %v", fifth, tr.Problems)
	}
}
