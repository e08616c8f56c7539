package extract_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// sheet builds a one-page document from lines laid out as an A4 scan at
// 200 dpi would be: Japanese letters 30 px square, Latin ones 15 px wide,
// words 8 px apart. In a line, "||" moves on to the right column at
// x = 900; a word
// written "text@conf" has that OCR confidence (default 0.9). One OCR
// line per input line, as engines return lines that cross columns.
func sheet(lines ...string) *layout.Document {
	p := layout.Page{Number: 1, Scan: layout.Scan{WidthPx: 1654, HeightPx: 2339}}
	for i, text := range lines {
		y := 100 + 45*i
		l := layout.Line{Block: i + 1, Para: 1, Conf: 0.9}
		x := 100
		var texts []string
		for _, w := range strings.Fields(text) {
			if w == "||" {
				x = 900
				continue
			}
			conf := 0.9
			if at := strings.LastIndex(w, "@"); at > 0 {
				if c, err := strconv.ParseFloat(w[at+1:], 64); err == nil {
					w, conf = w[:at], c
				}
			}
			x = placeWord(&l, w, x, y, conf)
			texts = append(texts, w)
		}
		l.Text = strings.Join(texts, " ")
		p.Lines = append(p.Lines, l)
	}
	return &layout.Document{Pages: []layout.Page{p}}
}

// placeWord adds w to l at (x, y), 30 px a Japanese letter and 15 a
// Latin one, and returns where the next word starts.
func placeWord(l *layout.Line, w string, x, y int, conf float64) int {
	width := 0
	for _, r := range w {
		if normalize.IsCJK(r) || r > 0x2000 {
			width += 30
		} else {
			width += 15
		}
	}
	b := layout.BBox{x, y, x + width, y + 30}
	l.Words = append(l.Words, layout.Word{Text: w, BBox: b, Conf: conf})
	l.BBox = l.BBox.Union(b)
	return b[2] + 8
}

func TestJapaneseRules(t *testing.T) {
	name := func(f record.Fields) *record.Field { return f.IssuerName }
	recipient := func(f record.Fields) *record.Field { return f.Recipient }
	docType := func(f record.Fields) *record.Field { return f.DocumentType }
	total := func(f record.Fields) *record.Field { return f.Total }
	subtotal := func(f record.Fields) *record.Field { return f.Subtotal }
	issue := func(f record.Fields) *record.Field { return f.IssueDate }
	number := func(f record.Fields) *record.Field { return f.InvoiceNumber }
	tests := []struct {
		name  string
		doc   *layout.Document
		field func(record.Fields) *record.Field
		want  string // "" means not found
	}{
		{"recipient and issuer on one OCR line are two columns", sheet(
			"請求書",
			"渡辺由美様 || 富士システム 有限会社",
			"下記の通りご請求申し上げます。 || 〒107-8214",
			"|| 東京都港区赤坂5-8-7",
			"|| 登録番号 T4011001098993",
		), name, "富士システム有限会社"},
		{"the recipient of a merged line", sheet(
			"請求書",
			"渡辺由美様 || 富士システム 有限会社",
			"|| 登録番号 T4011001098993",
		), recipient, "渡辺由美"},
		{"a department is no part of the recipient", sheet(
			"請求書",
			"合同会社 中央商事 管理部 経理課 御中 || 富士テクノ 有限会社",
			"|| 登録番号 T4011001098993",
		), recipient, "合同会社中央商事"},
		{"seal debris at the end of the issuer's name", sheet(
			"請求書",
			"株式会社 高橋企画 御中 || 富士テクノ 有限会社 fie?@0.4 t@0.0",
			"|| 〒100-3704",
			"|| 登録番号 T4011001098993",
		), name, "富士テクノ有限会社"},
		{"a legal form the seal damaged", sheet(
			"請求書",
			"|| 大和ソリューションズ株式会神",
			"|| 〒812-7403",
			"|| 登録番号 T4011001098993",
		), name, "大和ソリューションズ株式会社"},
		{"a rule read as dashes does not join the left column to the issuer's", sheet(
			"請求書",
			"株式会社 丸和設計 御中 || 株式会社 北斗フーズ",
			"|| 〒192-6882",
			"下記の通りご請求申し上げます。 || 東京都八王子市旭町5丁目4番17号",
			"—— || 電話 042-458-4887 FAX 042-458-4885",
			"ご請求金額 ¥69,980- || 登録番号 T4011001098993",
		), name, "株式会社北斗フーズ"},
		{"the invoice's own date above the issuer is not its name", sheet(
			"|| 請求日 2025/08/31",
			"|| 大和ソリューションズ",
			"|| 〒812-7403 福岡県福岡市博多区博多駅前2-9-6",
			"|| 登録番号 T4011001098993",
		), name, "大和ソリューションズ"},
		{"a postcode whose 〒 was read as T is no name", sheet(
			"領収書",
			"T 450-3088",
			"愛知県名古屋市中村区名駅4丁目8番地",
			"登録番号 T4011001098993",
		), name, ""},
		{"garbled title one letter off レシート", sheet(
			"パン工房こむぎ",
			"登録番号 T4011001098993",
			"レンート",
			"合計 ¥1,100",
		), docType, "receipt"},
		{"no title: the standard invoice sentence decides", sheet(
			"株式会社日本商事 御中",
			"下記の通りご請求申し上げます。",
			"ご請求金額 ¥15,278",
			"お支払期限 2025/07/30",
		), docType, "invoice"},
		{"no title: お預り and お釣り make a receipt", sheet(
			"パン工房こむぎ",
			"合計 ¥1,100",
			"お預り ¥2,000",
			"お釣り ¥900",
		), docType, "receipt"},
		{"the issuer's registration status is no title", sheet(
			"喫茶こもれび",
			"適格請求書発行事業者登録番号 T4011001098993",
			"合計 ¥1,100",
			"お預り ¥2,000",
		), docType, "receipt"},
		{"0 read as 6 before 円 in every amount: tendered minus change decides", sheet(
			"文具のまるや",
			"小計 4,486 円",
			"10% 対象 1,940 円",
			"(内消費税等) 176",
			"8% 対象 2,546 円",
			"(内消費税等) 188 円",
			"合計 4,486 円",
			"お預り 5,000 円",
			"お釣り 520 円",
		), total, "4480"},
		{"a total that adds up beats a misread one under a stronger label", sheet(
			"請求書",
			"ご請求金額 16.7",
			"小計 ¥15,270",
			"10%対象 ¥14,240 消費税 ¥1,424",
			"8%対象 ¥1,030 消費税 ¥82",
			"合計 ¥16,776",
		), total, "16776"},
		{"a total label OCR garbled: subtotal plus taxes, printed, is the total", sheet(
			"請求書",
			"ご請求金額 (税込)",
			"【税率別内訳】 小計 ¥16,060",
			"10% 対象 ¥610 消費税 ¥61",
			"8% 対象 ¥15,450 消費税 ¥1,236",
			"※は軽減税率(8%)対象商品です。 ae ¥17,357",
		), total, "17357"},
		{"a large total the engine could not read loses to a clean one", sheet(
			"請求書",
			"ご請求金額 21,002@0.0",
			"小計 ¥25,470",
			"合計 ¥27,632",
		), total, "27632"},
		{"a subtotal with 円 read as 9", sheet(
			"請求書",
			"小計 3,1909",
			"10% 対象 3,190 円",
			"(内消費税等) 290 円",
			"合計 3,190 円",
		), subtotal, "3190"},
		{"an era year with O for 0", sheet("パン工房こむぎ", "RO6/06/15(土) 16:49"), issue, "2024-06-15"},
		{"a 0 next to 日 read as 6", sheet("喫茶こもれび", "令和 7 年 12 月 36 日 ( 火 ) 17:30"), issue, "2025-12-30"},
		{"an issue-date label whose date is unreadable: no fallback to the delivery date", sheet(
			"請求書",
			"請求日 : 20244448308",
			"取引日 : 2024 年 4 月 11 日",
		), issue, ""},
		{"a number after No. on a row of its own", sheet(
			"請求書 || No. 20251130-471",
			"|| 請求日 R7.11.30",
		), number, "20251130-471"},
		{"No glued to its number, read with a comma", sheet("|| No,20250630-559", "請求書"), number, "20250630-559"},
		{"№ is No", sheet("領収書", "№ 0042", "合計 ¥1,100"), number, "0042"},
		{"a labelled number wins over a marked one", sheet("領収書", "|| No. 7788", "請求書番号 A-123"), number, "A-123"},
		{"a table's row numbers are no document number", sheet(
			"請求書",
			"No. 品名 数量 単価 金額",
			"1 コピー用紙 2 500 1,000",
			"No. 12",
		), number, ""},
		{"a word starting with No is no mark", sheet("請求書", "Note 12345"), number, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.field(extract.Extract(tt.doc, extract.Options{}))
			got := ""
			if f != nil {
				got = f.Value
			}
			if got != tt.want {
				t.Errorf("got %q, want %q\n%s", got, tt.want, tt.doc.Text())
			}
		})
	}
}

func TestJapaneseTaxLines(t *testing.T) {
	tests := []struct {
		name string
		doc  *layout.Document
		want string // rate:base/tax, sorted by rate as read
	}{
		{"tax on the row after its base", sheet(
			"小計 (9 点) ¥2,640",
			"10% 対象 ¥620",
			"(内消費税等) ¥56",
			"8% 対象 ¥2,020",
			"(内消費税等) ¥149",
			"合計 ¥2,640",
		), "10:620/56 8:2020/149"},
		{"the reduced-rate legend is no tax line", sheet(
			"【税率別内訳】 小計 ¥15,270",
			"10% 対象 ¥14,240 消費税 ¥1,424",
			"8% 対象 ¥1,030 消費税 ¥82",
			"※は軽減税率(8%)対象商品です。 合計 ¥16,776",
		), "10:14240/1424 8:1030/82"},
		{"a rate whose % OCR lost", sheet(
			"小計 ¥18,870",
			"8 対象 ¥18,870 消費税 ¥1,509",
			"合計 ¥20,379",
		), "8:18870/1509"},
		{"a rate line OCR lost, from its tax and the total", sheet(
			"小計 (3 点) ¥1,130",
			"10% 対象 ¥570",
			"(内消費税等) ¥51",
			"(内消費税等) ¥41",
			"合計 ¥1,130",
		), "10:570/51 8:560/41"},
		{"a tax without its rate line, from the subtotal", sheet(
			"小計 (6 点) ¥1,600",
			"消費税等 ¥128",
			"合計 ¥1,728",
		), "8:1600/128"},
		{"a 5 read as 6 in a tax: the rate and the total agree on 5", sheet(
			"【税率別内訳】 小計 333,500 円",
			"10% 対象 333,500 円 消費税 33,360 円",
			"合計 366,850 円",
		), "10:333500/33350"},
		{"a rate whose % was read as X", sheet(
			"【税率別内訳】 小計 17,690 円",
			"10% 対象 11,200 円 消費税 1,120 円",
			"8X 対象 6,490 円 消費税 519 円",
			"合計 19,329 円",
		), "10:11200/1120 8:6490/519"},
		{"円 read as a digit after a base, no subtotal: bases plus taxes make the total", sheet(
			"10% 対象 2908",
			"(内消費税等) 26 円",
			"8% 対象 1,550 円",
			"(内消費税等) 114 円",
			"合計 1,840 円",
		), "10:290/26 8:1550/114"},
		{"tax rows whose labels OCR garbled, read from their arithmetic", sheet(
			"【税率別内訳】 小計 ¥37,790",
			"1OsK A ¥ 10,000 消費税 ¥1, 000",
			"Bu \\27.790 消費税 \\2.223 a",
			"※は軽減税率(8%)対象商品です。 合計 ¥41,013",
		), "10:10000/1000 8:27790/2223"},
		{"a rate line lost: the unlabelled subtotal, the total and the other rate agree", sheet(
			"【税率別内訳】 \\45, 990-",
			"8% 対象 \\30,490- 消費税 \\2,439- 消費税 ¥ 3, 989-",
			"※は軽減税率(8%)対象商品です。 合計 \\49, 979-",
		), "8:30490/2439 10:15500/1550"},
		{"a rate misread as 1 is the rate that fits", sheet(
			"小計 ¥4,620",
			"1 対象 ¥1,890",
			"消費税等 ¥189",
			"8 対象 ¥2,730",
			"消費税等 ¥218",
			"合計 ¥5,027",
		), "10:1890/189 8:2730/218"},
		{"every 0 before 円 read as 6: the repair is the reading, though 646 + 1,020 also adds up", sheet(
			"※ おにぎり 156 円",
			"パン 226 円",
			"小計 (3 点) 1,646 円",
			"10% 対象 626 円",
			"(内消費税等) 56 円",
			"8% 対象 1,026 円",
			"(内消費税等) 75 円",
			"合計 1,646 円",
		), "10:620/56 8:1020/75"},
		{"a base that lost digits does not fit its tax: the subtotal gives it", sheet(
			"【税率別内訳】 小計 ¥ 11,480",
			"10% 対象 \\300 消費税 ¥130",
			"8% 対象 \\10,180 消費税 \\814",
			"合計 ¥12,424",
		), "10:1300/130 8:10180/814"},
		{"both bases lost: the subtotal and the taxes, rounded down, leave one pair", sheet(
			"【税率別内訳】 小計 52, 700 円",
			"10% 対象 円 消費税 4,410 円",
			"8% 対象 消費税 688 円",
			"合計 57,798 円",
		), "10:44100/4410 8:8600/688"},
		{"both bases lost, taxes rounded to nearest: several pairs fit, none is taken", sheet(
			"【税率別内訳】 小計 52, 705 円",
			"10% 対象 円 消費税 4,410 円",
			"8% 対象 消費税 688 円",
			"合計 57,803 円",
		), "10:/4410 8:/688"},
		{"a row that goes on with the breakdown's total tax: the tax that fits the base", sheet(
			"【税率別内訳】 小計 52,700 円",
			"10% 対象 44,100 円 消費税 4,410 円 7 9,098",
			"8% 対象 8,600 円 消費税 688 円",
			"合計 57,798 円",
		), "10:44100/4410 8:8600/688"},
		{"a rate misread as 19% is the rate its arithmetic gives, once", sheet(
			"【税率別内訳】 小計 ¥15,270",
			"19% 対象 ¥14,240 消費税 ¥1,424",
			"8% 対象 ¥1,030 消費税 ¥82",
			"合計 ¥16,776",
		), "10:14240/1424 8:1030/82"},
		{"円 read as 79 after a thousands group", sheet(
			"【税率別内訳】 小計 26,730 円",
			"10% 対象 26,730 円 消費税 2, 67379",
			"合計 29,403 円",
		), "10:26730/2673"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := extract.Extract(tt.doc, extract.Options{})
			var parts []string
			if f.TaxLines != nil {
				for _, l := range f.TaxLines.Value {
					parts = append(parts, l.Rate+":"+l.Base+"/"+l.Tax)
				}
			}
			if got := strings.Join(parts, " "); got != tt.want {
				t.Errorf("tax lines %q, want %q\n%s", got, tt.want, tt.doc.Text())
			}
		})
	}
}

func TestJapaneseAddressDashes(t *testing.T) {
	doc := sheet(
		"請求書",
		"|| 富士システム有限会社",
		"|| 〒107-8214",
		"|| 東京都港区赤坂 5-8 一 7",
		"|| 登録番号 T4011001098993",
	)
	f := extract.Extract(doc, extract.Options{})
	if f.IssuerAddress == nil || f.IssuerAddress.Value != "〒107-8214 東京都港区赤坂 5-8-7" {
		t.Errorf("issuer_address %+v, want the kanji one between digits read as a dash", f.IssuerAddress)
	}
}
