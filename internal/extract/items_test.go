package extract_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// cells builds a one-page document whose rows are laid out by column:
// each row is cells "x:text", the text's words placed from x (15 px per
// Latin letter, 30 per Japanese one). Item tables need their columns
// where the headings are, which sheet cannot place.
func cells(rows ...[]string) *layout.Document {
	p := layout.Page{Number: 1, Scan: layout.Scan{WidthPx: 1654, HeightPx: 2339}}
	for i, row := range rows {
		y := 100 + 45*i
		l := layout.Line{Block: i + 1, Para: 1, Conf: 0.9}
		var texts []string
		for _, c := range row {
			var x int
			var text string
			if _, err := fmt.Sscanf(c, "%d:", &x); err != nil {
				panic(c)
			}
			text = c[strings.Index(c, ":")+1:]
			for _, w := range strings.Fields(text) {
				x = placeWord(&l, w, x, y, 0.9)
				texts = append(texts, w)
			}
		}
		l.Text = strings.Join(texts, " ")
		p.Lines = append(p.Lines, l)
	}
	return &layout.Document{Pages: []layout.Page{p}}
}

// itemText writes items as "description|quantity unit|unit price|amount|rate".
func itemText(items []record.LineItem) string {
	var parts []string
	for _, it := range items {
		parts = append(parts, fmt.Sprintf("%s|%s %s|%s|%s|%s", it.Description, it.Quantity, it.Unit, it.UnitPrice, it.Amount, it.Rate))
	}
	return strings.Join(parts, "\n")
}

func TestLineItems(t *testing.T) {
	tests := []struct {
		name string
		doc  *layout.Document
		want []string // itemText lines
	}{
		{"a POS receipt without header: the rows above 小計, with the legend's rate for ※", sheet(
			"領収書",
			"2024年04月01日 12:34",
			"※牛乳 1L || ¥248",
			"※カレーパン",
			"@260 × 3 || ¥780",
			"ホットコーヒー(店内) || ¥290",
			"小計 || ¥1,318",
			"8%対象 || ¥1,028",
			"10%対象 || ¥290",
			"合計 || ¥1,318",
			"お預り || ¥2,000",
			"お釣り || ¥682",
			"※印は軽減税率(8%)対象商品",
		), []string{"牛乳 1L| ||248|8", "カレーパン|3 |260|780|8", "ホットコーヒー(店内)| ||290|10"}},
		{"marks whose legend OCR lost: the tax system's reduced and standard rates", sheet(
			"2024年04月01日 12:34",
			"※おにぎり 鮭 || ¥160",
			"ボールペン || ¥180",
			"小計 || ¥340",
		), []string{"おにぎり鮭| ||160|8", "ボールペン| ||180|10"}},
		{"a subtotal whose label OCR garbled ends the items", sheet(
			"2024年04月01日 12:34",
			"おにぎり 鮭 || ¥160",
			"ボールペン || ¥180",
			"Ii || ¥340",
			"合計 || ¥340",
		), []string{"おにぎり鮭| ||160|", "ボールペン| ||180|"}},
		{"tendered, change and totals are never items", sheet(
			"RECEIPT",
			"12 JAN 2019 13:05",
			"NASI LEMAK 2 X 4.50 || 9.00",
			"TOTAL || 9.00",
			"CASH || 10.00",
			"CHANGE || 1.00",
		), []string{"NASI LEMAK|2 |4.50|9.00|"}},
		{"a discount is an item only as a negative line", sheet(
			"2024年04月01日",
			"おにぎり 鮭 || ¥160",
			"値引 || -30",
			"割引 || 20",
			"小計 || ¥130",
		), []string{"おにぎり鮭| ||160|", "値引| ||-30|"}},
		{"no total row after the run: no item list", sheet(
			"2024年04月01日",
			"東京都港区赤坂 || 5",
		), nil},
		{"a Japanese invoice table read by its headings' columns", cells(
			[]string{"500:品名", "1000:数量", "1180:単価", "1400:金額"},
			[]string{"160:ミネラルウォーター 500ml×24本 ※", "944:2 ケース", "1191:2,500", "1428:5,000"},
			[]string{"160:配達料", "1002:1 式", "1220:800", "1440:800"},
			[]string{"1042:小計", "1366:¥5,800"},
			[]string{"160:10%対象 ¥800 消費税 ¥80"},
			[]string{"160:8%対象 ¥5,000 消費税 ¥400"},
			[]string{"144:※は軽減税率(8%)対象商品です。"},
		), []string{"ミネラルウォーター 500ml×24本|2 ケース|2500|5000|8", "配達料|1 式|800|800|10"}},
		{"an English table with a tax code after the amount", cells(
			[]string{"30:ITEM", "80:QTY", "120:PRICE", "180:AMOUNT"},
			[]string{"30:PVC PIPE 1/2\"", "170:2", "190:2.50", "240:5.00", "290:SR"},
			[]string{"30:TOTAL EXCL GST :", "330:5.00"},
			[]string{"30:SR @ 6% 5.00 0.30"},
		), []string{"PVC PIPE 1/2\"|2 |2.50|5.00|6"}},
		{"a unit misread as a digit: the quantity the amount and price give", cells(
			[]string{"500:品名", "1000:数量", "1180:単価", "1400:金額"},
			[]string{"160:コーヒー豆 1kg", "1002:18", "1191:2,400", "1428:2,400"},
			[]string{"1042:小計", "1366:¥2,400"},
		), []string{"コーヒー豆 1kg|1 |2400|2400|"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := itemText(extract.Extract(tt.doc, extract.Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}).LineItems)
			if want := strings.Join(tt.want, "\n"); got != want {
				t.Errorf("items:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestLineItemConfidence: an item whose quantity times unit price is not
// its amount is less sure than one that adds up, and every item says
// where it was read.
func TestLineItemConfidence(t *testing.T) {
	doc := cells(
		[]string{"500:品名", "1000:数量", "1180:単価", "1400:金額"},
		[]string{"160:クリアファイル", "1002:2", "1191:1,210", "1428:2,420"},
		[]string{"160:ホッチキス針", "1002:3", "1191:570", "1428:1,700"},
		[]string{"1042:小計", "1366:¥4,120"},
	)
	items := extract.Extract(doc, extract.Options{}).LineItems
	if len(items) != 2 {
		t.Fatalf("items: %s", itemText(items))
	}
	if items[1].Confidence >= items[0].Confidence {
		t.Errorf("3 × 570 ≠ 1,700 has confidence %.2f, not below %.2f", items[1].Confidence, items[0].Confidence)
	}
	for _, it := range items {
		if it.Page != 1 || it.BBox == nil || it.Source == "" || it.Confidence <= 0 || it.Confidence > 1 {
			t.Errorf("%s: page %d bbox %v source %q confidence %.2f", it.Description, it.Page, it.BBox, it.Source, it.Confidence)
		}
	}
}
