package export

import (
	"slices"
	"testing"

	"github.com/shohyo/shohyo/internal/record"
)

// TestRowLineItems: records.csv writes every item as a reader would, in
// the line_items column, leaving out what the line does not print.
func TestRowLineItems(t *testing.T) {
	v := &record.Version{DocID: "0123456789abcdef01234567", Version: 1, Status: record.StatusReady,
		Fields: record.Fields{LineItems: []record.LineItem{
			{Description: "コピー用紙 A4", Quantity: "10", Unit: "箱", UnitPrice: "5000", Amount: "50000", Rate: "10"},
			{Description: "値引", Amount: "-500"},
		}}}
	got := row(v, nil, "")
	i := slices.Index(Columns, "line_items")
	if len(got) != len(Columns) || i < 0 {
		t.Fatalf("%d values for %d columns", len(got), len(Columns))
	}
	if want := "コピー用紙 A4 10箱×5000=50000 10%;値引=-500"; got[i] != want {
		t.Errorf("line_items = %q, want %q", got[i], want)
	}
}
