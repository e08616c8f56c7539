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

// buildLines returns the OCR lines as rows, top to bottom: as the engine
// gave them, and with lines that cross a column gap split (see
// splitColumns). Rows are built from the first, so money and dates read
// as before; names, addresses and titles from the second.
func (c *vocab) buildLines(p *layout.Page) (whole, split []*row) {
	for _, l := range p.Lines {
		if ws := lineWords(l); len(ws) > 0 {
			whole = append(whole, newRow(p.Number, ws))
			for _, part := range c.splitColumns(ws) {
				split = append(split, newRow(p.Number, part))
			}
		}
	}
	byTop := func(rs []*row) {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].box[1] < rs[j].box[1] })
	}
	byTop(whole)
	byTop(split)
	return whole, split
}

// Gaps, in word heights, that separate two columns within one OCR line:
// any gap wider than columnGap, and after a recipient suffix (御中, 様)
// any gap wider than suffixGap.
const (
	columnGap = 3
	suffixGap = 1
)

// splitColumns cuts an OCR line where a wide gap separates two runs of
// text that both hold letters, or letters from debris (a rule read as
// "——"). Engines join the recipient at the left of
// an invoice with the issuer at the right ("渡辺由美様    富士システム有限会社")
// into one line. A recipient suffix ends a name, so a narrower gap after
// one is enough. A label and its amount ("TOTAL      9.00") stay
// together, and rows join split lines again anyway.
//
// The unit is the median character size, a word's height or its width
// per character if larger: engines give a long vowel mark (ー) a box three
// pixels high, and some Japanese words a box as tall as the line.
func (c *vocab) splitColumns(ws []word) [][]word {
	if len(ws) < 2 {
		return [][]word{ws}
	}
	sorted := append([]word(nil), ws...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].box[0] < sorted[j].box[0] })
	hs := make([]int, len(sorted))
	for i, w := range sorted {
		hs[i] = max(height(w.box), (w.box[2]-w.box[0])/max(utf8.RuneCountInString(w.text), 1))
	}
	sort.Ints(hs)
	h := hs[len(hs)/2]
	var out [][]word
	start, right := 0, sorted[0].box[2]
	suffixEnd := -1 // right edge of a recipient suffix, kept across debris ("御中 。 株式会社…")
	for i := 1; i < len(sorted); i++ {
		if c.endsRecipient(sorted[i-1]) {
			suffixEnd = sorted[i-1].box[2]
		} else if hasAlnum(sorted[i-1].text) {
			suffixEnd = -1
		}
		gap := sorted[i].box[0] - right
		wide := gap > columnGap*h || suffixEnd >= 0 && sorted[i].box[0]-suffixEnd > suffixGap*h && hasAlnum(sorted[i].text)
		left := sorted[start:i]
		if wide && !c.isSuffix(sorted[i]) && hasLetterWord(sorted[i:]) && (hasLetterWord(left) || !hasAlnumWord(left)) {
			out = append(out, sorted[start:i])
			start = i
		}
		right = max(right, sorted[i].box[2])
	}
	if start == 0 {
		return [][]word{ws}
	}
	return append(out, sorted[start:])
}

// isSuffix reports whether w is a recipient suffix alone: printed at the
// end of the rule a receipt leaves for the name, it still ends that name
// however wide the gap ("(有)ネクストフーズ        様").
func (c *vocab) isSuffix(w word) bool {
	t := strings.ReplaceAll(w.text, " ", "")
	for _, p := range c.suffixes {
		if p.cjk != "" && t == p.cjk {
			return true
		}
	}
	return false
}

// endsRecipient reports whether w ends with a recipient suffix (御中, 様).
func (c *vocab) endsRecipient(w word) bool {
	t := strings.ReplaceAll(w.text, " ", "")
	for _, p := range c.suffixes {
		if p.cjk != "" && strings.HasSuffix(t, p.cjk) {
			return true
		}
	}
	return false
}

func hasAlnumWord(ws []word) bool {
	for _, w := range ws {
		if hasAlnum(w.text) {
			return true
		}
	}
	return false
}

func hasLetterWord(ws []word) bool {
	for _, w := range ws {
		if hasLetter(w.text) {
			return true
		}
	}
	return false
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
