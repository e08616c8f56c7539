package index

import (
	"fmt"
	"math"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Amounts are indexed as keywords rather than as bleve numbers. A bleve
// number is 16 prefix-coded terms (one per 4 bits); measured here, the
// three amounts cost a sixth of indexing time and a fifth of the index.
// Instead each amount is its value in hundredths, offset so that credit
// notes (negative) sort too, zero-padded so that the keyword order is the
// numeric order, plus the same value at three coarser levels: per 100,
// 10,000 and 1,000,000 units, written "1:…", "2:…", "3:…", in the same
// field ("total"), as one value of four words: bleve's work per field
// value is what indexing a few terms costs, so four values cost four
// times one. A range query is a handful of term ranges: the ends at
// the finest levels, the aligned middle at the coarsest (amountQuery).
// The exact value is all digits and a level's term starts with a digit
// and a colon, so a range of one level never takes in another's terms,
// and the exact value is the smallest term of a document: that is what a
// sort by amount reads (sortFields, mode min).
const (
	amountScale  = 100  // hundredths: sen and cents
	amountOffset = 1e16 // added, so that negative amounts stay positive
	amountMax    = 1e15 // amounts beyond ±this are clamped (OCR garbage)
	amountDigits = 18   // of the largest offset value, 1.1e17
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
	terms := make([]string, len(amountLevels))
	for l := range amountLevels {
		terms[l] = amountTerm(l, u)
	}
	d[field] = strings.Join(terms, " ")
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
	q.SetField(field)
	return q
}
