package extract

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shohyo/shohyo/internal/record"
)

// itemRates gives each item its rate: one printed on its line; for an
// item with a reduced-rate mark, the rate the document's legend gives
// the mark ("※は軽減税率(8%)対象商品"), else the lowest of the document's
// rates, else of the tax system's; for an unmarked item where marks are
// in use, the highest of those, and where none are, the document's only
// rate. The tax system's rates stand in only on Japanese documents,
// whose vocabulary the marks are. Unknown rates stay empty.
func (d *doc) itemRates(items []*itemRead, tl *record.TaxLines) []string {
	var docRates []int64
	if tl != nil {
		for _, l := range tl.Value {
			if v, err := strconv.ParseInt(l.Rate, 10, 64); err == nil && !slices.Contains(docRates, v) {
				docRates = append(docRates, v)
			}
		}
	}
	var system []int64
	if d.ja {
		system = d.v.taxRates
	}
	legends := d.legends()
	marks := make([]string, len(items))
	anyMark := len(legends) > 0
	for i, it := range items {
		for _, w := range it.desc {
			if _, m := d.stripMark(w.text); m != "" {
				marks[i], anyMark = m, true
				break
			}
		}
	}
	// pick is the lowest or highest of the document's rates when it has
	// both, else of the tax system's, else the document's one rate.
	pick := func(f func([]int64) int64) string {
		switch {
		case len(docRates) >= 2:
			return strconv.FormatInt(f(docRates), 10)
		case len(system) > 0:
			return strconv.FormatInt(f(system), 10)
		case len(docRates) == 1:
			return strconv.FormatInt(docRates[0], 10)
		}
		return ""
	}
	out := make([]string, len(items))
	for i, it := range items {
		switch {
		case it.rate != "":
			out[i] = it.rate
		case marks[i] != "" && legends[marks[i]] != "":
			out[i] = legends[marks[i]]
		case marks[i] != "":
			out[i] = pick(slices.Min)
		case anyMark:
			out[i] = pick(slices.Max)
		case len(docRates) == 1:
			out[i] = strconv.FormatInt(docRates[0], 10)
		}
	}
	return out
}

// legends maps each reduced-rate mark the document explains to the rate
// its legend prints ("" when it prints none): a row with the mark
// followed by a legend phrase ("※印は軽減税率(8%)対象商品").
func (d *doc) legends() map[string]string {
	out := map[string]string{}
	for _, r := range d.allRows() {
		var phrases []span
		for _, p := range d.v.legend {
			phrases = append(phrases, p.find(r)...)
		}
		for _, m := range d.v.marks {
			// The mark's first use outside the legend's own words: 軽 of
			// 軽減税率 is no mark.
			at := -1
			for i := 0; i < len(r.text); {
				j := strings.Index(r.text[i:], m)
				if j < 0 {
					break
				}
				if !slices.ContainsFunc(phrases, func(s span) bool { return s.start <= i+j && i+j < s.end }) {
					at = i + j
					break
				}
				i += j + len(m)
			}
			if at < 0 || !slices.ContainsFunc(phrases, func(s span) bool { return s.start > at }) {
				continue
			}
			rate := ""
			if rm := rateRe.FindStringSubmatch(r.text[at:]); rm != nil {
				rate = trimRate(rm[1])
			}
			if out[m] == "" {
				out[m] = rate
			}
		}
	}
	return out
}

func texts(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.text
	}
	return out
}
