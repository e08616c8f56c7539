package extract

import (
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// How sure the structure makes a line item, before OCR confidence: read
// under a table's header, read between the header block and the totals
// of a receipt without one, and the factor for an item whose quantity
// times unit price is not its amount (one of the three was misread).
const (
	itemUnderHeader    = 0.9
	itemWithoutHeader  = 0.75
	itemMisfitStrength = 0.6
)

// itemEnds are the roles that end an item table: totals, tax, payment.
var itemEnds = []Role{RoleSubtotal, RoleTotal, RoleTaxBase, RoleTax, RoleCash, RoleChange, RoleWithholding, RoleRounding}

// notInTable are the roles of the header block: a row holding one is no
// item and lies outside any table.
var notInTable = []Role{RoleIssueDate, RoleTransactionDate, RoleDueDate, RoleInvoiceNumber, RoleRegistration,
	RoleContact, RoleCompanyID, RoleRecipient, RoleAddress}

// heading is a column heading of a header row and its horizontal extent.
type heading struct {
	col    Column
	x0, x1 int
}

// itemTable is the header of an item table, its headings left to right.
type itemTable []heading

// column returns the column of w: the heading whose half-way bounds to
// its neighbours hold w's centre. Headings are centred or left-aligned
// over their column and amounts right-aligned under theirs, so the
// midpoint between two headings' centres is where one column gives way
// to the next.
func (t itemTable) column(w word) Column {
	x := (w.box[0] + w.box[2]) / 2
	if !t.has(ColDescription) && x < t[0].x0 {
		return ColDescription // left of every heading: the unnamed description
	}
	for i := range t[:len(t)-1] {
		if x < ((t[i].x0+t[i].x1)+(t[i+1].x0+t[i+1].x1))/4 {
			return t[i].col
		}
	}
	return t[len(t)-1].col
}

func (t itemTable) has(c Column) bool {
	return slices.ContainsFunc(t, func(h heading) bool { return h.col == c })
}

// headerRow returns the item table whose header r is: headings of at
// least two columns, one of them the amount or the unit price, and no
// amounts.
func (c *vocab) headerRow(r *row) (itemTable, bool) {
	if len(r.amounts()) > 0 {
		return nil, false
	}
	type hit struct {
		heading
		start, end int
	}
	var hits []hit
	for _, h := range c.headings {
		for _, s := range h.p.find(r) {
			ws := r.wordsIn(s.start, s.end)
			b := union(ws)
			hits = append(hits, hit{heading{h.Column, b[0], b[2]}, s.start, s.end})
		}
	}
	// The longest heading wins where two overlap ("UNIT PRICE" over "UNIT").
	slices.SortStableFunc(hits, func(a, b hit) int { return (b.end - b.start) - (a.end - a.start) })
	var t itemTable
	var kept []hit
	for _, h := range hits {
		if !slices.ContainsFunc(kept, func(o hit) bool { return h.start < o.end && o.start < h.end }) && !t.has(h.col) {
			kept = append(kept, h)
			t = append(t, h.heading)
		}
	}
	slices.SortFunc(t, func(a, b heading) int { return a.x0 - b.x0 })
	if len(t) < 2 || !t.has(ColAmount) && !t.has(ColUnitPrice) {
		return nil, false
	}
	return t, true
}

// itemRead is one item as read from one row, or from a name row and the
// row of its quantity and price below it.
type itemRead struct {
	row               *row // the row holding the amount
	desc              []word
	qty, price, total *amountAt
	unit, rate        string
	words             []word
	page              int
	strength          float64
}

// fits reports whether quantity × unit price is the amount, to one unit
// of the amount's last digit: a price of 33.33 for three at 100.00 is
// one rounding.
func (it *itemRead) fits() bool {
	if it.qty == nil || it.price == nil || it.total == nil {
		return false
	}
	q, p, a := it.qty.Amount.Value, it.price.Amount.Value, it.total.Amount.Value
	diff := new(big.Rat).Sub(new(big.Rat).Mul(q.Rat(), p.Abs().Rat()), a.Abs().Rat())
	tol := new(big.Rat).SetFrac64(1, pow10(a.Scale))
	return diff.Abs(diff).Cmp(tol) <= 0
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// lineItems reads the item table of each page: under a header row
// (品名 数量 単価 金額, ITEM QTY PRICE AMOUNT) by the headings' columns,
// or, without one, the run of rows ending in an amount right above the
// first subtotal or total. Totals, tax, payment and change rows end a
// table and are never items; a discount is an item only as a negative
// amount. The money fields already read (f) give the rates of the items
// and, in yen, the sum their amounts are reconciled with; items never
// change them.
func (d *doc) lineItems(f *record.Fields) []record.LineItem {
	var reads []*itemRead
	scale := d.usualScale()
	for _, p := range d.pages {
		reads = append(reads, d.pageItems(p, scale)...)
	}
	if len(reads) == 0 {
		return nil
	}
	if f.Currency != nil && f.Currency.Value == "JPY" {
		d.reconcileItems(reads, f.Subtotal, f.TaxLines)
	}
	rates := d.itemRates(reads, f.TaxLines)
	out := make([]record.LineItem, 0, len(reads))
	for i, it := range reads {
		li := record.LineItem{
			Description: d.itemDescription(it.desc),
			Amount:      it.total.Amount.Value.String(),
			Unit:        it.unit,
			Rate:        rates[i],
			Page:        it.page,
			Source:      rawText(it.words),
		}
		if it.qty != nil {
			li.Quantity = it.qty.Amount.Value.Abs().String()
		}
		if it.price != nil {
			li.UnitPrice = it.price.Amount.Value.Abs().String()
		}
		s := it.strength
		if it.qty != nil && it.price != nil && !it.fits() {
			s *= itemMisfitStrength
		}
		li.Confidence = clamp(s * conf(it.words))
		b := union(it.words)
		li.BBox = &b
		out = append(out, li)
	}
	return out
}

// pageItems reads the items of one page, top to bottom: the rows under
// the first header row up to the table's end, or, on a page without
// one, the first run of item rows that a total row closes.
func (d *doc) pageItems(p *page, scale int) []*itemRead {
	rows := p.rows
	var table itemTable
	for i, r := range rows {
		if t, ok := d.v.headerRow(r); ok && !d.endsItems(r) {
			table, rows = t, rows[i+1:]
			break
		}
	}
	var run []*itemRead
	var name *row // a row of letters only, waiting for its quantity row
	for _, r := range rows {
		if d.endsItems(r) {
			if len(run) > 0 || table != nil {
				return run
			}
			name = nil
			continue
		}
		if d.outsideTable(r) {
			if table != nil {
				return run // the table ended without a total row
			}
			run, name = nil, nil
			continue
		}
		it, ok := d.readItem(r, table, scale)
		if !ok {
			if table == nil && !r.hasRole(RoleDiscount, RoleQuantity) && hasLetterWord(r.words) {
				name = r
			}
			continue
		}
		if len(it.desc) == 0 && (it.qty != nil || it.price != nil) {
			// The quantity row of an item whose name is the row above:
			// read alone, that row may have looked like an item of its
			// own, its name ending in a number ("食パン 1斤" read "1A").
			if n := len(run); name == nil && n > 0 && run[n-1].row == prevRow(p.rows, r) && !run[n-1].total.Money {
				name, run = run[n-1].row, run[:n-1]
			}
			if name != nil {
				it.desc = name.words
				it.words = append(append([]word(nil), name.words...), it.words...)
			}
		}
		name = nil
		if len(it.desc) == 0 {
			continue // an amount alone is no item
		}
		if sumOfItems(run, it) {
			return run // a subtotal whose label OCR garbled ("小計" read "Ii")
		}
		run = append(run, it)
	}
	if table != nil {
		return run
	}
	return nil // no total row after the run: not an item list
}

// sumOfItems reports whether it's amount is the sum of two or more items
// above it: the subtotal, not another item.
func sumOfItems(run []*itemRead, it *itemRead) bool {
	if len(run) < 2 {
		return false
	}
	sum := run[0].total.Amount.Value
	for _, o := range run[1:] {
		sum = sum.Add(o.total.Amount.Value)
	}
	return sum.Cmp(it.total.Amount.Value) == 0
}

// prevRow is the row above r.
func prevRow(rows []*row, r *row) *row {
	if i := slices.Index(rows, r); i > 0 {
		return rows[i-1]
	}
	return nil
}

// endsItems reports whether r is a total, tax or payment row: a label of
// one of itemEnds that starts the row or announces an amount after it.
// "SR" after an item's amount is a tax code, not a tax row.
func (d *doc) endsItems(r *row) bool {
	for _, h := range r.hits {
		if !slices.Contains(itemEnds, h.Role) || h.Weight < 0.5 {
			continue
		}
		if h.start == 0 || len(amountsIn(r, h.end, len(r.text))) > 0 {
			return true
		}
	}
	return false
}

// outsideTable reports whether r belongs to the header block: a date, a
// number, a phone or an address.
func (d *doc) outsideTable(r *row) bool {
	return r.hasRole(notInTable...) || len(normalize.FindDates(r.text, d.order)) > 0
}

// readItem reads r as an item: by the table's columns where there is a
// table and they explain the row, else by the arithmetic of its numbers.
// The amount must be written with the document's usual decimals (scale):
// "12" among amounts written "3.00" is a count or a code.
func (d *doc) readItem(r *row, t itemTable, scale int) (*itemRead, bool) {
	if r.hasRole(RoleQuantity) && t == nil {
		return nil, false // "TOTAL QTY 3", "点数 5"
	}
	var byCol *itemRead
	if t != nil {
		byCol = d.readColumns(r, t)
	}
	byNum := d.readNumbers(r)
	var it *itemRead
	switch {
	case byCol != nil && byCol.fits():
		it = byCol
	case byNum != nil && byNum.fits():
		it = byNum
	case byCol != nil && byCol.total != nil:
		it = byCol
	default:
		it = byNum
	}
	if it == nil || it.total == nil || it.total.Amount.Value.Scale != scale {
		return nil, false
	}
	// A discount is an item only as a negative line.
	if r.hasRole(RoleDiscount) && it.total.Amount.Value.Sign() >= 0 {
		return nil, false
	}
	it.row, it.page, it.words = r, r.page, r.words
	it.strength = itemWithoutHeader
	if t != nil {
		it.strength = itemUnderHeader
	}
	if unitAsDigit(it) {
		it.strength *= itemRepairStrength
	}
	if it.rate == "" {
		it.rate = d.printedRate(r)
	}
	return it, true
}

// unitAsDigit reads a quantity whose unit OCR read as a digit ("1 袋" as
// "18"): when the amount divided by the unit price is a whole number
// that the quantity as read starts with, that number is the quantity.
// It reports whether it changed the quantity.
func unitAsDigit(it *itemRead) bool {
	if it.qty == nil || it.price == nil || it.fits() || it.qty.Amount.Value.Scale != 0 ||
		it.price.Amount.Value.Scale != it.total.Amount.Value.Scale || it.price.Amount.Value.Units <= 0 {
		return false
	}
	a, p := it.total.Amount.Value.Units, it.price.Amount.Value.Units
	if a%p != 0 || a/p <= 0 {
		return false
	}
	q := strconv.FormatInt(a/p, 10)
	read := strconv.FormatInt(it.qty.Amount.Value.Units, 10)
	if len(read) <= len(q) || !strings.HasPrefix(read, q) {
		return false
	}
	fixed := *it.qty
	fixed.Amount.Value.Units = a / p
	it.qty = &fixed
	return true
}

// readColumns reads r under the table's headings: the last amount in the
// amount column, the last in the unit price column, the first number in
// the quantity column followed by its unit, the description column's
// words.
func (d *doc) readColumns(r *row, t itemTable) *itemRead {
	it := &itemRead{}
	cols := make([]Column, len(r.words))
	for i, w := range r.words {
		cols[i] = t.column(w)
	}
	var unitWords []word
	for _, a := range r.amounts() {
		switch cols[r.wordIndex(a.Start)] {
		case ColAmount:
			it.total = &a
		case ColUnitPrice:
			it.price = &a
		case ColQuantity:
			if it.qty == nil && a.Amount.Value.Sign() > 0 {
				it.qty = &a
			}
		}
	}
	for i, w := range r.words {
		switch cols[i] {
		case ColDescription:
			it.desc = append(it.desc, w)
		case ColUnit:
			unitWords = append(unitWords, w)
		case ColQuantity:
			if it.qty != nil && r.offs[i] >= it.qty.End {
				unitWords = append(unitWords, w)
			}
		case ColRate:
			if m := rateRe.FindStringSubmatch(w.text + "%"); m != nil {
				it.rate = trimRate(m[1])
			}
		}
	}
	it.unit = normalize.JoinCJK(strings.Join(texts(unitWords), " "))
	return it
}

// printedRate is a rate of the tax system printed on an item row ("8%").
func (d *doc) printedRate(r *row) string {
	for _, m := range rateRe.FindAllStringSubmatch(r.text, -1) {
		if v, err := strconv.ParseInt(trimRate(m[1]), 10, 64); err == nil && slices.Contains(d.v.taxRates, v) {
			return trimRate(m[1])
		}
	}
	return ""
}

// itemDescription joins the description's words without reduced-rate
// marks and stray punctuation.
func (d *doc) itemDescription(ws []word) string {
	var parts []string
	for _, w := range ws {
		if t, _ := d.stripMark(w.text); t != "" {
			parts = append(parts, t)
		}
	}
	s := normalize.JoinCJK(strings.Join(parts, " "))
	for _, re := range cjkBracketSpaces {
		s = re.ReplaceAllString(s, "$1$2")
	}
	return strings.Trim(s, " :;,|[]")
}

// cjkBracketSpaces are the spaces OCR puts around brackets in Japanese
// ("ブレンドコーヒー ( 店内 )"), which printed text does not have.
var cjkBracketSpaces = []*regexp.Regexp{
	regexp.MustCompile(`([\p{Han}\p{Hiragana}\p{Katakana}ー])\s+([(\[])`),
	regexp.MustCompile(`([(\[])\s+([\p{Han}\p{Hiragana}\p{Katakana}])`),
	regexp.MustCompile(`([\p{Han}\p{Hiragana}\p{Katakana}ー])\s+([)\]])`),
}

// stripMark removes a reduced-rate mark from a word: a word that is the
// mark, or a sign mark glued to either end ("※牛乳"). A letter mark (軽)
// counts only as a word of its own, in brackets or not.
func (d *doc) stripMark(w string) (rest, mark string) {
	bare := strings.Trim(w, "()[]<>")
	for _, m := range d.v.marks {
		if bare == m {
			return "", m
		}
		if r, _ := utf8.DecodeRuneInString(m); unicode.IsLetter(r) {
			continue
		}
		if t, ok := strings.CutPrefix(w, m); ok {
			return t, m
		}
		if t, ok := strings.CutSuffix(w, m); ok {
			return t, m
		}
	}
	return w, ""
}
