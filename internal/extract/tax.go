package extract

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/shohyo/shohyo/internal/record"
)

var rateRe = regexp.MustCompile(`(\d{1,2}(?:\.\d{1,2})?)\s?%`)

// bareRateRe is a rate whose % sign OCR lost or misread, right before a
// tax-base label: "8 対象" or "8X 対象" for 8%対象.
var bareRateRe = regexp.MustCompile(`(?:^|[^\d.,])(\d{1,2})\s?[XxK×]?\s?$`)

// taxRead is the base and tax read for one rate, before reconciliation.
type taxRead struct {
	rate      string
	base, tax *amountAt
	strength  float64
}

// rateAt is a rate printed in a row and the label it belongs to.
type rateAt struct {
	start, end int // the rate's text
	rate       string
	label      labelHit
}

// taxReads reads the per-rate breakdown: "10%対象 ¥11,000 消費税 ¥1,000",
// "GST @6%: 0.46", a summary row "SR 6% 18.00 1.08" (base, then tax), or
// a base row followed by its tax on the next row ("8%対象 ¥2,020" then
// "(内消費税等) ¥149"). A rate counts only next to a tax label: the
// legend "※は軽減税率(8%)対象商品です" names a rate without a breakdown. Tax
// amounts without a rate are returned apart.
func (d *doc) taxReads() (lines []*taxRead, unrated []amountAt) {
	byRate := map[string]*taxRead{}
	line := func(rate string) *taxRead {
		if t, ok := byRate[rate]; ok {
			return t
		}
		t := &taxRead{rate: rate, strength: 0.8}
		byRate[rate] = t
		lines = append(lines, t)
		return t
	}
	for _, p := range d.pages {
		var last *taxRead // the rate of the row before, waiting for its tax
		for _, r := range p.rows {
			rates := d.rates(r)
			if len(rates) == 0 {
				h, ok := firstHit(r, RoleTax)
				if !ok {
					last = nil
					continue
				}
				if a, ok := lastAmount(r, h.end, r.nextLabelAfter(h.end)); ok {
					if last != nil && last.tax == nil {
						last.tax = &a
					} else {
						unrated = append(unrated, a)
					}
				}
				last = nil
				continue
			}
			for i, ra := range rates {
				end := len(r.text)
				if i+1 < len(rates) {
					end = rates[i+1].start
				}
				t := line(ra.rate)
				if ra.label.Role == RoleTax && ra.label.start > ra.end {
					// "10% 14,100 消費税 1,410": base before the tax label.
					if b, ok := firstAmount(r, ra.end, ra.label.start); ok && t.base == nil {
						t.base = &b
					}
					if a, ok := taxAmount(r, ra.label.end, min(end, r.nextLabelAfter(ra.label.end)), t); ok && t.tax == nil {
						t.tax = &a
					}
					last = nil
					continue
				}
				if ra.label.Role == RoleTax {
					after := amountsIn(r, ra.end, end)
					switch {
					case len(after) >= 2:
						if t.base == nil {
							t.base = &after[0]
						}
						if t.tax == nil {
							t.tax = &after[len(after)-1]
						}
					case len(after) == 1 && t.tax == nil:
						t.tax = &after[0]
					}
					last = nil
					continue
				}
				// A tax-base label: the base follows it, the tax follows a
				// tax label later in the segment.
				if a, ok := firstAmount(r, ra.label.end, min(end, r.nextLabelAfter(ra.label.end))); ok && t.base == nil {
					t.base = &a
				}
				for _, h := range r.hits {
					if h.Role == RoleTax && h.start >= ra.label.end && h.end <= end {
						if a, ok := taxAmount(r, h.end, min(end, r.nextLabelAfter(h.end)), t); ok && t.tax == nil {
							t.tax = &a
						}
						break
					}
				}
				last = t
			}
		}
	}
	for _, t := range lines {
		if t.base == nil && t.tax == nil {
			t.strength = 0
		}
	}
	return lines, unrated
}

// onlyRate gives the first tax amount read without a rate to the only
// rate, or to a line of unknown rate when there is none.
func onlyRate(lines []*taxRead, unrated []amountAt) ([]*taxRead, []amountAt) {
	if len(unrated) == 0 || len(lines) > 1 || len(lines) == 1 && lines[0].tax != nil {
		return lines, unrated
	}
	if len(lines) == 0 {
		lines = append(lines, &taxRead{strength: 0.6})
	}
	lines[0].tax = &unrated[0]
	return lines, unrated[1:]
}

// rates returns the rates of r that stand next to a tax or tax-base
// label, with only brackets, colons or "@" between.
func (d *doc) rates(r *row) []rateAt {
	var out []rateAt
	for _, m := range rateRe.FindAllStringSubmatchIndex(r.text, -1) {
		if h, ok := attachedLabel(r, m[0], m[1]); ok {
			out = append(out, rateAt{m[0], m[1], trimRate(r.text[m[2]:m[3]]), h})
		}
	}
	// "8 対象": a tax-base label after a bare number of one or two digits.
	for _, h := range r.hits {
		if h.Role != RoleTaxBase {
			continue
		}
		m := bareRateRe.FindStringSubmatchIndex(r.text[:h.start])
		if m == nil || covered(out, m[2]) {
			continue
		}
		out = append(out, rateAt{m[2], m[3], r.text[m[2]:m[3]], h})
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].start < out[j-1].start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func covered(rs []rateAt, off int) bool {
	for _, r := range rs {
		if off >= r.start && off < r.end {
			return true
		}
	}
	return false
}

// attachedLabel returns the tax or tax-base label right after the rate
// at [start,end) ("10%対象") or right before it ("GST @6%", "消費税(10%)").
func attachedLabel(r *row, start, end int) (labelHit, bool) {
	taxy := func(h labelHit) bool { return h.Role == RoleTax || h.Role == RoleTaxBase }
	for _, h := range r.hits {
		if h.start >= end {
			gap := strings.Trim(r.text[end:h.start], " )]:")
			if taxy(h) && (gap == "" || h.Role == RoleTax && oneAmount(r, end, h.start)) {
				return h, true // "10%対象", or "10% 14,100 消費税" with 対象 lost
			}
			break
		}
	}
	for i := len(r.hits) - 1; i >= 0; i-- {
		h := r.hits[i]
		if h.end <= start {
			if strings.Trim(r.text[h.end:start], " @:([") == "" && taxy(h) {
				return h, true
			}
			break
		}
	}
	return labelHit{}, false
}

// oneAmount reports whether r.text[from:to] is one amount and nothing
// else but spaces and punctuation.
func oneAmount(r *row, from, to int) bool {
	as := amountsIn(r, from, to)
	if len(as) != 1 {
		return false
	}
	rest := r.text[from:as[0].Start] + r.text[as[0].End:to]
	return strings.Trim(rest, " :)]") == ""
}

// amountsIn returns the amounts of r within [from,to).
func amountsIn(r *row, from, to int) []amountAt {
	var out []amountAt
	for _, a := range r.amounts() {
		if a.Start >= from && a.End <= to {
			out = append(out, a)
		}
	}
	return out
}

// taxAmount is the tax after a tax label in r[from:to] on t's line: of
// the yen amounts there, the one that fits t's base under t's rate, when
// both are read (a merged row goes on with the breakdown's total tax:
// "消費税 4,410円 ¥5,098"); else the largest, as for any label.
func taxAmount(r *row, from, to int, t *taxRead) (amountAt, bool) {
	rate, err := strconv.ParseInt(t.rate, 10, 64)
	if t.base != nil && err == nil && t.base.Amount.Value.Scale == 0 {
		for _, a := range amountsIn(r, from, to) {
			if a.Amount.Value.Scale != 0 {
				continue
			}
			if ex, in := taxFits(t.base.Amount.Value.Units, a.Amount.Value.Units, rate); ex || in {
				return a, true
			}
		}
	}
	return lastAmount(r, from, to)
}

func firstAmount(r *row, from, to int) (amountAt, bool) {
	if as := amountsIn(r, from, to); len(as) > 0 {
		return as[0], true
	}
	return amountAt{}, false
}

// taxField turns the reconciled reads into the tax_lines field.
func taxField(lines []*taxRead) *record.TaxLines {
	var ws []word
	s, n, pg := 0.0, 0, 0
	tl := &record.TaxLines{}
	for _, t := range lines {
		if t.base == nil && t.tax == nil {
			continue
		}
		v := record.TaxLine{Rate: t.rate}
		for _, a := range []*amountAt{t.base, t.tax} {
			if a == nil {
				continue
			}
			ws = append(ws, a.words()...)
			if pg == 0 && a.r != nil {
				pg = a.r.page
			}
		}
		if t.base != nil {
			v.Base = t.base.Amount.Value.String()
		}
		if t.tax != nil {
			v.Tax = t.tax.Amount.Value.String()
		}
		tl.Value = append(tl.Value, v)
		s += t.strength
		n++
	}
	if n == 0 {
		return nil
	}
	tl.Page, tl.Source = pg, rawText(ws)
	tl.Confidence = clamp(s / float64(n) * conf(ws))
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
