package ocr

// Amounts the page reading skipped. Tesseract's automatic layout
// analysis (PSM 3) sometimes drops the right-hand column of a short
// receipt or a tax breakdown entirely: the labels 小計, 消費税, 合計 are
// read, the amounts beside them are not, and no rule can find a total
// that is not in the text. Such a column is ink on the line's row, right
// of its last word, that no word on the page covers. That ink is read
// again, as one line of digits and amount punctuation, and kept as a word
// of the line when the reading holds a digit with fair confidence.

import (
	"image"
	"regexp"
	"strings"

	"github.com/shohyo/shohyo/internal/layout"
)

// amountChars are what an amount is printed with; ¥ and the backslash
// that stands for it in JIS-Roman fonts included.
const amountChars = "0123456789,.-¥\\円%()"

// A re-read is kept when it is shaped like an amount ("¥1,970",
// "\\5,879-", "78円", "10%") and its confidence is at least
// minUnreadConf: below that it is a speck, a seal's edge or text of
// another script forced into digits. Tesseract's mean confidence on
// these crops is low even for right readings (0.3-0.9 for amounts it
// reads exactly, 0 for noise), hence the low bar.
var amountRe = regexp.MustCompile(`^[¥\\]?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?(円|-)?$|^\d{1,2}%$`)

const minUnreadConf = 0.25

// inkLevel is the grey level below which a pixel is ink.
const inkLevel = 128

// readUnread adds to words the amounts found in unread ink right of each
// line. Words keep their order; each addition follows its line's words.
func (w *worker) readUnread(g *image.Gray, dpi float64, words []rawWord) []rawWord {
	var out []rawWord
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && sameLine(words[i], words[j]) {
			j++
		}
		out = append(out, words[i:j]...)
		if r, ok := unreadInk(g, dpi, words, i, j); ok && w.ensureReader() {
			crop, d := cropScaled(g, dpi, r, r.Dy())
			text, conf := w.reader.read(crop, d, amountChars)
			text = strings.ReplaceAll(text, " ", "")
			if conf >= minUnreadConf && amountRe.MatchString(text) {
				nw := words[j-1]
				nw.text, nw.conf = text, conf
				nw.box = [4]int{r.Min.X, r.Min.Y, r.Max.X, r.Max.Y}
				out = append(out, nw)
			}
		}
		i = j
	}
	return out
}

// unreadInk returns the box of the ink right of the line words[i:j] that
// no word covers, when there is some at least a line height wide. Words
// without text do not count: Tesseract gives frames and rules empty
// words with boxes as large as a block.
func unreadInk(g *image.Gray, dpi float64, words []rawWord, i, j int) (image.Rectangle, bool) {
	var line layout.BBox
	for _, w := range words[i:j] {
		if hasText(w) {
			line = line.Union(w.box)
		}
	}
	// A line taller than half an inch is no line of text but a block.
	h := line[3] - line[1]
	if h <= 0 || float64(h) > dpi/2 {
		return image.Rectangle{}, false
	}
	strip := image.Rect(line[2]+h/2, line[1], g.Rect.Max.X, line[3]).Intersect(g.Rect)
	if strip.Dx() < h {
		return image.Rectangle{}, false
	}
	// Columns of the strip covered by some word whose box overlaps the
	// row by more than half the line height.
	covered := make([]bool, strip.Dx())
	for _, w := range words {
		b := w.box
		if !hasText(w) || min(b[3], strip.Max.Y)-max(b[1], strip.Min.Y) < h/2 {
			continue
		}
		for x := max(b[0], strip.Min.X); x < min(b[2], strip.Max.X); x++ {
			covered[x-strip.Min.X] = true
		}
	}
	// The first and last uncovered columns with ink, and how many.
	x0, x1, inked := -1, -1, 0
	for x := strip.Min.X; x < strip.Max.X; x++ {
		if covered[x-strip.Min.X] {
			continue
		}
		n := 0
		for y := strip.Min.Y; y < strip.Max.Y; y++ {
			if g.Pix[g.PixOffset(x, y)] < inkLevel {
				n++
			}
		}
		if n >= 2 {
			if x0 < 0 {
				x0 = x
			}
			x1, inked = x, inked+1
		}
	}
	// Digits are ink in about half their columns; a speck or a rule's end
	// is narrow.
	if x0 < 0 || x1-x0+1 < h || inked*3 < x1-x0+1 {
		return image.Rectangle{}, false
	}
	y0, y1, ok := inkRows(g, image.Rect(x0, line[1]-h/2, x1+1, line[3]+h/2).Intersect(g.Rect), (line[1]+line[3])/2, h)
	if !ok {
		return image.Rectangle{}, false
	}
	pad := (y1 - y0) / 4
	return image.Rect(x0-pad, y0-pad, x1+1+pad, y1+pad).Intersect(g.Rect), true
}

// inkRows returns the rows of r holding the band of ink around row mid:
// the ink of the line itself, not the descenders and ascenders of the
// lines above and below that a tall line's box reaches into. ok is false
// when the band is not centred within a third of the line height h.
func inkRows(g *image.Gray, r image.Rectangle, mid, h int) (y0, y1 int, ok bool) {
	inked := func(y int) bool {
		n := 0
		for x := r.Min.X; x < r.Max.X; x++ {
			if g.Pix[g.PixOffset(x, y)] < inkLevel {
				n++
			}
		}
		return n >= 2
	}
	// Start from the inked row nearest mid, then grow while rows are
	// inked, allowing one blank row (a broken stroke).
	start := -1
	for d := 0; d <= h/3 && start < 0; d++ {
		for _, y := range []int{mid - d, mid + d} {
			if y >= r.Min.Y && y < r.Max.Y && inked(y) {
				start = y
				break
			}
		}
	}
	if start < 0 {
		return 0, 0, false
	}
	grow := func(y, step int) int {
		for y+step >= r.Min.Y && y+step < r.Max.Y && (inked(y+step) || y+2*step >= r.Min.Y && y+2*step < r.Max.Y && inked(y+2*step)) {
			y += step
		}
		return y
	}
	y0, y1 = grow(start, -1), grow(start, 1)+1
	return y0, y1, abs((y0+y1)/2-mid) <= h/3
}

func hasText(w rawWord) bool {
	return strings.TrimSpace(w.text) != ""
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
