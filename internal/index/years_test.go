package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/shohyo/shohyo/internal/index"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFiscalYear(t *testing.T) {
	march := index.Options{}
	december := index.Options{FiscalYearEndMonth: time.December, FiscalYearEndDay: 31}
	feb := index.Options{FiscalYearEndMonth: time.February, FiscalYearEndDay: 29}
	for _, c := range []struct {
		o    index.Options
		date string
		want int
	}{
		{march, "2024-03-31", 2024}, {march, "2024-04-01", 2025}, {march, "2025-01-15", 2025},
		{december, "2024-12-31", 2024}, {december, "2025-01-01", 2025},
		{feb, "2023-02-28", 2023}, {feb, "2023-03-01", 2024}, {feb, "2024-02-29", 2024},
	} {
		if got := c.o.FiscalYear(day(c.date)); got != c.want {
			t.Errorf("%+v %s: FY%d, want FY%d", c.o, c.date, got, c.want)
		}
	}
	// An issue date is a civil date, kept as UTC midnight.
	if got := march.YearOf(&index.Entry{IssueDate: day("2024-03-31")}); got != 2024 {
		t.Errorf("issued on March 31: FY%d, want FY2024", got)
	}
	// Only the issue date routes: without one, a document is undated.
	late := time.Date(2024, 3, 31, 14, 30, 0, 0, time.UTC)
	if got := march.YearOf(&index.Entry{TransactionDate: day("2024-02-01"), ReceivedAt: late}); got != 0 {
		t.Errorf("no issue date: FY%d, want 0 (undated)", got)
	}
}

func years(t *testing.T, x *index.Index) map[int]uint64 {
	t.Helper()
	ys, _, err := x.Years()
	if err != nil {
		t.Fatal(err)
	}
	m := map[int]uint64{}
	for _, y := range ys {
		m[y.Year] = y.Count
	}
	return m
}

func search(t *testing.T, x *index.Index, ql string) []string {
	t.Helper()
	q, err := index.ParseQuery(ql)
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, h := range res.Hits {
		ids = append(ids, h.DocID)
	}
	return ids
}

func TestYearsRoutingMoveAndDrop(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	x, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	put := func(e index.Entry) {
		t.Helper()
		if e.Status == "" {
			e.Status = "ready"
		}
		if err := x.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	put(index.Entry{DocID: "a", IssuerName: "青葉商事", IssueDate: day("2024-03-31")})
	put(index.Entry{DocID: "b", IssuerName: "青葉商事", IssueDate: day("2024-04-01")})
	put(index.Entry{DocID: "c", FileName: "no-date.pdf", Status: "received"})
	if got, want := years(t, x), map[int]uint64{0: 1, 2024: 1, 2025: 1}; !mapsEqual(got, want) {
		t.Fatalf("years %v, want %v", got, want)
	}
	// A person corrects a's date: it moves to FY2025, and is in one year only.
	put(index.Entry{DocID: "a", IssuerName: "青葉商事", IssueDate: day("2024-05-01"), Version: 2})
	if got, want := years(t, x), map[int]uint64{0: 1, 2024: 0, 2025: 2}; !mapsEqual(got, want) {
		t.Fatalf("after the correction: years %v, want %v", got, want)
	}
	if n, _ := x.Count(); n != 3 {
		t.Errorf("count %d, want 3", n)
	}
	if got := search(t, x, "取引先:青葉 date:2024-04..2024-06"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("search after the move: %v", got)
	}
	put(index.Entry{DocID: "d", IssueDate: day("2022-06-01")}) // FY2023
	if err := x.DropYear(2023); err != nil {
		t.Fatal(err)
	}
	if err := x.DropYear(0); err == nil {
		t.Error("the undated index was dropped")
	}
	if got := search(t, x, "deleted:include"); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("after dropping FY2023: %v", got)
	}
	// Entries of a dropped year stay out, also when a correction moves
	// one there.
	put(index.Entry{DocID: "e", IssueDate: day("2023-03-01")})
	if ok, _ := x.Has("e"); ok {
		t.Error("an entry of a dropped year was indexed")
	}
	put(index.Entry{DocID: "g", IssueDate: day("2024-06-01")})
	put(index.Entry{DocID: "g", IssueDate: day("2022-06-01"), Version: 2})
	if ok, _ := x.Has("g"); ok {
		t.Error("an entry moved into a dropped year stayed in its old year")
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	x, err = index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if _, dropped, _ := x.Years(); !slices.Equal(dropped, []int{2023}) {
		t.Errorf("dropped after reopening: %v", dropped)
	}
	if _, err := os.Stat(filepath.Join(path, "fy2023")); !os.IsNotExist(err) {
		t.Errorf("FY2023's directory is still there: %v", err)
	}
	if got := search(t, x, "date:2024"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("after reopening: %v", got)
	}
}

func mapsEqual(a, b map[int]uint64) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}

func TestOpenReplacesOnlyAnIndex(t *testing.T) {
	dir := t.TempDir()
	// Layout 1: a single bleve index right at the path. Derived data, so
	// it is cleared and serve refills it.
	old := filepath.Join(dir, "old")
	b, err := bleve.New(old, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Index("x", map[string]any{"a": "b"}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	x, err := index.Open(old)
	if err != nil {
		t.Fatalf("an old single index: %v", err)
	}
	if n, _ := x.Count(); n != 0 {
		t.Errorf("count %d after replacing the old index", n)
	}
	x.Close()
	// Anything else is not ours to delete.
	other := filepath.Join(dir, "other")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := index.Open(other); err == nil {
		t.Error("opened a directory holding other files")
	}
	if _, err := os.Stat(filepath.Join(other, "notes.txt")); err != nil {
		t.Errorf("a file that is not an index was touched: %v", err)
	}
}

func TestCheck(t *testing.T) {
	x := openIndex(t)
	for _, e := range []index.Entry{
		{DocID: "a", Status: "ready", Version: 1, Arrivals: 1, IssueDate: day("2024-01-01")},
		{DocID: "b", Status: "ready", Version: 2, Arrivals: 1, IssueDate: day("2020-01-01")},
		{DocID: "c", Status: "quarantined", Arrivals: 1},
		{DocID: "x", Status: "ready", Version: 1, Arrivals: 1},
	} {
		if err := x.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	walk := func(fs ...index.Fingerprint) func(func(index.Fingerprint) error) error {
		return func(fn func(index.Fingerprint) error) error {
			for _, f := range fs {
				if err := fn(f); err != nil {
					return err
				}
			}
			return nil
		}
	}
	ctx := context.Background()
	r, err := x.Check(ctx, walk(
		index.Fingerprint{DocID: "a", Version: 1, Arrivals: 1},
		index.Fingerprint{DocID: "b", Version: 2, Arrivals: 1},
		index.Fingerprint{DocID: "c", Status: "quarantined", Arrivals: 1},
		index.Fingerprint{DocID: "x", Version: 1, Arrivals: 1},
	))
	if err != nil || !r.OK() || r.Indexed != 4 || r.Stored != 4 {
		t.Fatalf("consistent index: %+v, %v", r, err)
	}
	r, err = x.Check(ctx, walk(
		index.Fingerprint{DocID: "a", Version: 2, Arrivals: 1},                // corrected since
		index.Fingerprint{DocID: "b", Version: 2, Arrivals: 1, Deleted: true}, // deleted since
		index.Fingerprint{DocID: "c", Status: "quarantined", Arrivals: 2},     // dropped again
		index.Fingerprint{DocID: "m", Version: 1, Arrivals: 1},                // never indexed
	))
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || r.StaleCount != 3 || !slices.Equal(r.Missing, []string{"m"}) || !slices.Equal(r.Extra, []string{"x"}) {
		t.Errorf("inconsistent index: %+v", r)
	}
	if r.Stale[0].DocID != "a" || r.Stale[0].Index.Version != 1 || r.Stale[0].Storage.Version != 2 {
		t.Errorf("first difference: %+v", r.Stale[0])
	}
}

// TestConcurrentPutsOfOneDocument: puts of one document racing with
// different dates leave it in exactly one fiscal year.
func TestConcurrentPutsOfOneDocument(t *testing.T) {
	x := openIndex(t)
	done := make(chan error)
	for i := range 8 {
		go func() {
			done <- x.Put(index.Entry{DocID: "same", Status: "ready", IssueDate: day("2018-06-01").AddDate(i, 0, 0)})
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := x.Count(); n != 1 {
		t.Errorf("count %d, want 1", n)
	}
	r, err := x.Check(context.Background(), func(fn func(index.Fingerprint) error) error {
		return fn(index.Fingerprint{DocID: "same", Status: "ready"})
	})
	if err != nil || len(r.Duplicates) != 0 || !r.OK() {
		t.Errorf("check %+v, %v", r, err)
	}
}
