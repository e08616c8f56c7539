package ocr

import (
	"testing"

	"github.com/shohyo/shohyo/internal/layout"
)

func TestBuildLinesJoinsCJKWithoutSpaces(t *testing.T) {
	words := []rawWord{
		{text: "合計", box: layout.BBox{10, 10, 50, 30}, conf: 0.9, block: 1, para: 1, line: 1},
		{text: "金額", box: layout.BBox{52, 10, 90, 30}, conf: 0.8, block: 1, para: 1, line: 1},
		{text: "¥11,000", box: layout.BBox{100, 10, 180, 30}, conf: 0.7, block: 1, para: 1, line: 1},
		{text: "（株）", box: layout.BBox{10, 40, 40, 60}, conf: 1, block: 1, para: 1, line: 2},
		{text: "サンプル", box: layout.BBox{42, 40, 120, 60}, conf: 1, block: 1, para: 1, line: 2},
		{text: " ", box: layout.BBox{130, 40, 131, 60}, conf: 0, block: 1, para: 1, line: 2},
		{text: "Invoice", box: layout.BBox{10, 70, 80, 90}, conf: 0.5, block: 2, para: 1, line: 1},
		{text: "No.", box: layout.BBox{85, 70, 110, 90}, conf: 0.5, block: 2, para: 1, line: 1},
		{text: "請求書", box: layout.BBox{115, 70, 170, 90}, conf: 0.5, block: 2, para: 1, line: 1},
	}
	lines, mean := buildLines(words)
	want := []string{"合計金額 ¥11,000", "（株）サンプル", "Invoice No. 請求書"}
	if len(lines) != len(want) {
		t.Fatalf("%d lines: %+v", len(lines), lines)
	}
	for i, l := range lines {
		if l.Text != want[i] {
			t.Errorf("line %d %q, want %q", i, l.Text, want[i])
		}
	}
	if lines[0].BBox != (layout.BBox{10, 10, 180, 30}) || lines[2].Block != 2 {
		t.Errorf("line 0 box %v, line 2 block %d", lines[0].BBox, lines[2].Block)
	}
	if len(lines[1].Words) != 2 {
		t.Errorf("blank word kept: %+v", lines[1].Words)
	}
	// Weighted by characters: (2·.9+2·.8+7·.7 + 3+4 + 7·.5+3·.5+3·.5) / 31 = 21.8/31.
	if mean != 0.703 {
		t.Errorf("mean confidence %v", mean)
	}
}

func TestParseBBoxLayout(t *testing.T) {
	out := `<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head></head><body><doc>
<page width="595.000000" height="842.000000"><flow><block xMin="72" yMin="60" xMax="144" yMax="84">
<line xMin="72" yMin="60" xMax="144" yMax="84"><word xMin="72.000000" yMin="60.880000" xMax="144.000000" yMax="84.880000">請求書</word></line>
</block></flow><flow><block><line><word xMin="72" yMin="100" xMax="90" yMax="110">A&amp;B</word><word xMin="92" yMin="100" xMax="120" yMax="110">Co.</word></line></block></flow></page>
<page width="595" height="842"></page></doc></body></html>`
	pages, err := parseBBoxLayout([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || len(pages[0]) != 3 || len(pages[1]) != 0 {
		t.Fatalf("pages %+v", pages)
	}
	w := pages[0][0]
	if w.text != "請求書" || w.box != (layout.BBox{300, 254, 600, 354}) || w.block != 1 || w.conf != 1 {
		t.Errorf("word %+v", w)
	}
	lines, _ := buildLines(pages[0])
	if len(lines) != 2 || lines[1].Text != "A&B Co." || lines[1].Block != 2 {
		t.Errorf("lines %+v", lines)
	}
}

func TestUsableText(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"請求書 株式会社サンプル 合計 11,000", true},
		{"Page 1 of 2", false}, // too little
		{"\uE001\uE002\uE003\uE004\uE005\uE006 abcdefghij", false}, // unmapped glyphs dominate
		{"\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD", false},
	} {
		if got := usableText([]rawWord{{text: c.text}}); got != c.want {
			t.Errorf("usableText(%q) = %v", c.text, got)
		}
	}
}

func TestParsePGM(t *testing.T) {
	g, err := parsePGM([]byte("P5\n# comment\n3 2\n255\n\x00\x01\x02\x03\x04\x05"))
	if err != nil || g.Rect.Dx() != 3 || g.Rect.Dy() != 2 || g.Pix[5] != 5 {
		t.Fatalf("%v %+v", err, g)
	}
	for _, bad := range []string{"P6\n1 1\n255\n...", "P5\n3 2\n255\n\x00", "P5\n3 2\n65535\n\x00\x00\x00\x00\x00\x00", "P5\nx y\n255\n"} {
		if _, err := parsePGM([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestDecodeNativeRejectsGarbage(t *testing.T) {
	if _, err := decodeNative([]byte("II*\x00garbage that is not a TIFF directory")); err == nil {
		t.Error("Leptonica accepted garbage")
	}
}
