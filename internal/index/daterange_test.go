package index_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/index"
)

// TestIssueDateRangesAgainstBruteForce checks the month/day split of
// issue-date ranges on random dates and random ranges, open or not, on
// month edges or not, against a count made by hand.
func TestIssueDateRangesAgainstBruteForce(t *testing.T) {
	x := openIndex(t)
	b, err := x.NewBuilder()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 7))
	first := day("2021-01-01")
	var dates []time.Time
	for i := range 800 {
		d := first.AddDate(0, 0, r.IntN(3*365))
		if i%10 == 0 { // month edges are where a split can go wrong
			d = time.Date(d.Year(), d.Month()+time.Month(r.IntN(2)), 0, 0, 0, 0, 0, time.UTC)
		}
		dates = append(dates, d)
		if err := b.Add(index.Entry{DocID: fmt.Sprintf("t%04d", i), Status: "ready", IssueDate: d}); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Swap(b); err != nil {
		t.Fatal(err)
	}
	bound := func() time.Time {
		switch r.IntN(5) {
		case 0:
			return time.Time{}
		case 1:
			d := first.AddDate(0, 0, r.IntN(3*365))
			return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		case 2:
			d := first.AddDate(0, 0, r.IntN(3*365))
			return time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC)
		}
		return first.AddDate(0, 0, r.IntN(3*365))
	}
	for range 300 {
		from, to := bound(), bound()
		if from.IsZero() && to.IsZero() || !from.IsZero() && !to.IsZero() && to.Before(from) {
			continue
		}
		res, err := x.Search(index.Query{From: from, To: to, Limit: 0})
		if err != nil {
			t.Fatal(err)
		}
		var want uint64
		for _, d := range dates {
			if (from.IsZero() || !d.Before(from)) && (to.IsZero() || !d.After(to)) {
				want++
			}
		}
		if res.Total != want {
			t.Errorf("issue date in [%s, %s]: %d documents, want %d", from.Format(time.DateOnly), to.Format(time.DateOnly), res.Total, want)
		}
	}
}
