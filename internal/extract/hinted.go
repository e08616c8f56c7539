package extract

import (
	"strings"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

// ReadHinted reads one field's value, in the record's normal form, from
// the few words printed where a vendor is known to print that field (a
// hint learned from a person's correction, package vendor). The words
// were chosen by position, not by the label rules, so only the field's
// own normaliser decides: the largest money amount for totals (the
// region may catch the currency mark or a neighbouring count), the first
// date for dates, a valid registration number, and for text fields the
// words themselves. ok is false when the region holds nothing of the
// field's shape.
func ReadHinted(field, text string, order normalize.Order) (value string, ok bool) {
	text = strings.TrimSpace(normalize.Fold(text))
	if text == "" {
		return "", false
	}
	switch field {
	case "total", "subtotal":
		var best *normalize.AmountMatch
		ms := normalize.FindAmounts(text)
		for i := range ms {
			if best == nil || ms[i].Amount.Value.Cmp(best.Amount.Value) > 0 {
				best = &ms[i]
			}
		}
		if best == nil {
			return "", false
		}
		return best.Amount.Value.String(), true
	case "issue_date", "due_date", "transaction_date":
		ms := normalize.FindDates(text, order)
		if len(ms) == 0 {
			return "", false
		}
		return ms[0].ISO, true
	case "registration_number":
		m, found := normalize.FindRegistrationNumber(text)
		if !found {
			return "", false
		}
		return m.Value, true
	}
	return normalize.JoinCJK(text), true
}
