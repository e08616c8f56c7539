package extract_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

func TestExtractEmpty(t *testing.T) {
	for _, doc := range []*layout.Document{nil, {}, {Pages: []layout.Page{{Number: 1}}}} {
		if f := extract.Extract(doc, extract.Options{}); !reflect.DeepEqual(f, record.Fields{}) {
			t.Errorf("Extract(%+v) = %+v, want no fields", doc, f)
		}
	}
}

// page builds a one-page document from rows of text; each row's words
// are laid out left to right, 20 px per row.
func page(rows ...string) *layout.Document {
	p := layout.Page{Number: 1, Scan: layout.Scan{WidthPx: 600, HeightPx: 40 * len(rows)}}
	for i, r := range rows {
		y := 10 + 30*i
		l := layout.Line{Text: r, Block: i + 1, Para: 1, Conf: 0.9}
		x := 10
		for _, w := range strings.Fields(r) {
			b := layout.BBox{x, y, x + 12*len([]rune(w)), y + 20}
			l.Words = append(l.Words, layout.Word{Text: w, BBox: b, Conf: 0.9})
			l.BBox = l.BBox.Union(b)
			x = b[2] + 10
		}
		p.Lines = append(p.Lines, l)
	}
	return &layout.Document{Pages: []layout.Page{p}}
}

func TestExtractRules(t *testing.T) {
	tests := []struct {
		name  string
		doc   *layout.Document
		opts  extract.Options
		field func(record.Fields) *record.Field
		want  string
	}{
		{"change is never the total", page("SHOP SDN BHD", "TOTAL 12.00", "CASH 50.00", "CHANGE 38.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Total }, "12.00"},
		{"お預り is never the total", page("テスト商店", "合計 ¥1,100", "お預り ¥5,000", "お釣り ¥3,900"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Total }, "1100"},
		{"rounded total wins", page("SHOP SDN BHD", "TOTAL 9.02", "ROUNDING ADJ -0.02", "ROUNDED TOTAL 9.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Total }, "9.00"},
		{"rounding adjustment leads to the amount paid", page("SHOP SDN BHD", "TOTAL (INCLUSIVE OF GST): 31.02", "ROUNDING ADJ: -0.02", "CASH : 31.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Total }, "31.00"},
		{"rounding adjustment whose sign and 0. OCR lost", page("SHOP SDN BHD", "TOTAL SALES (INCLUSIVE GST) RM 22.91", "ROUNDING ADJUSTMENT RM 01", "ROUNDING RM 22.90", "CASH RM 50.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Total }, "22.90"},
		{"a rounding adjustment that leads to no printed amount changes nothing", page("SHOP SDN BHD", "TOTAL 12.34", "ROUNDING ADJ 0.01", "CASH 20.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Total }, "12.34"},
		{"excluding-tax total is a subtotal", page("SHOP SDN BHD", "TOTAL SALES (EXCLUDING GST) : 28.00", "TOTAL GST : 1.68", "TOTAL SALES (INCLUSIVE OF GST) : 29.68"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Subtotal }, "28.00"},
		{"total without label from cash and change", page("SHOP", "ITEM A 4.00", "ITEM B 5.00", "9.00", "CASH 10.00", "CHANGE 1.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Total }, "9.00"},
		{"decimal point lost by OCR", page("SHOP SDN BHD", "ITEM A 1.50", "ITEM B 43.40", "SUBTOTAL : 44 90", "CASH 50.00", "CHANGE 5.10"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Total }, "44.90"},
		{"labelled date beats the first date", page("SHOP", "PRINTED 01/01/2019", "INVOICE DATE: 15/12/2018"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.IssueDate }, "2018-12-15"},
		{"date order option", page("SHOP", "DATE 04/05/2018"),
			extract.Options{DateOrder: normalize.OrderMDY}, func(f record.Fields) *record.Field { return f.IssueDate }, "2018-04-05"},
		{"default currency", page("SHOP", "TOTAL 9.00"),
			extract.Options{DefaultCurrency: "eur"}, func(f record.Fields) *record.Field { return f.Currency }, "EUR"},
		{"Japanese text defaults to yen", page("テスト商店", "合計 1,100"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Currency }, "JPY"},
		{"spaced era date", page("テスト商店", "発行日 令 和 6 年 4 月 1 日"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.IssueDate }, "2024-04-01"},
		{"withholding tax", page("山田太郎", "報酬 100,000", "源泉徴収税額 △10,210", "差引支払額 89,790"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.WithholdingTax }, "10210"},
		{"company number and misread legal form cleaned from the name", page("~ AEON CO. (M) 8HD (126926-H) !", "3RD FLR, AEON TAMAN MALURI", "TOTAL 9.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.IssuerName }, "AEON CO. (M) BHD"},
		{"a company number in a bracket OCR misread", page("GARDENIA BAKERIES (KL) SDN BHD {139386 X)", "LOT 3, JALAN PELABUR 23/1", "TOTAL 9.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.IssuerName }, "GARDENIA BAKERIES (KL) SDN BHD"},
		{"a company number with a slash OCR read for a digit", page("MOONLIGHT CAKE HOUSE SDN BHD 862/25-U", "NO. 1 JALAN EURO 1", "TOTAL 9.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.IssuerName }, "MOONLIGHT CAKE HOUSE SDN BHD"},
		{"an H split into two strokes in a legal form", page("GARDENIA BAKERIES (KL) SDN BELD", "LOT 3, JALAN PELABUR 23/1", "TOTAL 9.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.IssuerName }, "GARDENIA BAKERIES (KL) SDN BHD"},
		{"a company number joined to the address's first line is left out", page("KEDAI RUNCIT SDN BHD", "(81109-A) | NO 290, JALAN AIR PANAS,", "53200 KUALA LUMPUR", "TOTAL 9.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.IssuerAddress }, "NO 290, JALAN AIR PANAS, 53200 KUALA LUMPUR"},
		{"a name with CASH in it is still a name", page("SUPER SEVEN CASH & CARRY SDN BHD", "NO. 1 JALAN EURO 1", "TOTAL 9.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.IssuerName }, "SUPER SEVEN CASH & CARRY SDN BHD"},
		{"owner after the contact lines is not the issuer", page("SANYU STATIONERY SHOP", "NO. 31G, JALAN SETIA", "TEL: 03-3362 4137", "OWNED BY :", "SANYU SUPPLY SDN BHD"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.IssuerName }, "SANYU STATIONERY SHOP"},
		{"a total qualified in brackets is no tax label", page("SHOP SDN BHD", "SUBTOTAL 2. 5h", "TOTAL (GST INCL) 2.56", "CASH 50.55", "CHANGE 47.99"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Total }, "2.56"},
		{"a bracket OCR read as <", page("SHOP SDN BHD", "SUBTOTAL 13.7%", "TOTAL <GST INCL) 13.78", "CASH 20.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Total }, "13.78"},
		{"a label OCR glued into one word", page("SHOP SDN BHD", "SUBTOTAL 3.50", "ITEMS 3", "FinalTotal 14.90", "CASH 20.00", "CHANGE 5.10"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Total }, "14.90"},
		{"BILL TO names the recipient", page("ACME LLC", "BILL TO: Jane Doe", "TOTAL $9.00"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.Recipient }, "Jane Doe"},
		{"registration number with bad check digit is kept", page("テスト商店", "登録番号 T2835678256246"),
			extract.Options{}, func(f record.Fields) *record.Field { return f.RegistrationNumber }, "T2835678256246"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.field(extract.Extract(tt.doc, tt.opts))
			if f == nil || f.Value != tt.want {
				t.Errorf("got %+v, want %q", f, tt.want)
			}
		})
	}
}

// FuzzExtract feeds arbitrary text as rows: extraction must not panic and
// every field must keep its confidence in [0,1].
func FuzzExtract(f *testing.F) {
	f.Add("SHOP SDN BHD\nTOTAL 9.00\nCASH 10.00\nCHANGE 1.00")
	f.Add("請求書\n株式会社テスト 御中\n合計 ¥1,100-\n登録番号 T7010705000725")
	f.Add("金壱萬弐阡円也\n令和元年5月1日\n(8%対象 ¥1,080)")
	f.Fuzz(func(t *testing.T, text string) {
		got := extract.Extract(page(strings.Split(text, "\n")...), extract.Options{})
		for _, fl := range []*record.Field{got.DocumentType, got.IssuerName, got.IssuerAddress, got.RegistrationNumber,
			got.Recipient, got.IssueDate, got.TransactionDate, got.DueDate, got.InvoiceNumber, got.Currency, got.Total,
			got.Subtotal, got.WithholdingTax} {
			if fl != nil && (fl.Confidence < 0 || fl.Confidence > 1 || fl.Value == "") {
				t.Fatalf("bad field %+v from %q", fl, text)
			}
		}
		for _, x := range extract.Validate(got, extract.ValidateOptions{}) {
			if x.Reason == "" || x.Code == "" {
				t.Fatalf("finding without code or reason: %+v", x)
			}
		}
	})
}

func TestExtractNoRecipient(t *testing.T) {
	for _, doc := range []*layout.Document{
		page("SHOP SDN BHD", "CUSTOMER : [77853745]", "TOTAL 9.00"),
		page("SHOP SDN BHD", "CUSTOMER COPY", "TOTAL 9.00"),
		page("領収書", "上様", "金壱萬円也", "テスト商店"),
		page("テスト商店", "お客様控え", "合計 ¥1,000"),
	} {
		if f := extract.Extract(doc, extract.Options{}); f.Recipient != nil {
			t.Errorf("%q: recipient %q, want none", doc.Text(), f.Recipient.Value)
		}
	}
}

// TestExtractRecipientLegalForm keeps a bracketed legal form at the start
// of a recipient's name, in every form it is printed or read in.
func TestExtractRecipientLegalForm(t *testing.T) {
	for _, line := range []string{"㈲ネクストフーズ様", "(有)ネクストフーズ様", "（有）ネクストフーズ 様"} {
		f := extract.Extract(page("高橋食品", "領収書", line, "合計 ¥1,000"), extract.Options{})
		if f.Recipient == nil || f.Recipient.Value != "(有)ネクストフーズ" {
			t.Errorf("%s: recipient %+v, want (有)ネクストフーズ", line, f.Recipient)
		}
	}
}
