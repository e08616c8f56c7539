package extract

import (
	"regexp"
	"strings"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// amountAt is an amount found in a row.
type amountAt struct {
	normalize.AmountMatch
	r *row
}

func (a amountAt) words() []word { return a.r.wordsIn(a.Start, a.End) }

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
				if a, ok := lastAmount(r, h.end, r.nextLabelAfter(h.end)); ok {
					out = append(out, candidate{a, h, h.strength() * a.Certainty})
					continue
				}
				if a, ok := amountBelow(p.rows, ri, r.xAt(h.start)); ok {
					out = append(out, candidate{a, h, 0.8 * h.strength() * a.Certainty})
				}
			}
		}
	}
	return out
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
	m.taxLines = d.taxLines()
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
	// Without a total label: tendered minus change, if that amount is
	// printed somewhere (an OCR slip in either makes a nonsense total),
	// else the subtotal.
	if hasDiff && change.Amount.Value.Sign() != 0 {
		if a, ok := d.printed(diff); ok {
			return field(diff.String(), append(paid.words(), a.words()...), 0.5, a.r.page)
		}
	}
	if c, ok := best(d.labelled(RoleSubtotal)); ok && c.Amount.Value.Sign() > 0 {
		return field(c.Amount.Value.String(), c.words(), 0.5*c.score, c.r.page)
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
	for _, c := range d.labelled(RoleTotal) {
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
	payAt := d.firstPaymentRow()
	for i := range cs {
		// Support: the same amount under a differently worded total label.
		support := 0
		for j, o := range cs {
			if i != j && o.r != cs[i].r && o.label.Text != cs[i].label.Text &&
				o.Amount.Value.Cmp(cs[i].Amount.Value) == 0 {
				support++
			}
		}
		cs[i].score += 0.2 * float64(min(support, 2))
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
	return cs, paid, change, diff, hasDiff
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

// firstPaymentRow returns the first row with cash tendered or change and
// an amount, or nil.
func (d *doc) firstPaymentRow() *row {
	for _, r := range d.allRows() {
		if r.hasRole(RoleCash, RoleChange) && len(r.amounts()) > 0 {
			return r
		}
	}
	return nil
}

// roundingBefore reports whether a rounding row with an amount precedes r
// on its page, after some other total.
func (d *doc) roundingBefore(r *row) bool {
	for _, p := range d.pages {
		if p.number != r.page {
			continue
		}
		for _, o := range p.rows {
			if o == r {
				return false
			}
			if o.hasRole(RoleRounding) && len(o.amounts()) > 0 {
				return true
			}
		}
	}
	return false
}

var rateRe = regexp.MustCompile(`(\d{1,2}(?:\.\d{1,2})?)\s?%`)

// taxLines reads the per-rate breakdown: "10%対象 ¥11,000 消費税 ¥1,000",
// "GST @6%: 0.46", or a summary row "SR 6% 18.00 1.08" (base, then tax).
func (d *doc) taxLines() *record.TaxLines {
	byRate := map[string]*record.TaxLine{}
	var order []string
	var ws []word
	var strength []float64
	pg := 0
	line := func(rate string) *record.TaxLine {
		if t, ok := byRate[rate]; ok {
			return t
		}
		t := &record.TaxLine{Rate: rate}
		byRate[rate] = t
		order = append(order, rate)
		return t
	}
	var unrated []amountAt
	for _, p := range d.pages {
		for _, r := range p.rows {
			isBase, isTax := r.hasRole(RoleTaxBase), r.hasRole(RoleTax)
			if !isBase && !isTax {
				continue
			}
			m := rateRe.FindStringSubmatchIndex(r.text)
			if m == nil {
				if isTax && !isBase {
					if h, ok := firstHit(r, RoleTax); ok {
						if a, ok := lastAmount(r, h.end, r.nextLabelAfter(h.end)); ok {
							unrated = append(unrated, a)
						}
					}
				}
				continue
			}
			rate := trimRate(r.text[m[2]:m[3]])
			var after []amountAt
			for _, a := range r.amounts() {
				if a.Start >= m[1] {
					after = append(after, a)
				}
			}
			if len(after) == 0 {
				continue
			}
			t := line(rate)
			if pg == 0 {
				pg = r.page
			}
			switch {
			case isBase:
				if t.Base == "" {
					t.Base = after[0].Amount.Value.String()
				}
				if h, ok := firstHit(r, RoleTax); ok {
					if a, ok := lastAmount(r, h.end, r.nextLabelAfter(h.end)); ok && t.Tax == "" {
						t.Tax = a.Amount.Value.String()
						ws = append(ws, a.words()...)
					}
				}
			case len(after) >= 2:
				if t.Base == "" {
					t.Base = after[0].Amount.Value.String()
				}
				if t.Tax == "" {
					t.Tax = after[len(after)-1].Amount.Value.String()
				}
			default:
				if t.Tax == "" {
					t.Tax = after[0].Amount.Value.String()
				}
			}
			ws = append(ws, after[0].words()...)
			strength = append(strength, 0.8)
		}
	}
	// A tax amount without a rate belongs to the only rate, if there is one.
	if len(unrated) > 0 && len(order) <= 1 {
		rate := ""
		if len(order) == 1 {
			rate = order[0]
		}
		if t := line(rate); t.Tax == "" {
			t.Tax = unrated[0].Amount.Value.String()
			ws = append(ws, unrated[0].words()...)
			strength = append(strength, 0.6)
			if pg == 0 {
				pg = unrated[0].r.page
			}
		}
	}
	if len(order) == 0 {
		return nil
	}
	tl := &record.TaxLines{Page: pg, Source: rawText(ws)}
	for _, rate := range order {
		tl.Value = append(tl.Value, *byRate[rate])
	}
	s := 0.0
	for _, x := range strength {
		s += x
	}
	tl.Confidence = clamp(s / float64(len(strength)) * conf(ws))
	if len(ws) > 0 {
		b := union(ws)
		tl.BBox = &b
	}
	return tl
}

func firstHit(r *row, role Role) (labelHit, bool) {
	for _, h := range r.hits {
		if h.Role == role {
			return h, true
		}
	}
	return labelHit{}, false
}

// trimRate writes a rate without trailing zeros: "6.00" is "6".
func trimRate(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// currency reads the document's currency from its markers (RM 9.00,
// ¥1,100, a "(RM)" column header), else the default.
func (d *doc) currency() *record.Field {
	count := map[string]int{}
	where := map[string][]word{}
	pages := map[string]int{}
	note := func(code string, ws []word, pg int) {
		count[code]++
		if len(where[code]) < 3 {
			where[code] = append(where[code], ws...)
		}
		if pages[code] == 0 {
			pages[code] = pg
		}
	}
	for _, r := range d.allRows() {
		for _, a := range r.amounts() {
			if a.Amount.Currency != "" {
				note(a.Amount.Currency, a.words(), r.page)
			}
		}
		for _, w := range r.words {
			if code, ok := currencyWords[trimPunct(asciiUpper(w.text))]; ok {
				note(code, []word{w}, r.page)
			}
		}
	}
	bestCode, n, total := "", 0, 0
	for code, c := range count {
		total += c
		if c > n || c == n && code < bestCode {
			bestCode, n = code, c
		}
	}
	if bestCode != "" {
		return field(bestCode, where[bestCode], 0.5+0.5*float64(n)/float64(total), pages[bestCode])
	}
	switch {
	case d.opts.DefaultCurrency != "":
		return field(strings.ToUpper(d.opts.DefaultCurrency), nil, 0.5, 0)
	case d.ja:
		return field("JPY", nil, 0.6, 0)
	}
	return nil
}

// currencyWords are words that name a currency on their own, such as a
// column header "RM" or "(円)".
var currencyWords = map[string]string{
	"RM": "MYR", "MYR": "MYR", "¥": "JPY", "円": "JPY", "JPY": "JPY", "USD": "USD", "US$": "USD",
	"$": "USD", "€": "EUR", "EUR": "EUR", "SGD": "SGD", "S$": "SGD",
}
