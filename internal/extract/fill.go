package extract

import (
	"regexp"
	"slices"
	"strconv"
)

// fillLost fills in what OCR lost from the tax breakdown, when two
// printed amounts agree on it: a base that is the subtotal (or, tax
// inclusive, the total) less the other bases and fits its tax; a whole
// rate whose tax was read without it ("(内消費税等) ¥41" under a lost
// "8%対象 ¥560"); the rate of a line with base and tax but no rate.
func (d *doc) fillLost(m *moneyFields, lines []*taxRead, unrated []amountAt) []*taxRead {
	total, okT := yenValue(m.total)
	sub, okS := yenValue(m.subtotal)
	known := func(skip *taxRead) (int64, bool) {
		var s int64
		for _, t := range lines {
			if t == skip || t.base == nil && t.tax == nil {
				continue
			}
			if t.base == nil {
				return 0, false
			}
			s += t.base.Amount.Value.Units
		}
		return s, true
	}
	// The base of a line that has its tax: under its rate, or, when no
	// rate was read, under the one rate that fits. A base read that does
	// not fit its tax under its rate either way is as good as lost: OCR
	// dropped digits from it ("\300" for ¥1,300 beside a tax of ¥130).
	for _, t := range lines {
		if t.tax == nil || t.tax.Amount.Value.Scale != 0 || t.base != nil && !misfit(t) {
			continue
		}
		rs := d.v.taxRates
		if r, err := strconv.ParseInt(t.rate, 10, 64); err == nil {
			rs = []int64{r}
		}
		others, ok := known(t)
		if !ok {
			continue
		}
		x := t.tax.Amount.Value.Units
		var fits []int64
		var base int64
		for _, r := range rs {
			for _, whole := range []struct {
				v  int64
				ok bool
			}{{sub, okS}, {total, okT}} {
				b := whole.v - others
				if ex, in := taxFits(b, x, r); whole.ok && b > 0 && (ex || in) {
					fits, base = append(fits, r), b
					break
				}
			}
		}
		if len(fits) == 1 {
			t.rate, t.base = strconv.FormatInt(fits[0], 10), inferred(base)
		}
	}
	lines = fillTwoBases(lines, sub, okS, total, okT)
	// A rate of the tax system that no line has, from a tax read alone.
	if len(unrated) > 0 {
		used := map[int64]bool{}
		for _, t := range lines {
			if r, err := strconv.ParseInt(t.rate, 10, 64); err == nil && (t.base != nil || t.tax != nil) {
				used[r] = true
			}
		}
		others, ok := known(nil)
		for _, r := range d.v.taxRates {
			if used[r] || !ok {
				continue
			}
			for _, u := range unrated {
				x := u.Amount.Value.Units
				if u.Amount.Value.Scale != 0 || x <= 0 {
					continue
				}
				found := false
				for _, whole := range []struct {
					v  int64
					ok bool
				}{{sub, okS}, {total, okT}} {
					b := whole.v - others
					if ex, in := taxFits(b, x, r); whole.ok && b > 0 && (ex || in) {
						u := u
						lines = append(lines, &taxRead{rate: strconv.FormatInt(r, 10), base: inferred(b), tax: &u, strength: 0.6})
						found = true
						break
					}
				}
				if found {
					break
				}
			}
		}
	}
	return lines
}

// fillTwoBases fills the bases of the two lines, rates and taxes read,
// whose bases OCR lost both (each alone is filled above, not both): the
// bases must add up to the subtotal (tax exclusive) or the total
// (inclusive) less the bases read, and give their taxes under their
// rates rounded one way for both, down or up. A tax allows only a few
// bases (¥4,410 at 10%, rounded down: ¥44,100 to ¥44,109), so the sum
// mostly leaves one pair; when it leaves more, none is taken. Rounding
// to nearest is not tried: it lets a base move one way and the other
// base the other, and would always leave several pairs.
func fillTwoBases(lines []*taxRead, sub int64, okS bool, total int64, okT bool) []*taxRead {
	var lost []*taxRead
	var rates []int64
	var others, taxes int64 // the bases and taxes of the other lines
	for _, t := range lines {
		switch {
		case t.base != nil && (t.tax == nil || !misfit(t)):
			others += t.base.Amount.Value.Units
			if t.tax != nil {
				taxes += t.tax.Amount.Value.Units
			}
		case t.tax != nil && t.tax.Amount.Value.Scale == 0:
			r, err := strconv.ParseInt(t.rate, 10, 64)
			if err != nil || r <= 0 {
				return lines
			}
			lost, rates = append(lost, t), append(rates, r)
		case t.base != nil || t.tax != nil:
			return lines
		}
	}
	if len(lost) != 2 {
		return lines
	}
	x1, x2 := lost[0].tax.Amount.Value.Units, lost[1].tax.Amount.Value.Units
	type pair struct{ b1, b2 int64 }
	var found []pair
	// Tax exclusive when the subtotal and the taxes make the total,
	// inclusive when the total is all there is.
	taxes += x1 + x2
	for _, whole := range []struct {
		v, grossUp int64 // grossUp: 0 for a subtotal, 1 for a total
		ok         bool
	}{{sub, 0, okS && okT && sub+taxes == total}, {total, 1, okT && (!okS || sub == total)}} {
		if !whole.ok {
			continue
		}
		rest := whole.v - others
		// tax = base × rate / f: f is 100, or 100 + rate when the base
		// holds its tax.
		f1, f2 := 100+rates[0]*whole.grossUp, 100+rates[1]*whole.grossUp
		for _, up := range []bool{false, true} {
			for b1 := max(1, x1*f1/rates[0]-1); b1 <= (x1+1)*f1/rates[0]+1; b1++ {
				b2 := rest - b1
				p := pair{b1, b2}
				if b2 > 0 && rounded(b1*rates[0], f1, up) == x1 && rounded(b2*rates[1], f2, up) == x2 && !slices.Contains(found, p) {
					found = append(found, p)
				}
			}
		}
	}
	if len(found) == 1 {
		lost[0].base, lost[1].base = inferred(found[0].b1), inferred(found[0].b2)
	}
	return lines
}

// rounded is num / den rounded down, or up.
func rounded(num, den int64, up bool) int64 {
	if up && num%den != 0 {
		return num/den + 1
	}
	return num / den
}

// arithmeticRows reads tax lines whose labels OCR garbled from their
// arithmetic alone: a row with two neighbouring yen amounts, the second
// the first times exactly one rate of the tax system ("aus 10,320 清和 ¥ 825" is
// 8%対象 ¥10,320 消費税 ¥825). Rows of totals, payments and items are
// left alone. A rate already read keeps its amounts; a line read without
// a rate, and holding the same tax, takes the rate and base.
func (d *doc) arithmeticRows(lines []*taxRead, rates []int64) []*taxRead {
	byRate := map[string]*taxRead{}
	for _, t := range lines {
		byRate[t.rate] = t
	}
	for _, r := range d.allRows() {
		if r.hasRole(RoleSubtotal, RoleTotal, RoleCash, RoleChange, RoleQuantity, RoleDiscount) || itemRe.MatchString(r.text) {
			continue
		}
		var as []amountAt
		for _, a := range r.amounts() {
			if a.Money && a.Amount.Value.Scale == 0 && a.Amount.Value.Units > 0 {
				as = append(as, a)
			}
		}
		// The first two neighbours that fit exactly one rate: a merged
		// row may go on with the total tax ("... 消費税 ¥3,989").
		var b, x amountAt
		var fits []int64
		for i := 0; i+1 < len(as) && len(fits) != 1; i++ {
			b, x, fits = as[i], as[i+1], nil
			if x.Amount.Value.Units >= b.Amount.Value.Units {
				continue
			}
			for _, rate := range rates {
				if ex, in := taxFits(b.Amount.Value.Units, x.Amount.Value.Units, rate); ex || in {
					fits = append(fits, rate)
				}
			}
		}
		if len(fits) != 1 {
			continue
		}
		rate := strconv.FormatInt(fits[0], 10)
		t, ok := byRate[rate]
		if !ok {
			// A line read without a rate, or under one the tax system has
			// not ("19%対象" for 10%), holding this tax is this line: now
			// its rate (and base) are known.
			var u *taxRead
			for _, l := range lines {
				pr, err := strconv.ParseInt(l.rate, 10, 64)
				foreign := l.rate != "" && (err != nil || !containsRate(rates, pr))
				if l.tax != nil && l.tax.Amount.Value.Cmp(x.Amount.Value) == 0 && (l.rate == "" && l.base == nil || foreign) {
					u = l
					break
				}
			}
			if u != nil {
				t = u
				delete(byRate, u.rate)
			} else {
				t = &taxRead{strength: 0.6}
				lines = append(lines, t)
			}
			t.rate = rate
			byRate[rate] = t
		}
		if t.base == nil {
			t.base = &b
		}
		if t.tax == nil {
			t.tax = &x
		}
	}
	return lines
}

// itemRe is an item line's quantity and unit price: "@220 x 3", "2 個".
var itemRe = regexp.MustCompile(`@\s?\d|\d\s?[xX×]\s?\d`)

// lostRate adds the one rate of the tax system that no line has when the
// total, the other lines and a printed amount agree on it: taken as the
// subtotal (tax exclusive), that amount less the other bases is the lost
// base, the total less it and the other taxes the lost tax, and the two
// must fit the rate. A subtotal read is the only amount tried; without
// one, every printed amount is, and exactly one may fit.
func (d *doc) lostRate(m *moneyFields, lines []*taxRead) []*taxRead {
	total, ok := yenValue(m.total)
	if !ok {
		return lines
	}
	var sumB, sumX int64
	used := map[int64]bool{}
	for _, t := range lines {
		if t.base == nil && t.tax == nil {
			continue
		}
		r, err := strconv.ParseInt(t.rate, 10, 64)
		if err != nil || t.base == nil || t.tax == nil {
			return lines // an incomplete line: nothing to subtract
		}
		used[r] = true
		sumB += t.base.Amount.Value.Units
		sumX += t.tax.Amount.Value.Units
	}
	var missing []int64
	for _, r := range d.v.taxRates {
		if !used[r] {
			missing = append(missing, r)
		}
	}
	if len(missing) != 1 || len(used) == 0 {
		return lines
	}
	var subs []amountAt
	if sub, ok := yenValue(m.subtotal); ok {
		subs = append(subs, *inferred(sub))
	} else {
		for _, r := range d.allRows() {
			if r.hasRole(RoleTax, RoleTaxBase, RoleTotal, RoleCash, RoleChange) {
				continue
			}
			for _, a := range r.amounts() {
				if a.Money && a.Amount.Value.Scale == 0 {
					subs = append(subs, a)
				}
			}
		}
	}
	var found *taxRead
	var foundSub amountAt
	for _, p := range subs {
		b := p.Amount.Value.Units - sumB
		x := total - p.Amount.Value.Units - sumX
		if ex, _ := taxFits(b, x, missing[0]); b <= 0 || x <= 0 || !ex {
			continue
		}
		if found != nil && found.base.Amount.Value.Units != b {
			return lines // two amounts fit: which is the subtotal is unknown
		}
		found, foundSub = &taxRead{rate: strconv.FormatInt(missing[0], 10), base: inferred(b), tax: inferred(x), strength: 0.5}, p
	}
	if found == nil {
		return lines
	}
	if m.subtotal == nil && foundSub.r != nil {
		m.subtotal = field(foundSub.Amount.Value.String(), foundSub.words(), 0.5*foundSub.Certainty, foundSub.r.page)
	}
	return append(lines, found)
}

// misfit reports whether t's base and tax, both read, do not fit its
// printed rate whichever way tax was charged.
func misfit(t *taxRead) bool {
	r, err := strconv.ParseInt(t.rate, 10, 64)
	if err != nil || t.base.Amount.Value.Scale != 0 {
		return false
	}
	ex, in := taxFits(t.base.Amount.Value.Units, t.tax.Amount.Value.Units, r)
	return !ex && !in
}
