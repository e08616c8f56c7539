package extract

import (
	"strings"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// amountAt is an amount found in a row.
type amountAt struct {
	normalize.AmountMatch
	r *row
}

func (a amountAt) words() []word {
	if a.r == nil {
		return nil // inferred, not read
	}
	return a.r.wordsIn(a.Start, a.End)
}

// amounts returns the amounts of r, leaving out rates ("6%"), which
// FindAmounts cannot tell from money without the following sign.
func (r *row) amounts() []amountAt {
	var out []amountAt
	for _, m := range normalize.FindAmounts(r.text) {
		rest := strings.TrimLeft(r.text[m.End:], " ")
		if strings.HasPrefix(rest, "%") {
			continue
		}
		out = append(out, amountAt{m, r})
	}
	return out
}

// candidate is an amount announced by a label.
type candidate struct {
	amountAt
	label labelHit
	score float64
}

// labelled returns, for every label of role, the amount it announces: the
// last amount after it on the same row before the next label ("TOTAL 3
// 9.00" is 9.00, "合計 ¥1,100 内消費税 ¥100" is 1,100), else the amount
// below it on the next row (a header cell over its value).
func (d *doc) labelled(role Role) []candidate {
	var out []candidate
	for _, p := range d.pages {
		for ri, r := range p.rows {
			for _, h := range r.hits {
				if h.Role != role {
					continue
				}
				if a, ok := d.splitDecimal(r, h.end, r.nextLabelAfter(h.end)); ok {
					out = append(out, candidate{a, h, h.strength() * a.Certainty * readable(a)})
					continue
				}
				if a, ok := lastAmount(r, h.end, r.nextLabelAfter(h.end)); ok {
					out = append(out, candidate{a, h, h.strength() * a.Certainty * readable(a)})
					continue
				}
				if a, ok := amountBelow(p.rows, ri, r.xAt(h.start)); ok {
					out = append(out, candidate{a, h, 0.8 * h.strength() * a.Certainty * readable(a)})
				}
			}
		}
	}
	return out
}

// readable weighs an amount by the engine's confidence in its words: a
// large bold total is the text engines garble most ("¥27,632-" read as
// "21,002" with confidence 0), and a clean total under a weaker label
// elsewhere should win over it.
func readable(a amountAt) float64 {
	ws := a.words()
	if len(ws) == 0 {
		return 1
	}
	return 0.7 + 0.3*conf(ws)
}

// splitDecimal reads "44 90" after a money label as 44.90 when the
// document writes amounts with two decimals: OCR often loses the point.
func (d *doc) splitDecimal(r *row, from, to int) (amountAt, bool) {
	var in []amountAt
	for _, a := range r.amounts() {
		if a.Start >= from && a.End <= to {
			in = append(in, a)
		}
	}
	if len(in) != 2 || in[0].Money || in[1].Money || in[1].End-in[1].Start != 2 ||
		in[1].Start-in[0].End != 1 || in[0].Amount.Value.Sign() < 0 || d.usualScale() != 2 {
		return amountAt{}, false
	}
	a := in[0]
	a.Amount.Value = normalize.Decimal{Units: in[0].Amount.Value.Units*100 + in[1].Amount.Value.Units, Scale: 2}
	a.End, a.Text, a.Money = in[1].End, r.text[in[0].Start:in[1].End], true
	a.Certainty *= 0.6
	return a, true
}

// lastAmount returns the amount a label announces among those in
// [from,to): the largest money amount (a table footer "TOTAL 28.00 1.68"
// lists the total before its tax), else the last number.
func lastAmount(r *row, from, to int) (amountAt, bool) {
	var best amountAt
	ok := false
	for _, a := range r.amounts() {
		if a.Start < from || a.End > to {
			continue
		}
		switch {
		case !ok, a.Money && !best.Money, !a.Money && !best.Money:
			best, ok = a, true
		case a.Money && best.Money && a.Amount.Value.Cmp(best.Amount.Value) > 0:
			best = a
		}
	}
	return best, ok
}

// amountBelow finds the amount in the row under rows[i], starting at or
// right of x, in a row that is close and has no label of its own before
// that amount.
func amountBelow(rows []*row, i int, x int) (amountAt, bool) {
	r := rows[i]
	for _, n := range rows[i+1:] {
		if n.box[1]-r.box[3] > 2*height(r.box) {
			break
		}
		for _, a := range n.amounts() {
			ax := n.xAt(a.Start)
			if ax+height(r.box) < x {
				continue
			}
			if _, labelled := n.labelBefore(a.Start); labelled {
				return amountAt{}, false
			}
			return a, true
		}
		return amountAt{}, false
	}
	return amountAt{}, false
}

// best returns the highest-scoring candidate; ties go to the larger
// amount, since partial sums come before the total.
func best(cs []candidate) (candidate, bool) {
	var b candidate
	ok := false
	for _, c := range cs {
		if !ok || c.score > b.score+1e-9 || c.score > b.score-1e-9 && c.Amount.Value.Cmp(b.Amount.Value) > 0 {
			b, ok = c, true
		}
	}
	return b, ok
}

type moneyFields struct {
	total, subtotal, withholding *record.Field
	taxLines                     *record.TaxLines
}

func (d *doc) money() moneyFields {
	var m moneyFields
	m.total = d.total()
	if c, ok := best(d.labelled(RoleSubtotal)); ok {
		m.subtotal = field(c.Amount.Value.String(), c.words(), c.score, c.r.page)
	}
	if c, ok := best(d.labelled(RoleWithholding)); ok {
		m.withholding = field(c.Amount.Value.Abs().String(), c.words(), c.score, c.r.page)
	}
	lines, unrated := d.taxReads()
	lines, unrated = onlyRate(lines, unrated)
	if c := d.currency(); c != nil && c.Value == "JPY" {
		lines = d.reconcile(&m, lines, unrated)
	}
	m.taxLines = taxField(lines)
	return m
}

// total picks the amount payable. Each amount after a total label scores
// by its label; an amount repeated under several total labels, or equal
// to cash tendered minus change, gains support. Without any total label
// it falls back to cash minus change, then to the largest amount.
func (d *doc) total() *record.Field {
	cs, paid, change, diff, hasDiff := d.totalCandidates()
	if c, ok := best(cs); ok {
		return field(c.Amount.Value.String(), c.words(), min(c.score, 1), c.r.page)
	}
	// Without a total label: tendered minus change if that amount is
	// printed somewhere (an OCR slip in either makes a nonsense total),
	// else the subtotal, else tendered minus change anyway, else what was
	// tendered when no change was given.
	if hasDiff && change.Amount.Value.Sign() != 0 {
		if a, ok := d.printed(diff); ok {
			return field(diff.String(), append(paid.words(), a.words()...), 0.5, a.r.page)
		}
	}
	if c, ok := best(d.labelled(RoleSubtotal)); ok && c.Amount.Value.Sign() > 0 {
		return field(c.Amount.Value.String(), c.words(), 0.5*c.score, c.r.page)
	}
	if hasDiff {
		return field(diff.String(), append(paid.words(), change.words()...), 0.35, paid.r.page)
	}
	if paid.r != nil && paid.Amount.Value.Sign() > 0 && !d.anyRow(RoleChange) {
		return field(paid.Amount.Value.Abs().String(), paid.words(), 0.3, paid.r.page)
	}
	// Last resort: the largest money amount not on a payment, quantity or
	// tax row, written with the document's usual decimals ("1.000" on a
	// receipt in 2-decimal amounts is a quantity of fuel, not 1000).
	scale := d.usualScale()
	var big amountAt
	found := false
	for _, r := range d.allRows() {
		if r.hasRole(RoleCash, RoleChange, RoleQuantity, RoleTax, RoleDiscount, RoleRounding, RoleContact, RoleCompanyID, RoleInvoiceNumber) {
			continue
		}
		for _, a := range r.amounts() {
			if a.Money && a.Amount.Value.Scale == scale && a.Amount.Value.Sign() > 0 && (!found || a.Amount.Value.Cmp(big.Amount.Value) > 0) {
				big, found = a, true
			}
		}
	}
	if found {
		return field(big.Amount.Value.String(), big.words(), 0.3, big.r.page)
	}
	return nil
}

// totalCandidates scores the amounts after total labels, and returns the
// tendered and change amounts and their difference.
func (d *doc) totalCandidates() (cs []candidate, paid, change candidate, diff normalize.Decimal, hasDiff bool) {
	for _, c := range append(d.labelled(RoleTotal), d.formalAmounts()...) {
		if c.Amount.Value.Sign() > 0 {
			cs = append(cs, c)
		}
	}
	paid, hasPaid := best(d.labelled(RoleCash))
	change, hasChange := best(d.labelled(RoleChange))
	// Tendered minus change is the total; signs vary by printer.
	hasDiff = hasPaid && hasChange
	if hasDiff {
		diff = paid.Amount.Value.Abs().Sub(change.Amount.Value.Abs())
		hasDiff = diff.Sign() > 0
	}
	payAt := d.paymentRow()
	scale := d.usualScale()
	for i := range cs {
		// "300" among amounts written "3.00" lost its decimal point to OCR.
		if cs[i].Amount.Value.Scale != scale {
			cs[i].score *= 0.85
		}
		// Support: the same amount under a differently worded total label.
		support := 0
		for j, o := range cs {
			if i != j && o.r != cs[i].r && o.label.Text != cs[i].label.Text &&
				o.Amount.Value.Cmp(cs[i].Amount.Value) == 0 {
				support++
			}
		}
		cs[i].score += 0.2*float64(min(support, 2)) + 0.05*float64(min(d.printedElsewhere(cs[i]), 2))
		if hasDiff && diff.Cmp(cs[i].Amount.Value) == 0 {
			cs[i].score += 0.4
		}
		// The payable total comes after any rounding and before payment;
		// totals below the payment lines belong to a tax summary.
		if d.roundingBefore(cs[i].r) {
			cs[i].score += 0.1
		}
		if payAt != nil && cs[i].r.page == payAt.page && cs[i].r.box[1] > payAt.box[3] {
			cs[i].score *= 0.75
		}
	}
	cs = d.roundTotals(cs)
	// Tendered minus change, when that amount is printed (under a label
	// OCR garbled, say), is a candidate of its own.
	if hasDiff && !hasValue(cs, diff) {
		if a, ok := d.printed(diff); ok {
			cs = append(cs, candidate{a, labelHit{Label: Label{Text: "tendered - change", Role: RoleTotal, Weight: 0.75}}, 0.75 * a.Certainty * readable(a)})
		}
	}
	return cs, paid, change, diff, hasDiff
}

func hasValue(cs []candidate, v normalize.Decimal) bool {
	for _, c := range cs {
		if c.Amount.Value.Cmp(v) == 0 {
			return true
		}
	}
	return false
}

// usualScale is the most common number of decimals of money amounts.
func (d *doc) usualScale() int {
	n := map[int]int{}
	for _, r := range d.allRows() {
		for _, a := range r.amounts() {
			if a.Money {
				n[a.Amount.Value.Scale]++
			}
		}
	}
	best, bestN := 0, 0
	for s, c := range n {
		if c > bestN || c == bestN && s < best {
			best, bestN = s, c
		}
	}
	return best
}

// formalAmounts returns amounts written in the formal receipt style,
// "金壱萬弐阡円也" or "金12,000円也": on a 領収書 that is the amount received,
// though no label names it.
func (d *doc) formalAmounts() []candidate {
	formal := Label{Text: "金…也", Role: RoleTotal, Weight: 0.9}
	var out []candidate
	for _, r := range d.allRows() {
		for _, a := range r.amounts() {
			before := strings.TrimRight(r.text[:a.Start], " ")
			after := strings.TrimLeft(r.text[a.End:], " ")
			if strings.HasPrefix(a.Text, "金") || strings.HasSuffix(a.Text, "也") ||
				strings.HasSuffix(before, "金") && (strings.HasPrefix(after, "也") || strings.HasPrefix(after, "円也") || strings.HasSuffix(a.Text, "-")) {
				out = append(out, candidate{a, labelHit{Label: formal}, formal.Weight * a.Certainty})
			}
		}
	}
	return out
}

// printed returns an amount equal to v printed in the document.
func (d *doc) printed(v normalize.Decimal) (amountAt, bool) {
	for _, r := range d.allRows() {
		for _, a := range r.amounts() {
			if a.Amount.Value.Cmp(v) == 0 {
				return a, true
			}
		}
	}
	return amountAt{}, false
}

// paymentRow returns the row that closes the payment block: the first
// change row with an amount, else the first tendered row with one, else
// nil. Totals below it belong to a tax summary.
func (d *doc) paymentRow() *row {
	var cash *row
	for _, r := range d.allRows() {
		if len(r.amounts()) == 0 {
			continue
		}
		if r.hasRole(RoleChange) {
			return r
		}
		if cash == nil && r.hasRole(RoleCash) {
			cash = r
		}
	}
	return cash
}

// anyRow reports whether some row holds a label of role.
func (d *doc) anyRow(role Role) bool {
	for _, r := range d.allRows() {
		if r.hasRole(role) {
			return true
		}
	}
	return false
}

// printedElsewhere counts the other rows that show c's amount (an item
// line, a payment): weak support that breaks ties between OCR variants.
func (d *doc) printedElsewhere(c candidate) int {
	n := 0
	for _, r := range d.allRows() {
		if r == c.r {
			continue
		}
		for _, a := range r.amounts() {
			if a.Amount.Value.Cmp(c.Amount.Value) == 0 {
				n++
				break
			}
		}
	}
	return n
}

// roundingBefore reports whether a rounding row with a non-zero amount
// precedes r on its page.
func (d *doc) roundingBefore(r *row) bool {
	for _, p := range d.pages {
		if p.number != r.page {
			continue
		}
		for _, o := range p.rows {
			if o == r {
				return false
			}
			if o.hasRole(RoleRounding) {
				for _, a := range o.amounts() {
					if a.Money && a.Amount.Value.Sign() != 0 {
						return true
					}
				}
			}
		}
	}
	return false
}
