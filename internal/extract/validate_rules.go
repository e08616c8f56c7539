package extract

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/shohyo/shohyo/internal/record"
)

// checkArithmetic checks subtotal + tax = total and, per rate, that the
// tax is the base times the rate (tax-exclusive base) or the base times
// rate/(100+rate) (tax-inclusive base), within one yen or one cent:
// compliance.md row 16 allows one rounding per rate and invoice.
func checkArithmetic(f record.Fields) []Finding {
	var out []Finding
	tol := tolerance(f)
	for _, a := range []struct {
		name string
		f    *record.Field
	}{{"total", f.Total}, {"subtotal", f.Subtotal}} {
		if a.f != nil && a.f.Value != "" {
			if _, ok := decimal(a.f); !ok {
				out = append(out, Finding{Code: CodeBadFormat, Field: a.name, Severity: SeverityError,
					Reason: fmt.Sprintf("%s %q is not a decimal amount", a.name, a.f.Value)})
			}
		}
	}
	total, hasTotal := decimal(f.Total)
	sub, hasSub := decimal(f.Subtotal)
	taxSum, nTax := new(big.Rat), 0
	if f.TaxLines != nil {
		for _, tl := range f.TaxLines.Value {
			if t, ok := ratOf(tl.Tax); ok {
				taxSum.Add(taxSum, t)
				nTax++
			}
			if msg := checkRate(tl, tol); msg != "" {
				out = append(out, Finding{Code: CodeTaxArithmetic, Field: "tax_lines", Severity: SeverityWarning, Reason: msg})
			}
		}
	}
	if hasTotal && hasSub && nTax > 0 {
		// Tills round cash totals (Malaysia to 5 sen), so allow a few
		// cents; a yen total must match to the yen.
		totalTol := new(big.Rat).Mul(tol, big.NewRat(5, 1))
		if tol.Cmp(big.NewRat(1, 1)) == 0 {
			totalTol = tol
		}
		withTax := new(big.Rat).Add(sub, taxSum)
		if !within(withTax, total, totalTol) && !within(sub, total, totalTol) {
			out = append(out, Finding{Code: CodeTotalArithmetic, Field: "total", Severity: SeverityWarning,
				Reason: fmt.Sprintf("subtotal %s + tax %s = %s, but the total is %s", f.Subtotal.Value,
					taxSum.FloatString(2), withTax.FloatString(2), f.Total.Value)})
		}
	}
	return out
}

// checkItems compares the line items with the money fields: the items of
// each rate with that rate's base, or, when some item has no rate or no
// line a base, all items with the subtotal. A disagreement is an info
// finding: items are read from the body of the document, where OCR
// loses lines and misreads descriptions more than in the totals, so the
// totals stay what review is about.
func checkItems(f record.Fields) []Finding {
	if len(f.LineItems) == 0 {
		return nil
	}
	tol := tolerance(f)
	sums, all := map[string]*big.Rat{}, new(big.Rat)
	rated := true
	for _, it := range f.LineItems {
		a, ok := ratOf(it.Amount)
		if !ok {
			return nil
		}
		all.Add(all, a)
		if it.Rate == "" {
			rated = false
			continue
		}
		if sums[it.Rate] == nil {
			sums[it.Rate] = new(big.Rat)
		}
		sums[it.Rate].Add(sums[it.Rate], a)
	}
	var lines []record.TaxLine
	if f.TaxLines != nil {
		lines = f.TaxLines.Value
	}
	byRate := rated && len(lines) > 0
	for _, tl := range lines {
		if _, ok := ratOf(tl.Base); !ok {
			byRate = false
		}
	}
	var out []Finding
	note := func(format string, args ...any) {
		out = append(out, Finding{Code: CodeItemsSum, Field: "line_items", Severity: SeverityInfo, Reason: fmt.Sprintf(format, args...)})
	}
	if byRate {
		seen := map[string]bool{}
		for _, tl := range lines {
			seen[tl.Rate] = true
			base, _ := ratOf(tl.Base)
			got := sums[tl.Rate]
			if got == nil {
				got = new(big.Rat)
			}
			if !within(got, base, tol) {
				note("the items at %s%% add up to %s, but the base at that rate is %s", tl.Rate, got.FloatString(2), tl.Base)
			}
		}
		for r, got := range sums {
			if !seen[r] {
				note("the items at %s%% add up to %s, but no tax line has that rate", r, got.FloatString(2))
			}
		}
		return out
	}
	if sub, ok := decimal(f.Subtotal); ok && !within(all, sub, tol) {
		note("the items add up to %s, but the subtotal is %s", all.FloatString(2), f.Subtotal.Value)
	}
	return out
}

// checkRate returns a reason when a rate's tax does not fit its base.
func checkRate(tl record.TaxLine, tol *big.Rat) string {
	rate, okR := ratOf(tl.Rate)
	base, okB := ratOf(tl.Base)
	tax, okT := ratOf(tl.Tax)
	if !okR || !okB || !okT || rate.Sign() <= 0 {
		return ""
	}
	hundred := big.NewRat(100, 1)
	excl := new(big.Rat).Mul(base, new(big.Rat).Quo(rate, hundred))
	incl := new(big.Rat).Mul(base, new(big.Rat).Quo(rate, new(big.Rat).Add(hundred, rate)))
	if within(tax, excl, tol) || within(tax, incl, tol) {
		return ""
	}
	return fmt.Sprintf("tax %s at %s%% does not match its base %s: expected %s (base without tax) or %s (base with tax)",
		tl.Tax, tl.Rate, tl.Base, excl.FloatString(2), incl.FloatString(2))
}

// Qualified-invoice items (適格請求書の記載事項), as reported when missing.
const (
	ItemIssuer     = "issuer name and registration number"
	ItemDate       = "transaction date"
	ItemGoods      = "description of goods or services"
	ItemRateTotals = "amounts per tax rate with the rate"
	ItemRateTax    = "tax per rate"
	ItemRateOrTax  = "tax rate or tax per rate"
	ItemRecipient  = "recipient"
)

// checkQualified lists the qualified-invoice items the fields lack: six
// for an invoice, five for a simplified one (receipts, restaurants,
// taxis), where no recipient is needed and a rate or a tax per rate
// suffices. Descriptions of goods are read as line items where the layout
// allows; a document without any is reported as unchecked rather than
// missing that item, since a table OCR could not read is no table the
// document lacks.
func checkQualified(f record.Fields, kind InvoiceKind) []Finding {
	if kind == InvoiceNotChecked {
		return nil
	}
	if kind == InvoiceAuto {
		yen := f.Currency != nil && strings.EqualFold(f.Currency.Value, "JPY")
		if !yen && f.RegistrationNumber == nil {
			return nil // not under the Japanese invoice system
		}
		kind = InvoiceQualified
		if f.DocumentType != nil && (f.DocumentType.Value == "receipt" || f.DocumentType.Value == "simplified_invoice") {
			kind = InvoiceSimplified
		}
	}
	var missing []string
	if f.IssuerName == nil || f.RegistrationNumber == nil {
		missing = append(missing, ItemIssuer)
	}
	if f.IssueDate == nil && f.TransactionDate == nil {
		missing = append(missing, ItemDate)
	}
	var lines []record.TaxLine
	if f.TaxLines != nil {
		lines = f.TaxLines.Value
	}
	totals, taxes, rateOrTax := len(lines) > 0, len(lines) > 0, len(lines) > 0
	for _, tl := range lines {
		// With one rate the document total is that rate's total.
		if tl.Rate == "" || tl.Base == "" && !(len(lines) == 1 && f.Total != nil) {
			totals = false
		}
		if tl.Tax == "" {
			taxes = false
		}
		if tl.Rate == "" && tl.Tax == "" {
			rateOrTax = false
		}
	}
	if !totals {
		missing = append(missing, ItemRateTotals)
	}
	if kind == InvoiceSimplified {
		if !rateOrTax {
			missing = append(missing, ItemRateOrTax)
		}
	} else {
		if !taxes {
			missing = append(missing, ItemRateTax)
		}
		if f.Recipient == nil {
			missing = append(missing, ItemRecipient)
		}
	}
	name := "qualified invoice (適格請求書)"
	if kind == InvoiceSimplified {
		name = "simplified qualified invoice (適格簡易請求書)"
	}
	var out []Finding
	if len(f.LineItems) == 0 {
		out = append(out, Finding{Code: CodeItemsUnchecked, Severity: SeverityInfo,
			Reason: "no line items were read, so the description of goods or services and reduced-rate marks were not checked"})
	}
	if len(missing) > 0 {
		out = append(out, Finding{Code: CodeQualifiedMissing, Severity: SeverityError, Missing: missing,
			Reason: fmt.Sprintf("not a %s: missing %s", name, strings.Join(missing, ", "))})
	}
	return out
}
