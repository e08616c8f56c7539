package synth

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// newInvoice draws the content of a 請求書 from one vendor to one company
// or person, tax-exclusive as B2B invoices are.
func newInvoice(r *rand.Rand, cal Calendar) *document {
	full, _, kana := company(r)
	d := &document{
		Kind:     KindInvoice,
		Title:    pick(r, []string{"請求書", "請求書", "請求書", "御請求書", "請 求 書"}),
		Issuer:   newParty(r, full, kana),
		RegNo:    registrationNumber(r),
		RegFull:  chance(r, 0.3),
		RegLabel: pick(r, []string{"登録番号：", "登録番号 ", "適格請求書発行事業者登録番号："}),
		Dates:    chooseDates(r, cal, false),
		Yen:      pick(r, []yenStyle{yenHalf, yenFull, yenFullDash, yenSuffix}),
		Mincho:   chance(r, 0.4),
		Seal:     chance(r, 0.6),
	}
	if chance(r, 0.8) {
		to, _, _ := company(r)
		d.Recipient, d.RecipientDept, d.Honorific = to, pick(r, departments), "御中"
	} else {
		d.Recipient, d.Honorific = pick(r, familyNames)+" "+pick(r, givenNames), "様"
	}

	d.DateLabel = pick(r, []string{"請求日：", "請求日：", "発行日："})
	d.DeliveryLabel = pick(r, []string{"納品日：", "取引日："})
	d.Issue = issueDate(r)
	if chance(r, 0.5) { // 月末締め: many vendors bill on the last day
		d.Issue = time.Date(d.Issue.Year(), d.Issue.Month()+1, 0, 0, 0, 0, 0, time.UTC)
	}
	if chance(r, 0.5) {
		d.Delivery = d.Issue.AddDate(0, 0, -1-r.IntN(20))
	}
	if chance(r, 0.6) { // 翌月末払い
		d.Due = time.Date(d.Issue.Year(), d.Issue.Month()+2, 0, 0, 0, 0, 0, time.UTC)
	} else {
		d.Due = d.Issue.AddDate(0, 0, 30)
	}

	switch r.IntN(3) {
	case 0:
		d.Number, d.NumLabel = fmt.Sprintf("INV-%04d%02d-%04d", d.Issue.Year(), int(d.Issue.Month()), r.IntN(10000)), "請求書番号："
	case 1:
		d.Number, d.NumLabel = fmt.Sprintf("%04d%02d%02d-%03d", d.Issue.Year(), int(d.Issue.Month()), d.Issue.Day(), 1+r.IntN(999)), "No."
	default:
		d.Number, d.NumLabel = fmt.Sprintf("%06d", 1+r.IntN(200000)), "請求No."
	}

	// One or two product groups, so the lines belong to one kind of vendor.
	groups := r.Perm(len(invoiceCatalog))[:1+r.IntN(2)]
	var pool []product
	for _, g := range groups {
		pool = append(pool, invoiceCatalog[g]...)
	}
	d.Items = drawItems(r, pool, 2+r.IntN(6))
	for i := range d.Items {
		if d.Items[i].Unit == "式" && d.Items[i].Price >= 20000 && chance(r, 0.5) {
			d.Items[i].Desc += fmt.Sprintf("（%d月分）", int(d.Issue.Month()))
		}
	}

	d.Bank = bankAccount{
		Bank:   pick(r, banks),
		Branch: pick(r, branches),
		Type:   pick(r, []string{"普通", "普通", "当座"}),
		Number: fmt.Sprintf("%07d", r.IntN(10000000)),
		Holder: d.Issuer.Kana,
	}
	d.computeTotals()
	return d
}

// newReceipt draws a shop receipt: a 適格簡易請求書, so the recipient is
// usually missing or 上様, and prices are often tax-inclusive.
func newReceipt(r *rand.Rand, cal Calendar) *document {
	s := pick(r, shops)
	name := pick(r, s.Names)
	if chance(r, 0.7) {
		name += " " + pick(r, shopBranches)
	}
	if chance(r, 0.25) { // some print the operating company instead
		_, name, _ = company(r)
	}
	d := &document{
		Kind:      KindReceipt,
		Title:     pick(r, []string{"領収書", "領収証", "レシート", "領 収 書"}),
		Issuer:    newParty(r, name, ""),
		RegNo:     registrationNumber(r),
		RegFull:   chance(r, 0.3),
		RegLabel:  pick(r, []string{"登録番号：", "登録番号 ", "登録番号:"}),
		Dates:     chooseDates(r, cal, true),
		Yen:       pick(r, []yenStyle{yenHalf, yenHalf, yenFull, yenSuffix}),
		Inclusive: chance(r, 0.6),
	}
	d.PaperMM = pick(r, []float64{80, 80, 58})
	d.Issue = issueDate(r)
	d.Clock = fmt.Sprintf("%02d:%02d", 8+r.IntN(13), r.IntN(60))
	d.Register = fmt.Sprintf("レジ%04d", 1+r.IntN(12))
	d.Number, d.NumLabel = fmt.Sprintf("%04d", 1+r.IntN(9999)), "No."
	d.Staff = pick(r, familyNames)
	if d.Title != "レシート" {
		if chance(r, 0.6) {
			d.Honorific = "上様"
		} else {
			_, abbrev, _ := company(r)
			d.Recipient, d.Honorific = abbrev, "様"
		}
	}
	d.Items = drawItems(r, s.Products, 1+r.IntN(6))
	d.computeTotals()

	d.Payment = pick(r, []string{"現金", "現金", "現金", "クレジット", "電子マネー", "QR決済"})
	if d.Payment == "現金" {
		unit := pick(r, []int64{1000, 1000, 5000, 10000})
		d.Tendered = (d.Total/unit + 1) * unit
		if chance(r, 0.15) {
			d.Tendered = d.Total
		}
	}
	return d
}
