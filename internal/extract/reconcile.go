package extract

import (
	"sort"
	"strconv"
	"strings"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// Yen documents state the same money several times: per rate, tax =
// base × rate (one rounding per rate), the subtotal is the sum of the
// bases, the total the subtotal plus tax (or, tax-inclusive, the sum of
// the bases), and on a receipt the total is what was tendered minus the
// change. Engines misread single digits in ways that are known: a 0 next
// to 円 comes out as 6, a slashed 0 as 9, sometimes 8. reconcile tries
// those readings of every amount together and keeps the combination that
// agrees best with the arithmetic, each changed digit costing more than
// a relation it restores is worth alone; so a document that adds up as
// read is left as read. It then fills in a rate's base (or a whole rate)
// that OCR lost, but only where two printed amounts agree on it.

// The search is bounded: documents with more tax lines are left as read,
// and each line keeps its cheapest readings.
const (
	maxLines   = 4
	maxChoices = 8
)

// yen is one reading of an amount in yen.
type yen struct {
	v     int64
	cost  float64   // of the digits changed from what OCR read
	edits int       // how many
	src   *amountAt // where it was read
}

// Edit costs. The commonest misreading, a 0 right before 円 read as 6,
// costs less than other digit repairs: on Japanese receipts it is often
// made in every amount of a column, so only the one relation the change
// makes hold (tendered − change) speaks for the repair.
const (
	editCost   = 0.45 // one changed digit, against a relation worth 1
	yenSixCost = 0.25 // 6 → 0 right before 円
)

// misreadAs maps a digit as read to the digits it may stand for: a 0 is
// read as 6, 8 or 9, a 5 as 6.
var misreadAs = map[byte][]byte{'6': {'0', '5'}, '8': {'0'}, '9': {'0'}}

// yenReads returns the amount as read and with one misread digit undone
// (misreadAs). Amounts with decimals are no yen amounts and give nothing.
// With zeroAsSix (the document's every 0 before 円 reads as 6, see
// doc.zeroAsSix) that repair costs nothing and keeping the 6 costs what
// the repair costs otherwise.
func yenReads(a *amountAt, zeroAsSix bool) []yen {
	if a == nil || a.Amount.Value.Scale != 0 || a.Amount.Value.Units < 0 {
		return nil
	}
	v := a.Amount.Value.Units
	out := []yen{{v, 0, 0, a}}
	s := strconv.FormatInt(v, 10)
	beforeYen := strings.HasSuffix(a.Text, "円")
	for i := 0; i < len(s); i++ {
		if i == 0 && len(s) > 1 { // a leading 0 would be no number
			continue
		}
		for _, to := range misreadAs[s[i]] {
			w, err := strconv.ParseInt(s[:i]+string(to)+s[i+1:], 10, 64)
			if err != nil {
				continue
			}
			cost := editCost
			if s[i] == '6' && to == '0' && i == len(s)-1 && beforeYen {
				cost = yenSixCost
				if zeroAsSix {
					cost, out[0].cost = 0, yenSixCost
				}
			}
			out = append(out, yen{w, cost, 1, a})
		}
	}
	// 円 itself read as a digit ("290円" as "2908"), when no 円 was read.
	if !beforeYen && len(s) >= 3 && !strings.HasSuffix(a.Text, "-") {
		out = append(out, yen{v / 10, editCost, 1, a})
	}
	return out
}

// taxFits reports whether tax is base × rate, rounded any way, with the
// base without tax (exclusive) or with it (inclusive).
func taxFits(base, tax, rate int64) (excl, incl bool) {
	near := func(num, den int64) bool {
		q := num / den
		return tax == q || tax == q+1 && num%den != 0
	}
	return near(base*rate, 100), near(base*rate, 100+rate)
}

// lineChoice is one reading of a tax line.
type lineChoice struct {
	rate       int64
	base, tax  *yen
	excl, incl bool // the tax fits the base one way or the other
	cost       float64
}

// lineChoices lists the readings of t: its base and tax as read or with
// one digit undone, under its printed rate or, when that is no rate of
// the document's tax system, under each rate that fits.
func lineChoices(t *taxRead, rates []int64, zeroAsSix bool) []lineChoice {
	rs := rates
	printed, err := strconv.ParseInt(t.rate, 10, 64)
	rateRead := err == nil && containsRate(rates, printed)
	if rateRead {
		rs = []int64{printed}
	}
	bs, xs := yenReads(t.base, zeroAsSix), yenReads(t.tax, zeroAsSix)
	var out []lineChoice
	keep := func(c lineChoice) {
		if !rateRead {
			c.cost += 0.2 // a rate taken from the arithmetic
		}
		out = append(out, c)
	}
	for _, r := range rs {
		switch {
		case len(bs) > 0 && len(xs) > 0:
			for i := range bs {
				for j := range xs {
					ex, in := taxFits(bs[i].v, xs[j].v, r)
					c := lineChoice{r, &bs[i], &xs[j], ex, in, bs[i].cost + xs[j].cost}
					if ex || in || bs[i].edits+xs[j].edits == 0 && (rateRead || len(rs) == 1) {
						keep(c)
					}
				}
			}
		case !rateRead:
			// A base or a tax alone does not tell its rate: fillLost
			// may, from the other amounts.
		case len(bs) > 0:
			for i := range bs {
				keep(lineChoice{rate: r, base: &bs[i], excl: true, incl: true, cost: bs[i].cost})
			}
		case len(xs) > 0:
			for j := range xs {
				keep(lineChoice{rate: r, tax: &xs[j], excl: true, incl: true, cost: xs[j].cost})
			}
		}
	}
	if len(out) == 0 && (len(bs) > 0 || len(xs) > 0) {
		// No rate fits: keep the line as read, rate and all.
		c := lineChoice{rate: printed, excl: true, incl: true}
		if len(bs) > 0 {
			c.base = &bs[0]
		}
		if len(xs) > 0 {
			c.tax = &xs[0]
		}
		out = append(out, c)
	}
	return out
}

func containsRate(rates []int64, r int64) bool {
	for _, x := range rates {
		if x == r {
			return true
		}
	}
	return false
}

// moneyCand is a reading of the total or subtotal with what speaks for it.
type moneyCand struct {
	y     yen
	score float64
}

// reconcile rereads the money fields of a yen document so that they add
// up, as described above, and fills in tax lines OCR lost.
func (d *doc) reconcile(m *moneyFields, lines []*taxRead, unrated []amountAt) []*taxRead {
	rates := d.v.taxRates
	if len(rates) == 0 {
		return lines
	}
	lines = d.arithmeticRows(lines, rates)
	six := d.zeroAsSix()
	var totals, subs []moneyCand
	cs, paid, change, _, hasDiff := d.totalCandidates()
	for i := range cs {
		for _, y := range yenReads(&cs[i].amountAt, six) {
			totals = append(totals, moneyCand{y, min(cs[i].score, 1.2)})
		}
	}
	// The total of the breakdown, printed somewhere but under a label OCR
	// garbled ("ae ¥ 17,357" for 合計 ¥17,357), is a candidate of its own.
	for _, v := range breakdownTotals(m, lines) {
		if a, ok := d.printed(normalize.Decimal{Units: v}); ok && !hasValue(cs, a.Amount.Value) &&
			!a.r.hasRole(RoleTax, RoleTaxBase, RoleSubtotal) {
			totals = append(totals, moneyCand{yen{v, 0, 0, &a}, 0.3})
		}
	}
	if c, ok := best(d.labelled(RoleSubtotal)); ok {
		for _, y := range yenReads(&c.amountAt, six) {
			subs = append(subs, moneyCand{y, 0})
		}
	}
	// The sum of the bases printed under a label OCR garbled ("【税率別内訳】
	// ¥4,280" with 小計 lost) is a subtotal of its own.
	// Only when the breakdown is whole (a total is its bases, or bases
	// plus taxes): with a rate lost, the sum is a part, and may be an
	// item's price.
	if v, ok := sumBases(lines); ok && !hasSub(subs, v) && breakdownWhole(totals, lines, v) {
		if a, ok := d.printed(normalize.Decimal{Units: v}); ok && !a.r.hasRole(RoleTax, RoleTaxBase, RoleTotal) {
			subs = append(subs, moneyCand{yen{v, 0, 0, &a}, 0})
		}
	}
	subs = append(subs, moneyCand{score: -1}) // no subtotal
	var diffs []int64
	if hasDiff {
		for _, p := range yenReads(&paid.amountAt, six) {
			for _, c := range yenReads(&change.amountAt, six) {
				if p.edits+c.edits == 0 || c.v == 0 {
					diffs = append(diffs, p.v-c.v)
				}
			}
		}
	}
	if len(lines) > maxLines {
		return lines
	}
	choices := make([][]lineChoice, len(lines))
	for i, t := range lines {
		choices[i] = lineChoices(t, rates, six)
		sort.SliceStable(choices[i], func(a, b int) bool { return choices[i][a].cost < choices[i][b].cost })
		if len(choices[i]) > maxChoices {
			choices[i] = choices[i][:maxChoices]
		}
	}
	var bestT, bestS *moneyCand
	var bestLines []lineChoice
	bestScore := -1e9
	cur := make([]lineChoice, len(lines))
	var walk func(i int)
	walk = func(i int) {
		if i < len(lines) {
			if len(choices[i]) == 0 {
				cur[i] = lineChoice{}
				walk(i + 1)
				return
			}
			for _, c := range choices[i] {
				cur[i] = c
				walk(i + 1)
			}
			return
		}
		for ti := -1; ti < len(totals); ti++ {
			for si := range subs {
				var t *moneyCand
				if ti >= 0 {
					t = &totals[ti]
				}
				s := &subs[si]
				if s.score < 0 {
					s = nil
				}
				score, tHolds, sHolds := docScore(t, s, cur, diffs)
				if score > bestScore+1e-9 {
					bestScore, bestT, bestS = score, nil, nil
					if tHolds {
						bestT = t
					}
					if sHolds {
						bestS = s
					}
					bestLines = append(bestLines[:0], cur...)
				}
			}
		}
	}
	walk(0)
	// A yen total has no decimals: "16, 7" is a garbled total, and the
	// best whole amount under a total label is better (unless most
	// amounts have decimals: then the currency was misjudged).
	if bestT == nil && m.total != nil && strings.Contains(m.total.Value, ".") && d.usualScale() == 0 {
		for i := range totals {
			if totals[i].y.edits == 0 && (bestT == nil || totals[i].score > bestT.score) {
				bestT = &totals[i]
			}
		}
	}
	// The total and subtotal change only where the arithmetic speaks for
	// the new reading; the tax lines keep the best reading in any case.
	if bestT != nil && (m.total == nil || m.total.Value != strconv.FormatInt(bestT.y.v, 10)) {
		m.total = yenField(bestT.y, 0.8)
	}
	if bestS != nil && (m.subtotal == nil || m.subtotal.Value != strconv.FormatInt(bestS.y.v, 10)) {
		m.subtotal = yenField(bestS.y, 0.8)
	}
	for i, c := range bestLines {
		if c.base == nil && c.tax == nil {
			continue
		}
		t := lines[i]
		if c.rate > 0 {
			t.rate = strconv.FormatInt(c.rate, 10)
		}
		if c.base != nil && c.base.edits > 0 {
			t.base = repaired(c.base)
		}
		if c.tax != nil && c.tax.edits > 0 {
			t.tax = repaired(c.tax)
		}
	}
	return d.lostRate(m, d.fillLost(m, lines, unrated))
}

// zeroAsSix reports whether the engine read the 0 before 円 as 6 all
// over the document, as it does on some soft scans: at least three
// amounts closed by 円 end in 6 and none in 0. Yen prices end in 0 far
// more often than in 6, so a document without a single such 0 is one
// where the 0s were misread, and each amount is read with its 6 undone
// first.
func (d *doc) zeroAsSix() bool {
	n6, n0 := 0, 0
	for _, r := range d.allRows() {
		for _, a := range r.amounts() {
			if !strings.HasSuffix(a.Text, "円") || a.Amount.Value.Scale != 0 || a.Amount.Value.Units <= 0 {
				continue
			}
			switch a.Amount.Value.Units % 10 {
			case 6:
				n6++
			case 0:
				n0++
			}
		}
	}
	return n0 == 0 && n6 >= 3
}

// sumBases is the sum of the bases of lines, when every line has one.
func sumBases(lines []*taxRead) (int64, bool) {
	var s int64
	for _, t := range lines {
		if t.base == nil || t.base.Amount.Value.Scale != 0 {
			return 0, false
		}
		s += t.base.Amount.Value.Units
	}
	return s, len(lines) > 0
}

// breakdownWhole reports whether a total candidate is sumB, or sumB
// plus the taxes of lines.
func breakdownWhole(totals []moneyCand, lines []*taxRead, sumB int64) bool {
	var sumX int64
	allX := true
	for _, t := range lines {
		if t.tax == nil || t.tax.Amount.Value.Scale != 0 {
			allX = false
			break
		}
		sumX += t.tax.Amount.Value.Units
	}
	for _, c := range totals {
		if c.y.v == sumB || allX && c.y.v == sumB+sumX {
			return true
		}
	}
	return false
}

func hasSub(cs []moneyCand, v int64) bool {
	for _, c := range cs {
		if c.y.v == v {
			return true
		}
	}
	return false
}

// breakdownTotals are the totals the subtotal and tax lines make, as
// read: subtotal + taxes. (The sum of the bases is no candidate: with a
// rate lost it is a part of the total, printed on its base row.)
func breakdownTotals(m *moneyFields, lines []*taxRead) []int64 {
	var sumX int64
	for _, t := range lines {
		if t.tax == nil || t.tax.Amount.Value.Scale != 0 {
			return nil
		}
		sumX += t.tax.Amount.Value.Units
	}
	if s, ok := yenValue(m.subtotal); ok && len(lines) > 0 {
		return []int64{s + sumX}
	}
	return nil
}

// docScore rates one reading of the whole document: every tax line that
// fits and every relation between total, subtotal, bases, taxes and
// payment that holds count 1, the total's label its score, every changed
// digit editCost. It also says whether the total and the subtotal take
// part in a relation that holds: only then may they replace what was
// read.
func docScore(t, s *moneyCand, lines []lineChoice, diffs []int64) (score float64, tHolds, sHolds bool) {
	var sumB, sumX int64
	allB, allX, excl, incl := len(lines) > 0, len(lines) > 0, true, true
	for _, c := range lines {
		score -= c.cost
		if c.base != nil && c.tax != nil && (c.excl || c.incl) {
			score++
		}
		excl, incl = excl && c.excl, incl && c.incl
		if c.base == nil {
			allB = false
		} else {
			sumB += c.base.v
		}
		if c.tax == nil {
			allX = false
		} else {
			sumX += c.tax.v
		}
	}
	if t != nil {
		score += t.score - t.y.cost
	}
	if s != nil {
		score -= s.y.cost
	}
	// The relations of the two ways of charging tax; the subtotal is
	// the sum of the bases either way (net, or gross with the tax).
	rel := func(ok bool, total, sub bool) {
		if ok {
			score++
			tHolds, sHolds = tHolds || total, sHolds || sub
		}
	}
	rel(s != nil && allB && s.y.v == sumB, false, true)
	rel(t != nil && s != nil && allX && excl && t.y.v == s.y.v+sumX, true, true)
	// Without a subtotal, the total is the bases plus taxes (counted only
	// then: with one, it says nothing the two relations above do not).
	rel(t != nil && s == nil && allB && allX && excl && t.y.v == sumB+sumX, true, false)
	rel(t != nil && allB && incl && t.y.v == sumB, true, false)
	for _, v := range diffs {
		if t != nil && t.y.v == v {
			score++
			tHolds = true
			break
		}
	}
	return score, tHolds, sHolds
}

func yenValue(f *record.Field) (int64, bool) {
	if f == nil {
		return 0, false
	}
	v, err := normalize.ParseDecimal(f.Value)
	if err != nil || v.Scale != 0 {
		return 0, false
	}
	return v.Units, true
}

// repaired is the amount y was read from, with y's value.
func repaired(y *yen) *amountAt {
	a := *y.src
	a.Amount.Value = normalize.Decimal{Units: y.v}
	a.Certainty *= 0.8
	return &a
}

// inferred is an amount no one printed legibly: it has no words.
func inferred(v int64) *amountAt {
	return &amountAt{AmountMatch: normalize.AmountMatch{Amount: normalize.Amount{Value: normalize.Decimal{Units: v}}, Certainty: 0.5, Money: true}}
}

func yenField(y yen, strength float64) *record.Field {
	a := y.src
	if y.edits > 0 {
		a = repaired(&y)
	}
	return field(a.Amount.Value.String(), a.words(), strength*a.Certainty, a.r.page)
}
