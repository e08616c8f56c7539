package synth

import (
	"math/rand/v2"
	"testing"
)

// TestDocumentArithmetic checks the content model over many seeds without
// rendering: per-rate bases are the item sums, tax is floored once per
// rate, and totals follow, for both tax-exclusive and tax-inclusive
// documents.
func TestDocumentArithmetic(t *testing.T) {
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, streamContent))
		var d *document
		if seed%2 == 0 {
			d = newInvoice(r, CalendarAny)
		} else {
			d = newReceipt(r, CalendarAny)
		}
		bases := map[int]int64{}
		for _, it := range d.Items {
			if it.Qty <= 0 || it.Price <= 0 {
				t.Fatalf("seed %d: item %+v has no amount", seed, it)
			}
			bases[it.rate()] += it.amount()
		}
		var sum, taxes int64
		for _, tr := range d.Taxes {
			if tr.Base != bases[tr.Rate] {
				t.Errorf("seed %d: %d%% base %d, items sum to %d", seed, tr.Rate, tr.Base, bases[tr.Rate])
			}
			want := tr.Base * int64(tr.Rate) / 100
			if d.Inclusive {
				want = tr.Base * int64(tr.Rate) / int64(100+tr.Rate)
			}
			if tr.Tax != want {
				t.Errorf("seed %d: %d%% tax %d on %d, want %d", seed, tr.Rate, tr.Tax, tr.Base, want)
			}
			sum += tr.Base
			taxes += tr.Tax
		}
		if len(d.Taxes) != len(bases) {
			t.Errorf("seed %d: %d tax rows for %d rates", seed, len(d.Taxes), len(bases))
		}
		wantTotal := sum + taxes
		if d.Inclusive {
			wantTotal = sum
		}
		if d.Subtotal != sum || d.Total != wantTotal {
			t.Errorf("seed %d: subtotal %d total %d, want %d %d", seed, d.Subtotal, d.Total, sum, wantTotal)
		}
		if d.Tendered != 0 && d.Tendered < d.Total {
			t.Errorf("seed %d: tendered %d below total %d", seed, d.Tendered, d.Total)
		}
		if !ValidRegistration("T" + d.RegNo) {
			t.Errorf("seed %d: invalid registration number %s", seed, d.RegNo)
		}
		if d.Kind == KindInvoice && (d.Due.Before(d.Issue) || (!d.Delivery.IsZero() && d.Delivery.After(d.Issue))) {
			t.Errorf("seed %d: dates out of order: delivered %v issued %v due %v", seed, d.Delivery, d.Issue, d.Due)
		}
	}
}

// TestCalendarChoice checks that forcing a calendar gives only its styles.
func TestCalendarChoice(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[bool]bool{}
	for range 200 {
		for _, receipt := range []bool{false, true} {
			if chooseDates(r, CalendarWestern, receipt).wareki() {
				t.Fatal("CalendarWestern gave a 和暦 style")
			}
			if !chooseDates(r, CalendarWareki, receipt).wareki() {
				t.Fatal("CalendarWareki gave a western style")
			}
			seen[chooseDates(r, CalendarAny, receipt).wareki()] = true
		}
	}
	if !seen[true] || !seen[false] {
		t.Errorf("CalendarAny never gave one of the calendars: %v", seen)
	}
}
