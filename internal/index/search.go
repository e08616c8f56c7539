package index

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// Hit is one found document.
type Hit struct {
	Entry
	Score float64 `json:"score,omitempty"`
	// Highlights are fragments of the (folded) text around the matched
	// words, which are wrapped in <mark>…</mark>; the rest is HTML-escaped.
	// Search leaves them empty: Result.Highlight reads them from the texts.
	Highlights []string `json:"highlights,omitempty"`
}

// Result is one page of hits, how many there are in all, and the facets
// asked for.
type Result struct {
	Total uint64 `json:"total"`
	// TotalExact is false when counting every match would have taken
	// longer than Options.CountBudget: Total is then a lower bound.
	TotalExact bool             `json:"total_exact"`
	Hits       []Hit            `json:"hits"`
	Facets     map[string]Facet `json:"facets,omitempty"`
	Took       time.Duration    `json:"took_ns"`
}

// Facet counts the matches by the values of one field.
type Facet struct {
	Terms   []FacetTerm `json:"terms"`
	Missing int         `json:"missing"` // matches without a value
	Other   int         `json:"other"`   // matches with a value not among Terms
}

// FacetTerm is one value and its number of matches.
type FacetTerm struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// facetFields are the facets a query can ask for. The counterparty facet
// counts issuers, in their exact (folded, lowercased) form.
var facetFields = map[string]string{
	"counterparty": "issuer_exact", "month": "issue_month", "type": "document_type",
	"status": "status", "class": "class", "origin": "origin", "currency": "currency", "tag": "tags",
}

// FacetNames lists the facets a query can ask for.
func FacetNames() []string {
	var out []string
	for k := range facetFields {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// sortFields are the orders a query can ask for, by name.
var sortFields = map[string]struct {
	field string
	typ   search.SortFieldType
}{
	"date": {"issue_date", search.SortFieldAsString}, "transaction_date": {"transaction_date", search.SortFieldAsString},
	"due_date": {"due_date", search.SortFieldAsString}, "received": {"received_at", search.SortFieldAsString},
	"amount": {"total", search.SortFieldAsString}, "subtotal": {"subtotal", search.SortFieldAsString},
	"tax": {"tax", search.SortFieldAsString}, "score": {"_score", search.SortFieldAuto},
}

// sortAliases are the Japanese names of the orders.
var sortAliases = map[string]string{
	"日付": "date", "発行日": "date", "金額": "amount", "取引日": "transaction_date",
	"支払期限": "due_date", "受領日": "received", "関連度": "score",
}

// sortField reads a sort name: date, -date, amount, -amount, …; "-" is
// descending.
func sortField(s string) (name string, desc bool, err error) {
	name, desc = strings.CutPrefix(strings.TrimSpace(s), "-")
	if a, ok := sortAliases[name]; ok {
		name = a
	}
	if _, ok := sortFields[name]; !ok {
		var names []string
		for k := range sortFields {
			names = append(names, k)
		}
		slices.Sort(names)
		return "", false, fmt.Errorf("unknown sort %q: use one of %s, with - in front for descending", s, strings.Join(names, ", "))
	}
	return name, desc, nil
}

// order is the sort of a request: the chosen field, then the doc id, so
// equal values come in a fixed order and pages never overlap. Documents
// without the field come last either way.
func (q Query) order() search.SortOrder {
	name, desc := "date", true
	if q.Sort != "" {
		name, desc, _ = sortField(q.Sort) // checked when the query was read
	}
	f := sortFields[name]
	if name == "score" {
		return search.SortOrder{&search.SortScore{Desc: !desc}, &search.SortDocID{}}
	}
	return search.SortOrder{
		// Min: an amount field holds its exact value and its coarser
		// levels, and the exact value is the smallest (amount.go).
		&search.SortField{Field: f.field, Desc: desc, Type: f.typ, Mode: search.SortFieldMin, Missing: search.SortFieldMissingLast},
		&search.SortDocID{},
	}
}

// Search runs q over the fiscal years it can match. Hits are ordered by
// q.Sort (issue date, newest first, by default), then by id, so paging is
// stable. A Limit of 0 returns no hits, only the total and the facets.
func (x *Index) Search(q Query) (*Result, error) {
	start := time.Now()
	req := bleve.NewSearchRequestOptions(q.bleve(), q.Limit, q.Offset, false)
	req.Fields = []string{"entry"}
	req.SortByCustom(q.order())
	if name, _, _ := sortField(q.Sort); name != "score" || q.Sort == "" {
		req.Score = "none" // the order is by a field: scores would be computed for nothing
	}
	size := q.FacetSize
	if size == 0 {
		size = DefaultFacetSize
	}
	for _, f := range q.Facets {
		// Each year index returns its own top terms, merged by the alias
		// (approximate, libraries.md): ask every index for more than shown.
		req.AddFacet(f, bleve.NewFacetRequest(facetFields[f], max(size, MaxFacetSize)))
	}
	x.mu.RLock()
	years := x.yearsFor(q)
	var res *bleve.SearchResult
	var err error
	exact := true
	if order, ok := x.orderedYears(q, years); ok {
		res, exact, err = x.searchOrdered(q, req, order, start)
	} else if target, n := x.alias, len(x.live.years); years == nil && n > 0 {
		res, err = target.Search(req)
	} else if len(years) > 0 {
		res, err = x.aliasOf(years).Search(req)
	} else {
		res = &bleve.SearchResult{} // nothing indexed (yet) in those years
	}
	x.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	out := &Result{Total: res.Total, TotalExact: exact, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		e, err := entryFromStored(h.ID, h.Fields)
		if err != nil {
			return nil, err
		}
		hit := Hit{Entry: e}
		if req.Score != "none" {
			hit.Score = h.Score
		}
		out.Hits = append(out.Hits, hit)
	}
	if len(res.Facets) > 0 {
		out.Facets = map[string]Facet{}
		for name, fr := range res.Facets {
			out.Facets[name] = facetOf(fr, size)
		}
	}
	out.Took = time.Since(start)
	return out, nil
}

func facetOf(fr *search.FacetResult, size int) Facet {
	f := Facet{Missing: fr.Missing, Other: fr.Other, Terms: []FacetTerm{}}
	if fr.Terms != nil {
		for i, t := range fr.Terms.Terms() {
			if i >= size {
				f.Other += t.Count
				continue
			}
			f.Terms = append(f.Terms, FacetTerm{Term: t.Term, Count: t.Count})
		}
	}
	return f
}

// yearsFor returns the fiscal years an issue-date range can match, or nil
// for all: documents are filed under the year of their issue date, so the
// other years cannot hold a match. Caller holds x.mu.
func (x *Index) yearsFor(q Query) []int {
	if q.From.IsZero() && q.To.IsZero() {
		return nil
	}
	lo, hi := 1, 1<<30
	if !q.From.IsZero() {
		lo = x.opt.FiscalYear(q.From)
	}
	if !q.To.IsZero() {
		hi = x.opt.FiscalYear(q.To)
	}
	var ys []int
	for _, y := range x.live.list() {
		if y >= lo && y <= hi {
			ys = append(ys, y)
		}
	}
	return ys
}
