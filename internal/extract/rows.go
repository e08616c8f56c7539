package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
)

// word is one OCR word with its folded text.
type word struct {
	raw  string // as recognised, for display
	text string // normalize.Fold(raw), for matching
	box  layout.BBox
	conf float64
}

// row is a run of words on one baseline: either one OCR line or several
// lines the engine split at a column gap. Offsets index text, the folded
// words joined by single spaces.
type row struct {
	page    int
	words   []word
	text    string
	up      string // text with ASCII letters upper-cased; same byte offsets
	offs    []int  // byte offset of each word in text
	box     layout.BBox
	compact string // text without spaces, for Japanese phrases
	cmap    []int  // byte in compact -> byte in text
	hits    []labelHit
}

func newRow(page int, words []word) *row {
	r := &row{page: page, words: words}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		r.offs = append(r.offs, b.Len())
		b.WriteString(w.text)
		r.box = r.box.Union(w.box)
	}
	r.text = b.String()
	r.up = asciiUpper(r.text)
	var c strings.Builder
	for i := 0; i < len(r.text); i++ {
		if r.text[i] != ' ' {
			c.WriteByte(r.text[i])
			r.cmap = append(r.cmap, i)
		}
	}
	r.compact = c.String()
	return r
}

// asciiUpper upper-cases letters whose upper case has the same UTF-8
// length (all ASCII and most accented Latin letters), so byte offsets
// stay valid.
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	if isASCII(s) {
		return string(b)
	}
	var out strings.Builder
	out.Grow(len(b))
	for _, r := range string(b) {
		u := unicode.ToUpper(r)
		if utf8.RuneLen(u) != utf8.RuneLen(r) {
			u = r
		}
		out.WriteRune(u)
	}
	return out.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// wordsIn returns the words overlapping text[start:end].
func (r *row) wordsIn(start, end int) []word {
	var out []word
	for i, w := range r.words {
		ws, we := r.offs[i], r.offs[i]+len(w.text)
		if ws < end && start < we {
			out = append(out, w)
		}
	}
	return out
}

// wordIndex returns the index of the word holding byte off of text.
func (r *row) wordIndex(off int) int {
	i := sort.SearchInts(r.offs, off+1) - 1
	return max(i, 0)
}

// xAt is the left edge, in pixels, of the word holding byte off.
func (r *row) xAt(off int) int {
	if len(r.words) == 0 {
		return 0
	}
	return r.words[r.wordIndex(off)].box[0]
}

// pageWords folds the words of one OCR line.
func lineWords(l layout.Line) []word {
	ws := make([]word, 0, len(l.Words))
	for _, w := range l.Words {
		t := normalize.Fold(w.Text)
		if t == "" {
			continue
		}
		ws = append(ws, word{raw: w.Text, text: t, box: w.BBox, conf: w.Conf})
	}
	if len(ws) == 0 && normalize.Fold(l.Text) != "" { // a line without word boxes
		ws = append(ws, word{raw: l.Text, text: normalize.Fold(l.Text), box: l.BBox, conf: l.Conf})
	}
	return ws
}

// buildLines returns one row per OCR line, top to bottom.
func buildLines(p *layout.Page) []*row {
	var out []*row
	for _, l := range p.Lines {
		if ws := lineWords(l); len(ws) > 0 {
			out = append(out, newRow(p.Number, ws))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].box[1] < out[j].box[1] })
	return out
}

// buildRows merges lines that share a baseline: a line joins a row when
// it overlaps the row's first line vertically by half the smaller height
// and does not overlap any of its words horizontally.
func buildRows(lines []*row) []*row {
	type group struct {
		first layout.BBox
		words []word
	}
	var groups []*group
	for _, l := range lines {
		var into *group
		for _, g := range groups {
			if vOverlap(g.first, l.box) >= 0.5*float64(min(height(g.first), height(l.box))) && !hOverlapAny(g.words, l.words) {
				into = g
				break
			}
		}
		if into == nil {
			groups = append(groups, &group{first: l.box, words: append([]word(nil), l.words...)})
			continue
		}
		into.words = append(into.words, l.words...)
	}
	var out []*row
	for _, g := range groups {
		sort.SliceStable(g.words, func(i, j int) bool { return g.words[i].box[0] < g.words[j].box[0] })
		out = append(out, newRow(lines[0].page, g.words))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].box[1] < out[j].box[1] })
	return out
}

func height(b layout.BBox) int { return max(b[3]-b[1], 1) }

func vOverlap(a, b layout.BBox) float64 {
	return float64(max(0, min(a[3], b[3])-max(a[1], b[1])))
}

func hOverlap(a, b layout.BBox) int { return max(0, min(a[2], b[2])-max(a[0], b[0])) }

func hOverlapAny(a, b []word) bool {
	for _, x := range a {
		for _, y := range b {
			if hOverlap(x.box, y.box) > 2 {
				return true
			}
		}
	}
	return false
}

// conf is the mean OCR confidence of words.
func conf(ws []word) float64 {
	if len(ws) == 0 {
		return 0
	}
	s := 0.0
	for _, w := range ws {
		s += w.conf
	}
	return s / float64(len(ws))
}

func rawText(ws []word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.raw
	}
	return strings.Join(parts, " ")
}

func union(ws []word) layout.BBox {
	var b layout.BBox
	for _, w := range ws {
		b = b.Union(w.box)
	}
	return b
}
