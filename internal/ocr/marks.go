package ocr

// Enclosed company marks. ㈱ (U+3231, 株式会社) and ㈲ (U+3232, 有限会社)
// head or end many Japanese company names, but they are not in the
// unicharset of the jpn model Debian ships, so Tesseract can never
// output them: it reads the glyph as a kanji of low confidence (幌, 個,
// 朝) or, on a large title line, turns the whole name into Latin letters.
// The glyph is recognised by its shape instead, at either end of every
// line: a "(" and a ")" as tall as the line and curved the right way
// (markshape.go) around a character that Tesseract, shown it alone and
// enlarged, reads as 株 or 有. The words read for the glyph make way for
// the mark; a line that is still read badly without them is read again
// without the glyph. Only shapes count, so no font is assumed.

import (
	"image"
	"strings"

	"github.com/shohyo/shohyo/internal/layout"
)

const (
	// markWordConf: a word read below this that lies a third inside a
	// mark's box was read for the mark.
	markWordConf = 0.6
	// garbledConf: a line read below this without its mark is read again
	// without it.
	garbledConf = 0.4
)

// markOf maps the character inside the parentheses to its mark.
var markOf = map[string]string{"株": "㈱", "有": "㈲"}

// readMarks returns words with the enclosed marks found at the ends of
// their lines in g (the image the boxes refer to) put in place of what
// was read for them.
func (w *worker) readMarks(g *image.Gray, dpi float64, words []rawWord) []rawWord {
	out := make([]rawWord, 0, len(words))
	for from := 0; from < len(words); {
		to := from + 1
		for to < len(words) && sameLine(words[from], words[to]) {
			to++
		}
		out = append(out, w.lineMarks(g, dpi, words[from:to])...)
		from = to
	}
	return out
}

// lineMarks looks for a mark at each end of one line's words. Every
// line is looked at, whatever its confidence: the glyph is often read as
// a kanji of good confidence (内 for ㈲), and the shape test costs a few
// microseconds; only a shape that passes is read.
func (w *worker) lineMarks(g *image.Gray, dpi float64, line []rawWord) []rawWord {
	for _, atStart := range []bool{true, false} {
		if len(line) == 0 {
			return line
		}
		m, ok := findMark(g, lineBox(line), atStart)
		if !ok {
			continue
		}
		if m.text, m.conf, ok = w.readMarkInside(g, dpi, m); ok {
			line = w.placeMark(g, dpi, line, m, atStart)
		}
	}
	return line
}

// mark is a found mark: its box on the page (parentheses included) and
// the box of what is inside them; text and conf once read.
type mark struct {
	box, inner image.Rectangle
	text       string
	conf       float64
}

// readMarkInside reads the character between the parentheses alone,
// enlarged to 40 px high and, failing that, to 60 (which of the two
// Tesseract reads depends on the font and the blur).
func (w *worker) readMarkInside(g *image.Gray, dpi float64, m mark) (string, float64, bool) {
	for _, h := range []int{m.inner.Dy(), m.inner.Dy() * 2 / 3} {
		crop, d := cropScaled(g, dpi, m.inner, h)
		text, conf := w.readLine(onPaper(crop, crop.Rect.Dy()/4), d)
		if mk, ok := markOf[strings.TrimSpace(text)]; ok {
			return mk, conf, true
		}
	}
	return "", 0, false
}

// placeMark puts m at one end of line in place of the words (or the
// characters of a word, in proportion to its width) read for it. When
// what is left still reads badly, the line without the mark is read
// again and kept if it reads well.
func (w *worker) placeMark(g *image.Gray, dpi float64, line []rawWord, m mark, atStart bool) []rawWord {
	var rest []rawWord
	for _, wd := range line {
		if wd, ok := trimCovered(wd, m.box, atStart); ok {
			rest = append(rest, wd)
		}
	}
	mw := rawWord{text: m.text, box: bboxOf(m.box), conf: m.conf, block: line[0].block, para: line[0].para, line: line[0].line}
	if len(rest) == 0 || runConf(rest) < garbledConf {
		if again, ok := w.readRest(g, dpi, line, m, atStart); ok {
			rest = []rawWord{again}
		}
	}
	if atStart {
		return append([]rawWord{mw}, rest...)
	}
	return append(rest, mw)
}

// readRest reads the line without the mark as one line, from the mark
// to where the ink ends (a line the mark garbled may have been boxed
// short of its last characters); ok when it reads well.
func (w *worker) readRest(g *image.Gray, dpi float64, line []rawWord, m mark, atStart bool) (rawWord, bool) {
	r := rectOf(lineBox(line))
	r.Min.Y, r.Max.Y = min(r.Min.Y, m.box.Min.Y), max(r.Max.Y, m.box.Max.Y)
	if atStart {
		r.Min.X, r.Max.X = m.box.Max.X+1, inkEnd(g, r, m.box.Dy(), +1)
	} else {
		r.Min.X, r.Max.X = inkEnd(g, r, m.box.Dy(), -1), m.box.Min.X-1
	}
	if r.Dx() < m.box.Dy()/2 {
		return rawWord{}, false
	}
	crop, d := cropScaled(g, dpi, r, m.box.Dy())
	text, conf := w.readLine(onPaper(crop, crop.Rect.Dy()/4), d)
	if text == "" || conf < minBandConf {
		return rawWord{}, false
	}
	return rawWord{text: text, box: bboxOf(r), conf: conf, block: line[0].block, para: line[0].para, line: line[0].line}, true
}

// inkEnd follows the rows of r from its edge in direction dir (+1 right,
// -1 left) to the last column of ink before a gap of half of h, and
// returns the edge there (exclusive on the right).
func inkEnd(g *image.Gray, r image.Rectangle, h, dir int) int {
	x, last := r.Max.X-1, r.Max.X-1
	if dir < 0 {
		x, last = r.Min.X, r.Min.X
	}
	for ; x >= g.Rect.Min.X && x < g.Rect.Max.X && abs(x-last) <= h/2; x += dir {
		for y := max(r.Min.Y, g.Rect.Min.Y); y < min(r.Max.Y, g.Rect.Max.Y); y++ {
			if g.Pix[g.PixOffset(x, y)] < inkLevel {
				last = x
				break
			}
		}
	}
	if dir > 0 {
		return last + 1
	}
	return last
}

// trimCovered returns wd without what lies inside the mark's box at the
// line's start (atStart) or end. A word read with low confidence goes
// when a third of it is inside, and loses its character on the mark's
// side when its edge there is inside (Tesseract's box for the misread
// glyph may span the whole line). Any word loses the characters the
// overlap holds most of, its width shared equally among them; well-read
// words' boxes also reach past their last character, even to the line's
// end, so neither their edge nor a sliver counts. ok is false when
// nothing is left.
func trimCovered(wd rawWord, mb image.Rectangle, atStart bool) (rawWord, bool) {
	r := rectOf(wd.box)
	ov := r.Intersect(mb)
	runes := []rune(strings.TrimSpace(wd.text))
	if ov.Empty() || len(runes) == 0 {
		return wd, len(runes) > 0
	}
	cut := min(len(runes), int(float64(ov.Dx()*len(runes))/float64(r.Dx())+0.25))
	edge := r.Max.X - 1
	if atStart {
		edge = r.Min.X
	}
	if wd.conf < markWordConf {
		if ov.Dx()*3 >= r.Dx() {
			return wd, false
		}
		if near := mb.Inset(-mb.Dy() / 8); edge >= near.Min.X && edge < near.Max.X {
			cut = max(cut, 1)
		}
	}
	if cut == 0 {
		return wd, true
	}
	if atStart {
		wd.text = string(runes[cut:])
		wd.box[0] = ov.Max.X
	} else {
		wd.text = string(runes[:len(runes)-cut])
		wd.box[2] = ov.Min.X
	}
	return wd, cut < len(runes)
}

func lineBox(line []rawWord) layout.BBox {
	b := line[0].box
	for _, wd := range line[1:] {
		b = b.Union(wd.box)
	}
	return b
}

func rectOf(b layout.BBox) image.Rectangle { return image.Rect(b[0], b[1], b[2], b[3]) }

func bboxOf(r image.Rectangle) layout.BBox {
	return layout.BBox{r.Min.X, r.Min.Y, r.Max.X, r.Max.Y}
}

// onPaper returns g with pad pixels of paper around it: a character cut
// out tight is read better with a margin, and the margin must not be the
// page's (the parentheses are there).
func onPaper(g *image.Gray, pad int) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, g.Rect.Dx()+2*pad, g.Rect.Dy()+2*pad))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := 0; y < g.Rect.Dy(); y++ {
		copy(out.Pix[(y+pad)*out.Stride+pad:], g.Pix[y*g.Stride:y*g.Stride+g.Rect.Dx()])
	}
	return out
}
