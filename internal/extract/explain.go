package extract

import (
	"fmt"
	"strings"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
)

var roleNames = map[Role]string{
	RoleTotal: "total", RoleSubtotal: "subtotal", RoleTax: "tax", RoleTaxBase: "tax-base",
	RoleCash: "cash", RoleChange: "change", RoleRounding: "rounding", RoleDiscount: "discount",
	RoleQuantity: "qty", RoleIssueDate: "issue-date", RoleTransactionDate: "tx-date",
	RoleDueDate: "due-date", RoleInvoiceNumber: "invoice-no", RoleRegistration: "reg-no",
	RoleContact: "contact", RoleCompanyID: "company-id", RoleRecipient: "recipient",
	RoleWithholding: "withholding", RoleAddress: "address",
}

func (r Role) String() string {
	if s, ok := roleNames[r]; ok {
		return s
	}
	return "none"
}

// Explain lists the rows extraction sees, with the labels, amounts and
// dates found in each, to show why a field was or was not read.
func Explain(ld *layout.Document, opts Options) string {
	d := prepare(ld, opts)
	var b strings.Builder
	for _, p := range d.pages {
		fmt.Fprintf(&b, "page %d (ja=%v)\n", p.number, d.ja)
		for _, r := range p.rows {
			fmt.Fprintf(&b, "  y%4d-%4d x%4d | %s\n", r.box[1], r.box[3], r.box[0], r.text)
			for _, h := range r.hits {
				fz := ""
				if h.fuzzy {
					fz = "~"
				}
				fmt.Fprintf(&b, "      label %s%q %v %.2f\n", fz, r.text[h.start:h.end], h.Role, h.Weight)
			}
			for _, a := range r.amounts() {
				fmt.Fprintf(&b, "      amount %q = %s %s money=%v c=%.2f\n", a.Text, a.Amount.Value, a.Amount.Currency, a.Money, a.Certainty)
			}
			for _, m := range normalize.FindDates(r.text, d.order) {
				fmt.Fprintf(&b, "      date %q = %s c=%.2f\n", m.Text, m.ISO, m.Certainty)
			}
		}
	}
	if len(d.pages) > 0 {
		cs, paid, change, diff, hasDiff := d.totalCandidates()
		for _, c := range cs {
			fmt.Fprintf(&b, "total candidate %s score %.2f (label %q)\n", c.Amount.Value, c.score, c.label.Text)
		}
		if hasDiff {
			fmt.Fprintf(&b, "tendered %s - change %s = %s\n", paid.Amount.Value, change.Amount.Value, diff)
		}
	}
	return b.String()
}
