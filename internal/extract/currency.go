package extract

import (
	"strings"

	"github.com/shohyo/shohyo/internal/record"
)

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
