package extract

import "strconv"

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
	// rate was read, under the one rate that fits.
	for _, t := range lines {
		if t.base != nil || t.tax == nil || t.tax.Amount.Value.Scale != 0 {
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
