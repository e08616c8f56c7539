package synth

import (
	"image"
	"image/color"
	"math"
	"strconv"
)

// A4 portrait in millimetres.
const a4W, a4H = 210.0, 297.0

// renderInvoice lays out a 請求書 the way common templates (Misoca, freee,
// Excel forms) do: title on top, recipient and amount due on the left,
// issuer with seal and registration number on the right, an item table,
// totals with the per-rate breakdown, and the bank account to pay into.
func renderInvoice(c *canvas, d *document) {
	body := gothic
	if d.Mincho {
		body = mincho
	}
	L, R := c.mm(18), c.mm(192)
	t := c.thin()

	title := c.text(c.mm(a4W/2), c.mm(28), d.Title, body, 24, center, true)
	c.mark(fDocType, title, d.Title)
	c.hline(title[0]-c.mm(6), title[2]+c.mm(6), title[3]+c.mm(1.5), t)
	c.hline(title[0]-c.mm(6), title[2]+c.mm(6), title[3]+c.mm(2.5), t)

	// Number and date, top right.
	c.mark(fInvoiceNumber, c.pair(R, c.mm(42), d.NumLabel, d.Number, body, 10, right, false), d.Number)
	issue := c.pair(R, c.mm(42)+c.lineHeight(10), d.DateLabel, d.date(d.Issue), body, 10, right, false)
	c.mark(fIssueDate, issue, d.date(d.Issue))

	// Recipient, underlined, and the amount due.
	y := c.mm(56)
	// Shrink long names so they stay clear of the issuer block.
	pt := c.fit(body, 14, d.Recipient+"　"+d.RecipientDept+"　"+d.Honorific, c.mm(94))
	name := c.text(L, y, d.Recipient, body, pt, left, true)
	c.mark(fRecipient, name, d.Recipient)
	end := name[2]
	if d.RecipientDept != "" {
		end = c.text(end+c.mm(3), y, d.RecipientDept, body, pt, left, true)[2]
	}
	end = c.text(end+c.mm(3), y, d.Honorific, body, pt, left, true)[2]
	c.hline(L, max(L+c.mm(95), end+c.mm(2)), y+c.mm(2), t*2)
	c.text(L, c.mm(67), "下記の通りご請求申し上げます。", body, 10, left, false)
	box := image.Rect(L, c.mm(71), L+c.mm(95), c.mm(85))
	c.rect(box, t*2)
	c.text(L+c.mm(3), c.mm(80), "ご請求金額", body, 12, left, true)
	c.text(L+c.mm(3), c.mm(84), "（税込）", body, 7, left, false)
	c.mark(fTotal, c.text(box.Max.X-c.mm(4), c.mm(81), d.yen(d.Total), body, 18, right, true), d.yen(d.Total))
	c.mark(fDueDate, c.pair(L, c.mm(93), "お支払期限：", d.date(d.Due), body, 10, left, false), d.date(d.Due))
	if !d.Delivery.IsZero() {
		c.mark(fTransactionDate, c.pair(L, c.mm(93)+c.lineHeight(10), d.DeliveryLabel, d.date(d.Delivery), body, 10, left, false), d.date(d.Delivery))
	}

	drawIssuerBlock(c, d, body)
	bottom := drawItemTable(c, d, body, c.mm(108))
	bottom = drawInvoiceTotals(c, d, body, bottom+c.mm(4))
	drawBank(c, d, body, bottom+c.mm(8))
}

// drawIssuerBlock prints the issuer top right, with the red square seal
// (角印) over the end of the name as it is stamped on real invoices.
func drawIssuerBlock(c *canvas, d *document, body typeface) {
	x0, w := c.mm(116), c.mm(76)
	y := c.mm(56)
	pt := c.fit(body, 12, d.Issuer.Name, w)
	c.mark(fIssuerName, c.text(x0, y, d.Issuer.Name, body, pt, left, true), d.Issuer.Name)
	y += c.lineHeight(12)
	c.mark(fIssuerAddress, c.text(x0, y, "〒"+d.Issuer.Postal, body, 9, left, false), "〒"+d.Issuer.Postal)
	for _, line := range d.Issuer.Lines {
		y += c.lineHeight(9)
		c.mark(fIssuerAddress, c.text(x0, y, line, body, c.fit(body, 9, line, w), left, false), line)
	}
	y += c.lineHeight(9)
	phone := d.Issuer.Phone
	if d.Issuer.Fax != "" {
		phone += "  " + d.Issuer.Fax
	}
	c.text(x0, y, phone, body, c.fit(body, 9, phone, w), left, false)
	y += c.lineHeight(9)
	label, number := d.regText()
	// The number is the key item of a qualified invoice: a size larger.
	if c.width(body, 10, label+number) > w {
		c.text(x0, y, label, body, 9, left, false)
		y += c.lineHeight(10)
		label = ""
	}
	c.mark(fRegistration, c.pair(x0, y, label, number, body, 10, left, false), number)
	if d.Seal {
		drawSeal(c, d.Issuer.Name+"之印", c.mm(174), c.mm(49), c.mm(16))
	}
}

// drawSeal stamps a square seal: a double border and the characters in
// vertical columns read right to left, in translucent vermilion so the
// print under it still shows.
func drawSeal(c *canvas, s string, x, y, size int) {
	red := color.NRGBA{205, 45, 40, 140}
	rs := []rune(s)
	cols := int(math.Ceil(math.Sqrt(float64(len(rs)))))
	rows := (len(rs) + cols - 1) / cols
	t := max(2, c.mm(0.6))
	for _, inset := range []int{0, c.mm(1)} {
		r := image.Rect(x+inset, y+inset, x+size-inset, y+size-inset)
		c.fill(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+t), red)
		c.fill(image.Rect(r.Min.X, r.Max.Y-t, r.Max.X, r.Max.Y), red)
		c.fill(image.Rect(r.Min.X, r.Min.Y+t, r.Min.X+t, r.Max.Y-t), red)
		c.fill(image.Rect(r.Max.X-t, r.Min.Y+t, r.Max.X, r.Max.Y-t), red)
	}
	inner := size - 2*c.mm(2)
	cell := float64(inner) / float64(max(cols, rows))
	pt := cell * 72 / c.dpi * 0.95
	for i, ch := range rs {
		col, row := i/rows, i%rows
		cx := x + size - c.mm(2) - int((float64(col)+0.5)*cell)
		cy := y + c.mm(2) + int((float64(row)+0.85)*cell)
		c.textColor(cx, cy, string(ch), mincho, pt, center, true, red)
	}
}

// drawItemTable draws the item table from top and returns its bottom.
// Templates have a fixed number of rows, so short invoices show blank ones.
func drawItemTable(c *canvas, d *document, body typeface, top int) int {
	L, R := c.mm(18), c.mm(192)
	cols := []int{L, c.mm(116), c.mm(136), c.mm(162), R}
	heads := []string{"品名", "数量", "単価", "金額"}
	if d.Mincho {
		heads[0] = "摘要"
	}
	rowH, t := c.mm(8), c.thin()
	base := func(top int) int { return top + c.mm(5.6) }
	c.fill(image.Rect(L, top, R, top+rowH), color.RGBA{228, 230, 234, 255})
	for i, h := range heads {
		c.text((cols[i]+cols[i+1])/2, base(top), h, body, 10, center, true)
	}
	rows := max(len(d.Items), 8)
	bottom := top + rowH*(rows+1)
	for i := 0; i <= rows+1; i++ {
		c.hline(L, R, top+rowH*i, t)
	}
	for _, x := range cols {
		c.vline(x, top, bottom, t)
	}
	pad := c.mm(2)
	for i, it := range d.Items {
		y := base(top + rowH*(i+1))
		desc := it.Desc
		if it.Reduced {
			desc += " ※"
		}
		k := itemKey(i)
		c.mark(k, c.text(cols[0]+pad, y, desc, body, c.fit(body, 10, desc, cols[1]-cols[0]-2*pad), left, false), desc)
		qty := comma(it.Qty) + " " + it.Unit
		c.mark(k, c.text(cols[2]-pad, y, qty, body, 10, right, false), qty)
		c.mark(k, c.text(cols[3]-pad, y, comma(it.Price), body, 10, right, false), comma(it.Price))
		c.mark(k, c.text(cols[4]-pad, y, comma(it.amount()), body, 10, right, false), comma(it.amount()))
	}
	return bottom
}

// drawInvoiceTotals prints 小計/消費税/合計 on the right and the per-rate
// breakdown the invoice system requires on the left; returns the bottom.
func drawInvoiceTotals(c *canvas, d *document, body typeface, top int) int {
	R, rowH, t := c.mm(192), c.mm(8), c.thin()
	lx, mx := c.mm(130), c.mm(158)
	rows := []struct {
		label string
		value int64
		key   string
	}{{"小計", d.Subtotal, fSubtotal}, {"消費税", d.taxSum(), ""}, {"合計", d.Total, ""}}
	// 11 pt, a size above the table: totals are what a reader looks for,
	// and at 10 pt tesseract often misread 合計 in the boxed cell.
	for i, r := range rows {
		y0 := top + rowH*i
		c.rect(image.Rect(lx, y0, R, y0+rowH+t), t)
		c.vline(mx, y0, y0+rowH, t)
		c.text(lx+c.mm(2), y0+c.mm(5.8), r.label, body, 11, left, i == 2)
		b := c.text(R-c.mm(2), y0+c.mm(5.8), d.yen(r.value), body, 11, right, i == 2)
		if r.key != "" {
			c.mark(r.key, b, d.yen(r.value))
		}
	}
	x, y := c.mm(18), top+c.mm(5.6)
	c.text(x, y, "【税率別内訳】", body, 9, left, true)
	for _, tr := range d.Taxes {
		y += c.lineHeight(10)
		line := strconv.Itoa(tr.Rate) + "%対象 " + d.yen(tr.Base) + "　消費税 " + d.yen(tr.Tax)
		c.mark(fTaxLines, c.text(x+c.mm(2), y, line, body, 10, left, false), line)
	}
	if d.hasReduced() {
		y += c.lineHeight(10)
		c.text(x, y, "※は軽減税率（8%）対象商品です。", body, 8, left, false)
	}
	return max(top+rowH*len(rows), y+c.mm(2))
}

// drawBank prints the account to pay into, in a box.
func drawBank(c *canvas, d *document, body typeface, top int) {
	L := c.mm(18)
	lh := c.lineHeight(10)
	box := image.Rect(L, top, L+c.mm(110), top+c.mm(6)+lh*3)
	c.rect(box, c.thin())
	x, y := L+c.mm(3), top+c.mm(3)+lh*3/4
	c.text(x, y, "お振込先", body, 10, left, true)
	c.text(x+c.mm(22), y, d.Bank.Bank+" "+d.Bank.Branch, body, 10, left, false)
	y += lh
	c.text(x+c.mm(22), y, d.Bank.Type+" "+d.Bank.Number, body, 10, left, false)
	y += lh
	c.text(x+c.mm(22), y, "口座名義 "+d.Bank.Holder, body, 10, left, false)
	note := "※お振込手数料は貴社にてご負担くださいますようお願い申し上げます。"
	c.text(L, box.Max.Y+c.mm(6), note, body, 8, left, false)
}
