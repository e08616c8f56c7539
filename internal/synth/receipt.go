package synth

import (
	"fmt"
	"image"
	"image/color"
	"strconv"

	"github.com/shohyo/shohyo/internal/layout"
)

// receiptBorder is the strip of scanner lid around the slip, in mm: a
// receipt is narrower than the scanner bed, so its scan shows some.
const receiptBorder = 4.0

// row is one printed line of a receipt: text on the left and/or right (or
// centred), and the truth fields each side shows.
type row struct {
	left, right string
	pt          float64
	centre      bool
	bold        bool
	leftKey     string
	rightKey    string
	rule        bool    // a dotted separator instead of text
	gap         float64 // extra space above, in mm
	underline   bool
}

// receiptRows is the content of a receipt top to bottom, in the order
// POS printers use: shop, registration number, title, date, items, totals,
// payment, notes.
func receiptRows(d *document) []row {
	small, body := 8.0, 9.0
	if d.PaperMM < 70 {
		small, body = 7.0, 8.0
	}
	rows := []row{{left: d.Issuer.Name, pt: body + 4, centre: true, bold: true, leftKey: fIssuerName}}
	rows = append(rows, row{left: "〒" + d.Issuer.Postal, pt: small, centre: true, leftKey: fIssuerAddress, gap: 1})
	for _, l := range d.Issuer.Lines {
		rows = append(rows, row{left: l, pt: small, centre: true, leftKey: fIssuerAddress})
	}
	rows = append(rows, row{left: d.Issuer.Phone, pt: small, centre: true})
	label, number := d.regText()
	rows = append(rows, row{left: label, right: number, pt: small, centre: true, rightKey: fRegistration})
	rows = append(rows, row{left: d.Title, pt: body + 5, centre: true, bold: true, leftKey: fDocType, gap: 3})
	switch {
	case d.Recipient != "":
		rows = append(rows, row{left: d.Recipient, right: " " + d.Honorific, pt: body + 2, leftKey: fRecipient, gap: 2, underline: true})
	case d.Honorific != "":
		rows = append(rows, row{left: d.Honorific, pt: body + 2, gap: 2, underline: true})
	}
	date := d.date(d.Issue) + "(" + weekdays[d.Issue.Weekday()] + ")"
	rows = append(rows,
		row{left: date, right: d.Clock, pt: body, leftKey: fIssueDate, gap: 2},
		row{left: d.Register + "  " + d.NumLabel + d.Number, right: "責:" + d.Staff, pt: small},
		row{rule: true, pt: small},
	)
	count := int64(0)
	for i, it := range d.Items {
		count += it.Qty
		name := it.Desc
		if it.Reduced {
			name = "※" + name
		}
		k := itemKey(i)
		if it.Qty > 1 {
			rows = append(rows, row{left: name, pt: body, leftKey: k})
			rows = append(rows, row{left: fmt.Sprintf("   @%s × %d", comma(it.Price), it.Qty), right: d.yen(it.amount()), pt: body, leftKey: k, rightKey: k})
		} else {
			rows = append(rows, row{left: name, right: d.yen(it.amount()), pt: body, leftKey: k, rightKey: k})
		}
	}
	rows = append(rows,
		row{rule: true, pt: small},
		row{left: fmt.Sprintf("小計 (%d点)", count), right: d.yen(d.Subtotal), pt: body, rightKey: fSubtotal},
	)
	taxLabel := "消費税等"
	if d.Inclusive {
		taxLabel = "(内消費税等)"
	}
	for _, tr := range d.Taxes {
		rows = append(rows,
			row{left: strconv.Itoa(tr.Rate) + "%対象", right: d.yen(tr.Base), pt: body, leftKey: fTaxLines, rightKey: fTaxLines},
			row{left: "  " + taxLabel, right: d.yen(tr.Tax), pt: body, leftKey: fTaxLines, rightKey: fTaxLines},
		)
	}
	rows = append(rows, row{left: "合計", right: d.yen(d.Total), pt: body + 4, bold: true, rightKey: fTotal, gap: 1})
	if d.Tendered > 0 {
		rows = append(rows,
			row{left: "お預り", right: d.yen(d.Tendered), pt: body},
			row{left: "お釣り", right: d.yen(d.Tendered - d.Total), pt: body})
	} else {
		rows = append(rows, row{left: d.Payment, right: d.yen(d.Total), pt: body})
	}
	if d.hasReduced() {
		rows = append(rows, row{left: "※印は軽減税率(8%)対象商品", pt: small, gap: 2})
	}
	if d.Title != "レシート" {
		rows = append(rows,
			row{left: "但 お品代として", pt: small, gap: 1},
			row{left: "上記正に領収いたしました", pt: small})
	}
	return append(rows, row{left: "ありがとうございました", pt: body, centre: true, gap: 3})
}

// receiptSize is the pixel size of a receipt scan for its rows.
func receiptSize(d *document, rows []row, dpi float64) (w, h int) {
	c := &canvas{dpi: dpi}
	h = c.mm(2*receiptBorder + 12)
	for _, r := range rows {
		h += c.lineHeight(r.pt) + c.mm(r.gap)
	}
	return c.mm(d.PaperMM + 2*receiptBorder), h
}

// renderReceipt draws the slip on the canvas, which receiptSize sized.
func renderReceipt(c *canvas, d *document, rows []row) {
	b := c.img.Bounds()
	paper := image.Rect(c.mm(receiptBorder), c.mm(receiptBorder), b.Max.X-c.mm(receiptBorder), b.Max.Y-c.mm(receiptBorder))
	c.fill(paper, color.RGBA{253, 253, 250, 255})
	// Thermal print is a little lighter than laser toner.
	c.ink = color.RGBA{45, 45, 52, 255}
	L, R := paper.Min.X+c.mm(3), paper.Max.X-c.mm(3)
	if d.PaperMM < 70 {
		L, R = paper.Min.X+c.mm(2), paper.Max.X-c.mm(2)
	}
	w := R - L
	y := paper.Min.Y + c.mm(6)
	for _, r := range rows {
		y += c.mm(r.gap) + c.lineHeight(r.pt)
		base := y - c.lineHeight(r.pt)/4
		if r.rule {
			c.dashed(L, R, base-c.lineHeight(r.pt)/3, c.thin())
			continue
		}
		var lb, rb layout.BBox
		switch {
		case r.centre && r.right != "":
			pt := c.fit(gothic, r.pt, r.left+r.right, w)
			rb = c.pair((L+R)/2, base, r.left, r.right, gothic, pt, center, r.bold)
		case r.centre:
			lb = c.text((L+R)/2, base, r.left, gothic, c.fit(gothic, r.pt, r.left, w), center, r.bold)
		default:
			if r.right != "" {
				rb = c.text(R, base, r.right, gothic, r.pt, right, r.bold)
			}
			room := w
			if r.right != "" {
				room = w - (rb[2] - rb[0]) - c.mm(2)
			}
			lb = c.text(L, base, r.left, gothic, c.fit(gothic, r.pt, r.left, room), left, r.bold)
		}
		if r.underline {
			c.hline(L, R, base+c.mm(1.5), c.thin())
		}
		switch {
		case r.leftKey != "" && r.leftKey == r.rightKey:
			c.mark(r.leftKey, lb.Union(rb), r.left+" "+r.right)
		default:
			if r.leftKey != "" {
				c.mark(r.leftKey, lb, r.left)
			}
			if r.rightKey != "" {
				c.mark(r.rightKey, rb, r.right)
			}
		}
	}
}
