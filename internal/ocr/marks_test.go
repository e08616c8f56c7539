package ocr

import (
	"image"
	"testing"
)

// TestFindMark checks the shape test alone on rendered lines: the marks
// at either end are found with the character inside them boxed apart
// from the parentheses, and nothing is found where there is none
// (parentheses around more than one glyph included).
func TestFindMark(t *testing.T) {
	w := testWorker(t)
	for _, tc := range []struct {
		line       string
		start, end bool
	}{
		{"㈱高橋設計", true, false},
		{"千代田ソリューションズ㈱", false, true},
		{"㈲ネクストフーズ 様", true, false},
		{"高橋設計事務所", false, false},
		{"TOTAL (RM) 12.50", false, false},
		{"合計 (税込)", false, false},
	} {
		g, words := readRendered(t, w, []string{tc.line}, 16)
		box := lineBox(words)
		for _, atStart := range []bool{true, false} {
			m, found := findMark(g, box, atStart)
			if want := (atStart && tc.start) || (!atStart && tc.end); found != want {
				t.Errorf("%s: mark at start=%v found %v, want %v", tc.line, atStart, found, want)
				continue
			}
			if found && (!m.inner.In(m.box) || m.inner.Dx()*2 > m.box.Dx()*3/2 || m.inner.Dx()*3 < m.box.Dx()) {
				t.Errorf("%s: inner box %v is not the middle of the mark %v", tc.line, m.inner, m.box)
			}
		}
	}
}

// TestReadMarks reads lines whose marks Tesseract cannot output and
// checks they come back in place, with the rest of the line kept.
func TestReadMarks(t *testing.T) {
	w := testWorker(t)
	g, words := readRendered(t, w, []string{"㈱高橋設計", "千代田ソリューションズ㈱", "㈲高橋食品", "高橋設計事務所"}, 16)
	lines, _ := buildLines(w.readMarks(g, 200, words))
	assertLines(t, lines, "㈱高橋設計", "千代田ソリューションズ㈱", "㈲高橋食品", "高橋設計事務所")
}

// readRendered renders lines at pt points on a 5-inch-wide 200 dpi page
// and returns the image with w's page reading of it.
func readRendered(t *testing.T, w *worker, lines []string, pt float64) (*image.Gray, []rawWord) {
	t.Helper()
	g := renderGray(t, lines, 5, pt)
	words, err := w.read(g, 200)
	if err != nil || len(words) == 0 {
		t.Fatalf("%q: no words (%v)", lines, err)
	}
	return g, words
}
