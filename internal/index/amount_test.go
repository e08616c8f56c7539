package index_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shohyo/shohyo/internal/index"
)

// TestAmountRangesAgainstBruteForce checks the keyword encoding of
// amounts: random amounts (yen, cents, negatives, values on the level
// boundaries) and random ranges, each answer compared with a count made
// by hand.
func TestAmountRangesAgainstBruteForce(t *testing.T) {
	x := openIndex(t)
	b, err := x.NewBuilder() // in bulk: a put per document is slower
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(6, 6))
	boundaries := []float64{0, 0.01, 99.99, 100, 100.01, 9999.99, 10000, 10000.01, 999999.99, 1e6, 1e6 + 0.01, 123456789}
	var amounts []float64
	for i := range 1500 {
		var a float64
		switch i % 4 {
		case 0:
			a = math.Round(math.Exp(math.Log(12000) + 1.6*r.NormFloat64()))
		case 1:
			a = math.Round(r.Float64()*50000) / 100 // cents
		case 2:
			a = boundaries[r.IntN(len(boundaries))]
		case 3:
			a = -math.Round(r.Float64() * 30000) // credit notes
		}
		amounts = append(amounts, a)
		tax := a / 11
		if err := b.Add(index.Entry{DocID: fmt.Sprintf("a%04d", i), Status: "ready", Total: &a, Tax: &tax}); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Swap(b); err != nil {
		t.Fatal(err)
	}
	count := func(lo, hi *float64, scale float64) uint64 {
		var n uint64
		for _, a := range amounts {
			v := math.Round(a*scale*100) / 100
			if (lo == nil || v >= *lo) && (hi == nil || v <= *hi) {
				n++
			}
		}
		return n
	}
	pickBound := func() *float64 {
		var v float64
		switch r.IntN(5) {
		case 0:
			return nil
		case 1:
			v = boundaries[r.IntN(len(boundaries))]
		case 2:
			v = math.Round(r.Float64()*2e6) / 100
		case 3:
			v = math.Round(math.Exp(math.Log(12000) + 1.6*r.NormFloat64()))
		default:
			v = -math.Round(r.Float64() * 20000)
		}
		return &v
	}
	for i := range 300 {
		lo, hi := pickBound(), pickBound()
		if lo == nil && hi == nil {
			continue
		}
		field, scale := "total", 1.0
		q := index.Query{Limit: 0, Min: lo, Max: hi}
		if i%3 == 0 { // the same encoding on another amount field
			field, scale = "tax", 1.0/11
			q = index.Query{Limit: 0, Amounts: []index.AmountRange{{Field: "tax", Min: lo, Max: hi}}}
		}
		res, err := x.Search(q)
		if err != nil {
			t.Fatal(err)
		}
		if want := count(lo, hi, scale); res.Total != want {
			t.Errorf("%s in [%v, %v]: %d documents, want %d", field, show(lo), show(hi), res.Total, want)
		}
	}
}

func show(p *float64) string {
	if p == nil {
		return "open"
	}
	return fmt.Sprint(*p)
}
