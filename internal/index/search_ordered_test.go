package index_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/index"
)

// fiveYears indexes 50 documents in each of five fiscal years and 10
// without an issue date, some of them on the same day.
func fiveYears(t *testing.T, o index.Options) *index.Index {
	t.Helper()
	x, err := index.OpenWith(filepath.Join(t.TempDir(), "idx"), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	b, err := x.NewBuilder()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 260 {
		e := index.Entry{DocID: fmt.Sprintf("o%03d", i), Status: "ready", IssuerName: "順序商事", Text: "コピー用紙"}
		if i < 250 {
			e.IssueDate = day("2019-04-01").AddDate(0, 0, (i/50)*365+(i%50)*3) // 50 per FY, pairs on one day
		}
		if err := b.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Swap(b); err != nil {
		t.Fatal(err)
	}
	return x
}

func ids(res *index.Result) []string {
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.DocID)
	}
	return out
}

// TestOrderedSearchEqualsAlias: a search sorted by issue date reads the
// years one by one; asking for a facet sends the same query through the
// alias over all years. Both must give the same pages.
func TestOrderedSearchEqualsAlias(t *testing.T) {
	x := fiveYears(t, index.Options{})
	for _, sort := range []string{"", "date", "-date"} {
		for _, off := range []int{0, 7, 45, 49, 50, 51, 120, 245, 249, 250, 255, 300} {
			q := index.Query{Text: "コピー用紙", Sort: sort, Limit: 7, Offset: off, ExactTotal: true}
			ordered, err := x.Search(q)
			if err != nil {
				t.Fatal(err)
			}
			q.Facets = []string{"status"}
			alias, err := x.Search(q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(ordered), ids(alias)) || ordered.Total != alias.Total || ordered.Total != 260 || !ordered.TotalExact {
				t.Errorf("sort %q offset %d: ordered %v (total %d), alias %v (total %d)", sort, off, ids(ordered), ordered.Total, ids(alias), alias.Total)
			}
		}
	}
}

func TestCountBudget(t *testing.T) {
	x := fiveYears(t, index.Options{CountBudget: time.Nanosecond})
	// Small archives are always counted in full, whatever the budget.
	q0, err := index.ParseQuery("text:コピー用紙 limit:10")
	if err != nil {
		t.Fatal(err)
	}
	if res, err := x.Search(q0); err != nil || !res.TotalExact || res.Total != 260 {
		t.Errorf("a small archive: total %d (exact %v), %v", res.Total, res.TotalExact, err)
	}
	defer index.SetCountAlwaysBelow(0)()
	q, err := index.ParseQuery("text:コピー用紙 limit:10")
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	// The page comes from the newest year; the other years could not be
	// counted in a nanosecond.
	if res.TotalExact || res.Total < 10 || res.Total >= 260 || len(res.Hits) != 10 || res.Hits[0].DocID != "o249" {
		t.Errorf("within the budget: total %d (exact %v), hits %v", res.Total, res.TotalExact, ids(res))
	}
	// Without a text condition the count is always exact.
	q, err = index.ParseQuery("取引先:順序 limit:10")
	if err != nil {
		t.Fatal(err)
	}
	if res, err = x.Search(q); err != nil || !res.TotalExact || res.Total != 260 {
		t.Errorf("no text condition: %d (exact %v), %v", res.Total, res.TotalExact, err)
	}
	q, err = index.ParseQuery("text:コピー用紙 limit:10 exact_total:true")
	if err != nil {
		t.Fatal(err)
	}
	if res, err = x.Search(q); err != nil || !res.TotalExact || res.Total != 260 {
		t.Errorf("exact total asked for: %d (exact %v), %v", res.Total, res.TotalExact, err)
	}
}
