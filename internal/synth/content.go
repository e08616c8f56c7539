package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// party is an issuer or recipient as printed.
type party struct {
	Name   string   // as printed, legal form and all
	Kana   string   // account-holder reading, invoices only
	Postal string   // NNN-NNNN
	Lines  []string // address lines as printed
	Phone  string   // as printed, with its label
	Fax    string
}

// address is the normalised one-line address of the truth (before NFKC).
func (p party) address() string {
	return "〒" + p.Postal + " " + strings.Join(p.Lines, " ")
}

// lineItem is one row of the item list. Price is per unit, net of tax on
// tax-exclusive documents and tax-included on tax-inclusive ones.
type lineItem struct {
	Desc    string
	Qty     int64
	Unit    string
	Price   int64
	Reduced bool
}

func (l lineItem) amount() int64 { return l.Qty * l.Price }

func (l lineItem) rate() int {
	if l.Reduced {
		return 8
	}
	return 10
}

// taxRow is the per-rate total: the amount printed after "N%対象" and the
// tax on it, rounded down once for the whole document.
type taxRow struct {
	Rate      int
	Base, Tax int64
}

type bankAccount struct{ Bank, Branch, Type, Number, Holder string }

// document is everything printed on one invoice or receipt, with the
// presentation choices (date and yen style, font) made once so a document
// is consistent with itself, as real ones are.
type document struct {
	Kind          string
	Title         string
	Issuer        party
	RegNo         string // 13 digits, no T
	RegFull       bool   // printed with full-width digits
	RegLabel      string
	Recipient     string // without honorific; "" when nobody is named
	Honorific     string // 御中, 様, or 上様 (Recipient empty)
	RecipientDept string // printed between the recipient and 御中
	Issue         time.Time
	DateLabel     string    // 請求日, 発行日
	Delivery      time.Time // zero when not printed
	DeliveryLabel string    // 納品日, 取引日
	Due           time.Time // invoices
	Number        string    // invoice number or receipt slip number
	NumLabel      string
	Items         []lineItem
	Inclusive     bool
	Taxes         []taxRow // 10% then 8%, only rates that occur
	Subtotal      int64
	Total         int64
	Payment       string // receipts: 現金, クレジット, ...
	Tendered      int64  // cash handed over; 0 unless Payment is 現金
	Bank          bankAccount
	Dates         dateStyle
	Yen           yenStyle
	Mincho        bool // invoices: body in Mincho rather than Gothic
	Seal          bool // invoices: red company seal
	Clock         string
	Register      string
	PaperMM       float64 // receipts: roll width, 80 or 58 mm
	Staff         string  // receipts: the cashier (責)
}

// computeTotals derives the per-rate rows, subtotal and total from the
// items, the one place the tax arithmetic lives.
func (d *document) computeTotals() {
	bases := map[int]int64{}
	for _, it := range d.Items {
		bases[it.rate()] += it.amount()
	}
	d.Taxes, d.Subtotal = nil, 0
	var taxSum int64
	for _, rate := range []int{10, 8} {
		base, ok := bases[rate]
		if !ok {
			continue
		}
		tax := base * int64(rate) / 100
		if d.Inclusive {
			tax = base * int64(rate) / int64(100+rate)
		}
		d.Taxes = append(d.Taxes, taxRow{rate, base, tax})
		d.Subtotal += base
		taxSum += tax
	}
	d.Total = d.Subtotal
	if !d.Inclusive {
		d.Total += taxSum
	}
}

func (d *document) taxSum() int64 {
	var s int64
	for _, t := range d.Taxes {
		s += t.Tax
	}
	return s
}

func (d *document) hasReduced() bool {
	for _, it := range d.Items {
		if it.Reduced {
			return true
		}
	}
	return false
}

func (d *document) date(t time.Time) string { return formatDate(t, d.Dates) }

func (d *document) yen(n int64) string { return yen(n, d.Yen) }

// regText is the registration number as printed, label included.
func (d *document) regText() (label, number string) {
	number = "T" + d.RegNo
	if d.RegFull {
		number = fullWidth(number)
	}
	return d.RegLabel, number
}

// company draws a company name: full, abbreviated ((株) forms) and the
// account-holder reading.
func company(r *rand.Rand) (full, abbrev, kana string) {
	f := pick(r, corpForms)
	p, s := pick(r, namePrefixes), pick(r, nameSuffixes)
	core, coreKana := p.Text+s.Text, p.Kana+s.Kana
	ab := pick(r, f.Abbrevs)
	if chance(r, 0.7) { // 前株, the more common order
		return f.Full + core, ab + core, f.KanaBefore + coreKana
	}
	return core + f.Full, core + ab, coreKana + f.KanaAfter
}

// newParty gives a name an address and phone number in a plausible town.
func newParty(r *rand.Rand, name, kana string) party {
	t := pick(r, towns)
	p := party{Name: name, Kana: kana, Postal: fmt.Sprintf("%s-%04d", t.Postal, r.IntN(10000))}
	c, b, g := 1+r.IntN(5), 1+r.IntN(30), 1+r.IntN(20)
	var num string
	switch r.IntN(4) {
	case 0:
		num = fmt.Sprintf("%d丁目%d番%d号", c, b, g)
	case 1:
		num = fmt.Sprintf("%d丁目%d番地", c, b)
	case 2:
		num = fmt.Sprintf("%d-%d-%d", c, b, g)
	default:
		num = fullWidth(fmt.Sprintf("%d-%d-%d", c, b, g))
	}
	p.Lines = []string{t.Pref + t.City + t.Town + num}
	if chance(r, 0.6) {
		floor := fmt.Sprintf("%dF", 2+r.IntN(12))
		if chance(r, 0.5) {
			floor = fmt.Sprintf("%d階", 2+r.IntN(12))
		}
		p.Lines = append(p.Lines, pick(r, namePrefixes).Text+pick(r, buildings)+" "+floor)
	}
	var local string
	switch len(t.Area) {
	case 2:
		local = fmt.Sprintf("%s-%04d-%04d", t.Area, r.IntN(10000), r.IntN(10000))
	case 3:
		local = fmt.Sprintf("%s-%03d-%04d", t.Area, r.IntN(1000), r.IntN(10000))
	default:
		local = fmt.Sprintf("%s-%02d-%04d", t.Area, r.IntN(100), r.IntN(10000))
	}
	p.Phone = pick(r, []string{"TEL ", "TEL：", "電話 ", "Tel. "}) + local
	if chance(r, 0.4) {
		p.Fax = "FAX " + local[:len(local)-1] + fmt.Sprint(r.IntN(10))
	}
	return p
}

// issueDate is a day from the start of the invoice system (2023-10-01) to
// the end of 2025.
func issueDate(r *rand.Rand) time.Time {
	start := time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)
	return start.AddDate(0, 0, r.IntN(822))
}

// chooseDates picks the printed date style for a document. It draws the
// same values whatever cal is, so forcing a calendar changes only how the
// dates of a seed are printed, not the rest of its content.
func chooseDates(r *rand.Rand, cal Calendar, receipt bool) dateStyle {
	wareki, n := r.IntN(2) == 1, r.IntN(3)
	switch cal {
	case CalendarWestern:
		wareki = false
	case CalendarWareki:
		wareki = true
	}
	switch {
	case !wareki:
		return []dateStyle{dateKanji, dateSlash, dateKanji}[n]
	case receipt:
		return []dateStyle{dateWarekiKanji, dateWarekiDot, dateWarekiSlash}[n]
	}
	return []dateStyle{dateWarekiKanji, dateWarekiKanji, dateWarekiDot}[n]
}

// roundPrice makes a drawn price look like a price someone set.
func roundPrice(p int64) int64 {
	switch {
	case p >= 20000:
		return p / 1000 * 1000
	case p >= 2000:
		return p / 100 * 100
	case p >= 100:
		return p / 10 * 10
	}
	return p
}

// drawItems picks n distinct products with quantities and prices.
func drawItems(r *rand.Rand, pool []product, n int) []lineItem {
	idx := r.Perm(len(pool))
	if n > len(idx) {
		n = len(idx)
	}
	items := make([]lineItem, 0, n)
	for _, i := range idx[:n] {
		p := pool[i]
		qty := int64(1)
		if p.MaxQty > 1 && chance(r, 0.6) {
			qty = 1 + r.Int64N(int64(p.MaxQty))
		}
		price := roundPrice(p.Lo + r.Int64N(p.Hi-p.Lo+1))
		items = append(items, lineItem{p.Name, qty, p.Unit, price, p.Reduced})
	}
	return items
}
