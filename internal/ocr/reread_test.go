package ocr

import (
	"image"
	"image/color"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/imagefmt/imagefmttest"
	"github.com/shohyo/shohyo/internal/layout"
)

func TestRegRuns(t *testing.T) {
	w := func(text string, line int) rawWord {
		return rawWord{text: text, block: 1, para: 1, line: line}
	}
	at := func(wd rawWord, x0, y0, x1, y1 int) rawWord {
		wd.box = layout.BBox{x0, y0, x1, y1}
		return wd
	}
	tests := []struct {
		name  string
		words []rawWord
		want  []wordRun
	}{
		{"printed", []rawWord{w("登録番号", 1), w("T4180102099109", 1)}, []wordRun{{1, 2, "T4180102099109", false, false}}},
		{"T as 1, 0 as 9", []rawWord{w("登録番号", 1), w("14180192099109", 1)}, []wordRun{{1, 2, "14180192099109", false, false}}},
		{"split and hyphenated", []rawWord{w(":T", 1), w("1234-5678", 1), w("9012-3", 1)}, []wordRun{{0, 3, "T1234567890123", false, false}}},
		{"letters for digits", []rawWord{w("TI29OOO1829036", 1)}, []wordRun{{0, 1, "T1290001829036", false, false}}},
		{"T and a digit lost", []rawWord{w("010001652727", 1)}, []wordRun{{0, 1, "010001652727", false, false}}},
		{"garbled", []rawWord{w("Tsjzoo0ssr4744", 1)}, []wordRun{{0, 1, "", true, false}}},
		{"not across lines", []rawWord{w("T418010", 1), w("2099109", 2)}, nil},
		{"phone number", []rawWord{w("TEL", 1), w("03-9386-6628", 1)}, nil},
		{"too long", []rawWord{w("12345678901234567", 1)}, nil},
		{"mostly letters", []rawWord{w("TOOlSSOOlSSOO", 1)}, nil},
		{"garbled after its label", []rawWord{w("登録", 1), w("番号", 1), w("sorno2519274", 1)}, []wordRun{{2, 3, "", true, false}}},
		{"garbled under its label", []rawWord{at(w("登録番号:", 1), 1172, 576, 1277, 599), at(w("sorno2519274", 2), 914, 616, 1108, 636)}, []wordRun{{1, 2, "", true, false}}},
		{"garbled, far under its label", []rawWord{at(w("登録番号:", 1), 1172, 576, 1277, 599), at(w("sorno2519274", 2), 914, 716, 1108, 736)}, nil},
		{"garbled without a label", []rawWord{w("請求番号", 1), w("sorno2519274", 1)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := regRuns(tt.words); !slices.Equal(got, tt.want) {
				t.Errorf("regRuns = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAcceptReg(t *testing.T) {
	tests := []struct {
		name    string
		rereads []string
		seen    string
		garbled bool
		want    string
	}{
		{"T as 1, 0 as 9", []string{"T4180102099109"}, "14180192099109", false, "T4180102099109"},
		{"T lost on the page, found by the re-read", []string{"T7020103341530"}, "7020103341530", false, "T7020103341530"},
		{"T read as a digit", []string{"14011001099075"}, "14911991999075", false, "T4011001099075"},
		{"the re-read reads a 0 as 9 the page read right", []string{"T6010491674732"}, "T6010401674732", false, "T6010401674732"},
		{"two re-reads, each with a 0 as 9 elsewhere", []string{"T7910401044175", "577010401044175"}, "T7919401944175", false, "T7010401044175"},
		{"label edge read as digits before the number", []string{"5T1020102439562"}, "T1929192439562", false, "T1020102439562"},
		{"0 read as 09 on the page: that reading is not the re-reads' shape", []string{"11290003414638", "11290003414638"}, "T12900093414638", false, "T1290003414638"},
		{"check digit fails", []string{"T4180102099108"}, "T4180102099108", false, ""},
		{"another number", []string{"T1234567890123"}, "T4180102099109", false, ""},
		{"garbled page reading", []string{"T3120003814744"}, "", true, "T3120003814744"},
		{"a product code: no T anywhere", []string{"4901234567894"}, "4901234567894", false, ""},
		{"12 digits", []string{"T418010209910"}, "T418010209910", false, ""},
		{"nothing read", []string{""}, "T4180102099109", false, ""},
	}
	for _, tt := range tests {
		got, ok := acceptReg(tt.rereads, wordRun{seen: tt.seen, garbled: tt.garbled})
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%s: acceptReg(%q, %q) = %q, %v; want %q", tt.name, tt.rereads, tt.seen, got, ok, tt.want)
		}
	}
}

func TestAmountShape(t *testing.T) {
	for s, want := range map[string]bool{
		"¥1,970": true, `\5,879-`: true, "78円": true, "10%": true, "12.50": true, "718": true,
		"1,97075": false, "09-33": false, "": false, "-": false, "%": false, "1,9,70": false,
	} {
		if got := amountRe.MatchString(s); got != want {
			t.Errorf("amountRe(%q) = %v, want %v", s, got, want)
		}
	}
}

// testWorker is a real worker of a one-worker engine.
func testWorker(t *testing.T) *worker {
	t.Helper()
	e, err := New(Config{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	w, err := e.newWorker()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.close)
	return w
}

// renderGray draws lines as a 200 dpi scan, the resolution of the
// synthetic set whose slashed zeros are read as 9.
func renderGray(t *testing.T, lines []string, widthIn, pt float64) *image.Gray {
	t.Helper()
	img, err := imagefmttest.Page(lines, 200, widthIn, pt)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return imagefmt.Gray(img)
}

// TestRereadKeys gives the re-read a page reading with the number
// misread as OCR misreads it and checks the crop brings back the
// printed number.
func TestRereadKeys(t *testing.T) {
	w := testWorker(t)
	g := renderGray(t, []string{"登録番号 T4180102099109", "TEL 03-9386-6628"}, 4, 9)
	words, err := w.read(g, 200)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i := range words {
		if strings.Contains(words[i].text, "418") {
			words[i].text, found = "14180192099109", true
		}
	}
	if !found {
		t.Fatalf("the page reading has no number to misread: %v", words)
	}
	lines, _ := buildLines(w.rereadKeys(g, 200, words))
	assertLines(t, lines, "登録番号 T4180102099109", "TEL 03-9386-6628")
}

// TestReadUnread drops the amounts from a page reading, as PSM 3 drops
// a receipt's right-hand column, and checks they are read back onto
// their lines and nothing else is added.
func TestReadUnread(t *testing.T) {
	w := testWorker(t)
	g := renderGray(t, []string{"小計                         ¥1,970", "消費税等                       82円", "ありがとうございました"}, 4, 10)
	words, err := w.read(g, 200)
	if err != nil {
		t.Fatal(err)
	}
	var kept []rawWord
	for _, wd := range words {
		if !strings.ContainsAny(wd.text, "0123456789¥円") {
			kept = append(kept, wd)
		}
	}
	lines, _ := buildLines(w.readUnread(g, 200, kept))
	assertLines(t, lines, "小計 ¥1,970", "消費税等 82円", "ありがとうございました")
}

func assertLines(t *testing.T, lines []layout.Line, want ...string) {
	t.Helper()
	var got []string
	for _, l := range lines {
		got = append(got, strings.ReplaceAll(l.Text, " ", ""))
	}
	for i, wl := range want {
		want[i] = strings.ReplaceAll(wl, " ", "")
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDateRuns(t *testing.T) {
	w := func(text string, x0, x1 int) rawWord {
		return rawWord{text: text, box: layout.BBox{x0, 10, x1, 30}, block: 1, para: 1, line: 1}
	}
	tests := []struct {
		name  string
		words []rawWord
		want  []wordRun
	}{
		{"kanji read as digits", []rawWord{w("請求日", 0, 60), w(":", 62, 64), w("20244448308", 70, 200)},
			[]wordRun{{2, 3, "20244448308", false, true}}},
		{"slashes read as 7", []rawWord{w("Date:", 0, 60), w("2670572018", 70, 200)},
			[]wordRun{{1, 2, "2670572018", false, true}}},
		{"the day a word of its own", []rawWord{w("20257F10A", 0, 120), w("168", 130, 170), w("15:49", 400, 460)},
			[]wordRun{{0, 2, "20257F10A168", false, true}}},
		{"a date as printed", []rawWord{w("26/05/2018", 0, 120)}, nil},
		{"a date the lenient parser reads", []rawWord{w("09701/2019", 0, 120)}, nil},
		{"an invoice number", []rawWord{w("INV-202510-5551", 0, 200)}, nil},
		{"a phone number", []rawWord{w("03-9386-6628", 0, 200)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dateRuns(tt.words); !slices.Equal(got, tt.want) {
				t.Errorf("dateRuns = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAcceptDate(t *testing.T) {
	tests := []struct {
		reread, seen, want string
	}{
		{"2024年4月30日", "20244448308", "2024年4月30日"},
		{"2025年10月16日", "20257F10A168", "2025年10月16日"},
		{"26/05/2018", "2670572018", "26/05/2018"},
		{"請求日 : 2024年4月30日", "20244448308", "請求日:2024年4月30日"},
		{"2025征8朋27日(水)", "2025468A278(2k)", ""}, // no date
		{"53/2018", "63/2018", ""},               // no date
		{"12/11/2019", "2670572018", ""},         // another date
	}
	for _, tt := range tests {
		got, ok := acceptDate(tt.reread, tt.seen)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("acceptDate(%q, %q) = %q, %v; want %q", tt.reread, tt.seen, got, ok, tt.want)
		}
	}
}

// TestRereadDate gives the re-read a page reading with a date garbled as
// OCR garbles it and checks the crop brings back the printed date.
func TestRereadDate(t *testing.T) {
	w := testWorker(t)
	g := renderGray(t, []string{"請求日 : 2024年4月30日", "TEL 03-9386-6628"}, 4, 10)
	words, err := w.read(g, 200)
	if err != nil {
		t.Fatal(err)
	}
	// The page reading may split the date into words: make those after
	// the colon one garbled word, as the scans that need the re-read give.
	var kept []rawWord
	colon := -1
	for i, wd := range words {
		switch {
		case colon < 0 || !sameLine(wd, words[colon]):
			if strings.Contains(wd.text, ":") && sameLine(wd, words[0]) {
				colon = i
			}
			kept = append(kept, wd)
		case kept[len(kept)-1].text == "20244448308":
			kept[len(kept)-1].box = kept[len(kept)-1].box.Union(wd.box)
		default:
			wd.text = "20244448308"
			kept = append(kept, wd)
		}
	}
	lines, _ := buildLines(w.rereadKeys(g, 200, kept))
	assertLines(t, lines, "請求日 : 2024年4月30日", "TEL 03-9386-6628")
}

// A registration number re-read is rated by the page reading of its
// glyphs when that is higher: whitelisted readings report near 0.
func TestRunConf(t *testing.T) {
	words := []rawWord{{text: "T5011", conf: 0.9}, {text: "102776190", conf: 0.6}, {text: " ", conf: 0}}
	if got, want := runConf(words), (5*0.9+9*0.6)/14; math.Abs(got-want) > 1e-9 {
		t.Errorf("runConf = %v, want %v", got, want)
	}
	if got := runConf(nil); got != 0 {
		t.Errorf("no words: %v", got)
	}
}

// TestReadUnreadRows drops two rows from a page reading, as PSM 3 drops
// the rows of a tax breakdown between rules, draws the rules, and checks
// the rows are read back in place while the rules add nothing.
func TestReadUnreadRows(t *testing.T) {
	w := testWorker(t)
	g := renderGray(t, []string{"小計 15,270円", "10%対象 14,240円", "8%対象 1,030円", "合計 16,776円", "ありがとうございました"}, 4, 10)
	words, err := w.read(g, 200)
	if err != nil {
		t.Fatal(err)
	}
	whole, _ := buildLines(words)
	want := make([]string, len(whole))
	for i, l := range whole {
		want[i] = strings.ReplaceAll(l.Text, " ", "")
	}
	var kept []rawWord
	var top, bottom int
	for i := 0; i < len(words); {
		j := i
		var text string
		for j < len(words) && sameLine(words[i], words[j]) {
			text += words[j].text
			j++
		}
		switch {
		case strings.Contains(text, "対象"):
			i = j
			continue
		case strings.Contains(text, "小計"):
			top = words[i].box[3] + 4
		case strings.Contains(text, "合計"):
			bottom = words[i].box[1] - 4
		}
		kept = append(kept, words[i:j]...)
		i = j
	}
	for _, y := range []int{top, bottom} {
		for x := g.Rect.Min.X + 10; x < g.Rect.Max.X-10; x++ {
			g.SetGray(x, y, color.Gray{})
		}
	}
	if len(kept) == len(words) {
		t.Fatalf("no row to drop in the page reading: %v", want)
	}
	// The crop is read apart from the page, so its characters may differ
	// from the page reading's where the font is ambiguous (its slashed
	// 0 is read as 6 or 9): the rows must be back, in place, with their
	// labels and amounts.
	lines, _ := buildLines(w.readUnreadRows(g, 200, kept))
	var got []string
	for _, l := range lines {
		got = append(got, strings.ReplaceAll(l.Text, " ", ""))
	}
	if len(got) != 5 || got[0] != want[0] || !strings.Contains(got[1], "対象14,24") ||
		!strings.Contains(got[2], "対象1,") || got[3] != want[3] || got[4] != want[4] {
		t.Errorf("rows read back:\n%s\npage reading:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	lines, _ = buildLines(w.readUnreadRows(g, 200, words))
	assertLines(t, lines, want...)
}
