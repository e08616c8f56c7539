package index

import (
	"fmt"
	"math"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Amounts are indexed as keywords rather than as bleve numbers. A bleve
// number is 16 prefix-coded terms (one per 4 bits); measured here, the
// three amounts cost a sixth of indexing time and a fifth of the index.
// Instead each amount is its value in hundredths, offset so that credit
// notes (negative) sort too, zero-padded so that the keyword order is the
// numeric order, in its own field ("total"), plus the same value at three
// coarser levels in a second field ("total_lv"): per 100, 10,000 and
// 1,000,000 units. A range query is a handful of term ranges: the ends
// at the finest levels, the aligned middle at the coarsest (amountQuery).
const (
	amountScale  = 100   // hundredths: sen and cents
	amountOffset = 1e16  // added, so that negative amounts stay positive
	amountMax    = 1e15  // amounts beyond ±this are clamped (OCR garbage)
	amountDigits = 18    // of the largest offset value, 1.1e17
	levelsField  = "_lv" // suffix of the coarse levels' field
)

// amountLevels are the units of each level, in hundredths.
var amountLevels = []int64{1, 1e4, 1e6, 1e8}

func amountUnits(f float64) int64 {
	f = math.Max(-amountMax/amountScale, math.Min(f, amountMax))
	return int64(math.Round(f*amountScale)) + amountOffset
}

// amountTerm is the keyword of value u (in offset hundredths) at a level.
func amountTerm(level int, u int64) string {
	if level == 0 {
		return fmt.Sprintf("%0*d", amountDigits, u)
	}
	return fmt.Sprintf("%d:%0*d", level, amountDigits, u/amountLevels[level])
}

// addAmount adds amount f of field to an indexed document.
func addAmount(d map[string]any, field string, f float64) {
	u := amountUnits(f)
	d[field] = amountTerm(0, u)
	lv := make([]string, 0, len(amountLevels)-1)
	for l := 1; l < len(amountLevels); l++ {
		lv = append(lv, amountTerm(l, u))
	}
	d[field+levelsField] = lv
}

// amountQuery matches amounts of field in [min, max], either end open.
// The range is cut like a prefix-coded numeric range: at each level the
// parts of the ends that do not fill a whole unit of the next level are
// term ranges at this level, and what is left, aligned, moves up.
func amountQuery(field string, minV, maxV *float64) query.Query {
	lo, hi := amountUnits(-amountMax/amountScale), amountUnits(amountMax)
	if minV != nil {
		lo = amountUnits(*minV)
	}
	if maxV != nil {
		hi = amountUnits(*maxV)
	}
	var parts []query.Query
	top := len(amountLevels) - 1
	for l := 0; l < top && lo <= hi; l++ {
		next := amountLevels[l+1]
		if lo%next != 0 { // the left end up to the next unit boundary
			end := min(hi, (lo/next+1)*next-1)
			parts = append(parts, amountTermRange(field, l, lo, end))
			lo = end + 1
		}
		if lo <= hi && (hi+1)%next != 0 { // the right end from its boundary
			start := max(lo, hi/next*next)
			parts = append(parts, amountTermRange(field, l, start, hi))
			hi = start - 1
		}
	}
	if lo <= hi {
		parts = append(parts, amountTermRange(field, top, lo, hi))
	}
	switch len(parts) {
	case 0:
		return bleve.NewMatchNoneQuery()
	case 1:
		return parts[0]
	}
	return bleve.NewDisjunctionQuery(parts...)
}

func amountTermRange(field string, level int, lo, hi int64) query.Query {
	inc := true
	q := bleve.NewTermRangeInclusiveQuery(amountTerm(level, lo), amountTerm(level, hi), &inc, &inc)
	if level == 0 {
		q.SetField(field)
	} else {
		q.SetField(field + levelsField)
	}
	return q
}
