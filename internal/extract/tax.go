package extract

import (
	"regexp"
	"strings"

	"github.com/shohyo/shohyo/internal/record"
)

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
	note := func(code string, ws []word, pg, weight int) {
		count[code] += weight
		if len(where[code]) < 3 {
			where[code] = append(where[code], ws...)
		}
		if pages[code] == 0 {
			pages[code] = pg
		}
	}
	// "$" is weak evidence: OCR reads S and 5 as "$" ("$3200" in a
	// postcode). It counts once, and only before money with decimals;
	// other markers count twice.
	for _, r := range d.allRows() {
		for _, a := range r.amounts() {
			switch {
			case a.Amount.Currency == "":
			case strings.Contains(a.Text, "$"):
				if a.Amount.Value.Scale > 0 {
					note(a.Amount.Currency, a.words(), r.page, 1)
				}
			default:
				note(a.Amount.Currency, a.words(), r.page, 2)
			}
		}
		for _, w := range r.words {
			if code, ok := currencyWords[trimPunct(asciiUpper(w.text))]; ok && w.text != "$" {
				note(code, []word{w}, r.page, 2)
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
