package index

import (
	"context"
	"runtime"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// DefaultCountBudget is how long a full-text search sorted by issue date
// may take, from its start, before it stops counting the matches in the
// years its page did not need (when those hold more than
// countAlwaysBelow documents). Past it, Result.Total is a lower bound (TotalExact false): a
// common word over a million documents has tens of thousands of matches,
// and counting them all would cost more than finding the page.
const DefaultCountBudget = 30 * time.Millisecond

// countAlwaysBelow is the size under which the other years are always
// counted in full: counting them is then cheap, and a small archive on a
// busy machine must not see its totals turn into lower bounds. A variable
// so that a test can lower it.
var countAlwaysBelow uint64 = 50_000

func docsIn(s *yearSet, years []int) uint64 {
	var n uint64
	for _, y := range years {
		if c, err := s.years[y].DocCount(); err == nil {
			n += c
		}
	}
	return n
}

// orderedYears returns the years to read, in the order of a search sorted
// by issue date, or nil when the query cannot be answered that way.
// Every year index holds only documents issued in that year, so the
// years in date order, then the undated index (documents without an issue
// date sort last either way), are the hits in order. Facets need every
// match, and other sorts mix the years: those go through the alias.
func (x *Index) orderedYears(q Query, years []int) (order []int, ok bool) {
	name, desc := "date", true
	if q.Sort != "" {
		name, desc, _ = sortField(q.Sort)
	}
	if name != "date" || len(q.Facets) > 0 {
		return nil, false
	}
	if years == nil {
		years = x.live.list()
	}
	for _, y := range years {
		if y != 0 {
			order = append(order, y)
		}
	}
	slices.Sort(order)
	if desc {
		slices.Reverse(order)
	}
	if slices.Contains(years, 0) {
		order = append(order, 0)
	}
	return order, true
}

// searchOrdered reads the years in order until the page is full, then
// counts the matches of the remaining years in parallel, within the count
// budget unless the query asks for an exact total. Caller holds x.mu.
func (x *Index) searchOrdered(q Query, req *bleve.SearchRequest, order []int, start time.Time) (*bleve.SearchResult, bool, error) {
	out := &bleve.SearchResult{Status: &bleve.SearchStatus{}}
	var total uint64
	i := 0
	for ; i < len(order) && len(out.Hits) < q.Limit; i++ {
		r := *req
		r.From = max(0, q.Offset-int(total))
		r.Size = q.Limit - len(out.Hits)
		res, err := x.live.years[order[i]].Search(&r)
		if err != nil {
			return nil, false, err
		}
		out.Hits = append(out.Hits, res.Hits...)
		total += res.Total
	}
	rest := order[i:]
	if len(rest) == 0 {
		out.Total = total
		return out, true, nil
	}
	ctx := context.Background()
	// Only text conditions are costly to count (each match's positions
	// are checked); the searches of names, dates, amounts and numbers an
	// auditor makes are always counted in full.
	if !q.ExactTotal && q.Text != "" && docsIn(x.live, rest) > countAlwaysBelow {
		budget := x.opt.CountBudget
		if budget == 0 {
			budget = DefaultCountBudget
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, start.Add(budget))
		defer cancel()
	}
	type count struct {
		n   uint64
		err error
	}
	counts := make(chan count, len(rest))
	// One core is left free: with every core counting, the goroutine
	// waiting for the deadline waits for a core too (Go preempts a busy
	// goroutine only every 10 ms), and the answer comes late.
	work := make(chan int, len(rest))
	for _, y := range rest {
		work <- y
	}
	close(work)
	for range max(1, min(len(rest), runtime.GOMAXPROCS(0)-1)) {
		go func() {
			for y := range work {
				n, err := countMatches(ctx, x.live.years[y], req.Query)
				counts <- count{n, err}
			}
		}()
	}
	exact := true
	var firstErr error
	// At the deadline the answer goes with what is counted: a counter
	// notices the deadline only every thousand documents or so, and the
	// buffered channel lets the late ones finish on their own.
	for pending := len(rest); pending > 0; pending-- {
		var c count
		select {
		case c = <-counts:
		case <-ctx.Done():
			c.err = ctx.Err()
		}
		switch {
		case c.err == nil:
			total += c.n
		case ctx.Err() != nil:
			exact = false // out of budget: a lower bound
			pending = 1
		case firstErr == nil:
			firstErr = c.err
		}
	}
	if firstErr != nil {
		return nil, false, firstErr
	}
	out.Total = total
	return out, exact, nil
}

// countMatches counts the matches of q in one index. Without hits, sort
// or facets bleve only walks the postings: no doc values, no ids.
func countMatches(ctx context.Context, b bleve.Index, q query.Query) (uint64, error) {
	r := bleve.NewSearchRequestOptions(q, 0, 0, false)
	r.Score = bleve.ScoreNone
	r.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}})
	res, err := b.SearchInContext(ctx, r)
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}
