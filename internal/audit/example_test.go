package audit_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/storage"
)

// ExampleLog appends two events and reads the trail back: each event
// names the hash of the line before it, and the chain checks out.
func ExampleLog() {
	dir, _ := os.MkdirTemp("", "audit-example-")
	defer os.RemoveAll(dir)
	d, _ := storage.NewLocal(dir)
	b := storage.NewBucket(d)
	clock := func() time.Time { return time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC) }
	l := audit.NewLog(b, audit.Options{Now: clock})
	ctx := context.Background()
	sha := "4f5a0c1e0b6d7c2f0e8d9a1b3c5d7e9f11223344556677889900aabbccddeeff"
	l.Append(ctx, audit.Event{Type: audit.Stored, Actor: audit.Actor{Kind: "machine", Name: "shohyo"}, Object: "originals/" + sha, SHA256: sha})
	l.Append(ctx, audit.Event{Type: audit.OriginalViewed, Actor: audit.Actor{Kind: "person", Name: "sato"}})

	tr, _ := audit.ReadTrail(ctx, b)
	tr.Events(func(seg *audit.Segment, ev audit.Event, _ string) {
		fmt.Println(ev.Seq, ev.Type, ev.Time.Format(time.RFC3339), seg.Key, ev.Prev != "")
	})
	fmt.Println("problems:", len(tr.Problems))
	// Output:
	// 1 stored 2024-04-01T09:00:00Z audit/segments/0000000000000001.jsonl false
	// 2 original_viewed 2024-04-01T09:00:00Z audit/segments/0000000000000002.jsonl true
	// problems: 0
}
