package extract

import (
	"strings"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

// roundingBoost is what a total gains when a rounding adjustment below
// it leads to an amount printed on the document: more than the 0.2 a
// second total label gives, since the arithmetic and the print agree.
const roundingBoost = 0.3

// roundTotals applies rounding adjustments to the total candidates. A
// receipt that rounds to the coin prints the total, then the adjustment
// ("Rounding Adj -0.02"), then what is paid: under a second total label
// ("Total After Adj 127.35"), under a label OCR garbled, or only as the
// cash tendered. The adjusted total is the payable one. OCR often drops
// the adjustment's sign ("RM 01"), so both signs are tried, and only an
// adjusted amount that is printed somewhere counts: the candidate with
// that amount gains roundingBoost over the total it came from, or is
// added when no total label announced it.
func (d *doc) roundTotals(cs []candidate) []candidate {
	adjs := d.roundingAdjustments()
	n := len(cs)
	for i := 0; i < n; i++ {
		c := cs[i]
		for _, adj := range adjs {
			if adj.r.page != c.r.page || adj.r.box[1]+adj.r.box[3] <= c.r.box[1]+c.r.box[3] {
				continue // an adjustment applies to a total above it
			}
			for _, v := range []normalize.Decimal{c.Amount.Value.Add(adj.Decimal), c.Amount.Value.Sub(adj.Decimal)} {
				if j := candidateWith(cs, v); j >= 0 {
					cs[j].score = max(cs[j].score, c.score+roundingBoost)
					continue
				}
				if a, ok := d.printed(v); ok && a.r != adj.r {
					cs = append(cs, candidate{a, labelHit{Label: Label{Text: "total after rounding", Role: RoleTotal, Weight: c.label.Weight}}, c.score + roundingBoost})
				}
			}
		}
	}
	return cs
}

// adjustment is a rounding adjustment's size (without its sign) and row.
type adjustment struct {
	normalize.Decimal
	r *row
}

// roundingAdjustments are the amounts on rounding rows smaller than ten
// units of the document's last decimal (0.10 in sen, 10 yen), not zero.
// In a document with decimals, "01" or "02" there is cents whose "0."
// OCR lost ("Rounding Adjustment RM 01").
func (d *doc) roundingAdjustments() []adjustment {
	scale := d.usualScale()
	limit := normalize.Decimal{Units: 10, Scale: scale}
	var out []adjustment
	for _, r := range d.allRows() {
		if !r.hasRole(RoleRounding) {
			continue
		}
		for _, a := range r.amounts() {
			v := a.Amount.Value.Abs()
			if scale > 0 && v.Scale == 0 && v.Units < 10 && strings.HasPrefix(strings.TrimLeft(r.text[a.Start:a.End], "RM -"), "0") {
				v = normalize.Decimal{Units: v.Units, Scale: scale}
			}
			if v.Sign() != 0 && (v.Scale == scale || v.Scale == 0) && v.Cmp(limit) < 0 {
				out = append(out, adjustment{v, r})
			}
		}
	}
	return out
}

func candidateWith(cs []candidate, v normalize.Decimal) int {
	for i, c := range cs {
		if c.Amount.Value.Cmp(v) == 0 {
			return i
		}
	}
	return -1
}
