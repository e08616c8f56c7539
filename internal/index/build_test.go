package index_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/shohyo/shohyo/internal/index"
)

func numbered(i int, issuer string, version int) index.Entry {
	return index.Entry{
		DocID: fmt.Sprintf("d%05d", i), IssuerName: issuer, Status: "ready", Version: version,
		IssueDate: day("2020-01-01").AddDate(0, 0, i%2000), // spread over fiscal years
	}
}

// TestRebuildResumesAfterACrash interrupts a rebuild after its second
// checkpoint, with puts before and after the interruption, reopens the
// index as a restarted serve would, and resumes.
func TestRebuildResumesAfterACrash(t *testing.T) {
	const every = 1000
	defer index.SetCheckpointEvery(every)()
	const n = 2*every + 500
	path := filepath.Join(t.TempDir(), "idx")
	x, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// The live index holds a document storage no longer has.
	if err := x.Put(index.Entry{DocID: "gone", Status: "ready"}); err != nil {
		t.Fatal(err)
	}
	b, err := x.NewBuilder()
	if err != nil {
		t.Fatal(err)
	}
	if b.After() != "" {
		t.Fatalf("a fresh rebuild resumes after %q", b.After())
	}
	for i := range n {
		if err := b.Add(numbered(i, "元商事", 1)); err != nil {
			t.Fatal(err)
		}
		if i == 10 { // corrected while the rebuild runs, after the rebuild read it
			if err := x.Put(numbered(10, "訂正後商事", 2)); err != nil {
				t.Fatal(err)
			}
		}
	}
	x.Abort(b) // as a crash: the last 500 were never flushed
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}

	x, err = index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Put(numbered(20, "訂正後商事", 2)); err != nil { // while no rebuild runs
		t.Fatal(err)
	}
	b, err = x.NewBuilder()
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("d%05d", 2*every-1)
	if b.After() != want || b.Done() != 2*every {
		t.Fatalf("resumes after %q with %d done, want %q and %d", b.After(), b.Done(), want, 2*every)
	}
	for i := range n { // the caller may start from the beginning: Add skips
		if err := b.Add(numbered(i, "元商事", 1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Swap(b); err != nil {
		t.Fatal(err)
	}
	if c, _ := x.Count(); c != n {
		t.Errorf("count %d, want %d", c, n)
	}
	if got := search(t, x, "取引先:訂正後"); !slices.Equal(got, []string{"d00020", "d00010"}) {
		t.Errorf("the puts made during the rebuild: %v", got)
	}
	if ok, _ := x.Has("gone"); ok {
		t.Error("a document that is not in storage survived the rebuild")
	}
	if _, err := os.Stat(path + ".rebuild"); !os.IsNotExist(err) {
		t.Errorf("rebuild directory left behind: %v", err)
	}
}

func TestDiscardStartsOver(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	x, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	b, err := x.NewBuilder()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if err := b.Add(numbered(i, "商事", 1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := x.Discard(b); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".rebuild"); !os.IsNotExist(err) {
		t.Errorf("rebuild directory kept: %v", err)
	}
	b, err = x.NewBuilder()
	if err != nil {
		t.Fatal(err)
	}
	if b.After() != "" || b.Done() != 0 {
		t.Errorf("after a discard the rebuild resumes after %q", b.After())
	}
	x.Abort(b)
}

// TestOutOfOrderAddsAreNotResumed: a checkpoint cannot describe entries
// added out of id order, so none is written and a resume starts over.
func TestOutOfOrderAddsAreNotResumed(t *testing.T) {
	x := openIndex(t)
	b, err := x.NewBuilder()
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{5, 3, 9} {
		if err := b.Add(numbered(i, "商事", 1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	x.Abort(b)
	b, err = x.NewBuilder()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Abort(b)
	if b.After() != "" {
		t.Errorf("resumes after %q from unordered adds", b.After())
	}
}
