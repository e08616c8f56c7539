package ocr

// Rows the page reading skipped. Tesseract's layout analysis sometimes
// drops whole text rows, most often between the rules of a framed table:
// on the synthetic Japanese set the two rows of a tax breakdown
// (10%対象 ¥14,240 消費税 ¥1,424) between three horizontal rules came out
// as nothing at all, not even an empty block, so the tax lines could not
// be found. Such rows are bands of ink that no word covers once the
// rules are set aside. Each band is read again as a block (PSM 6) from
// its crop, and its words join the page when the reading is confident.

import (
	"image"
	"slices"
)

const (
	psmSingleBlock = 6
	// minBandConf is the mean confidence (by characters) a band's reading
	// needs: below it is a seal, a logo or a photo forced into characters.
	// A band is judged whole: a right amount in it may be read at 0.3.
	minBandConf = 0.6
	// ruleLen is how many median word heights a straight run of ink must
	// be to count as a rule or a frame rather than a stroke of a glyph.
	ruleLen = 3
	// minSpan is how tall, in word heights, the ink of a band's columns
	// must stand on average to be text. Measured on SROIE: the bands read
	// right stood 0.44 and more, the dashed and dotted separators, tear
	// edges and scanner shadow that cost up to 0.3 s each to read as
	// nothing mostly under 0.3.
	minSpan = 0.4
	// minRowWords is how many words a page needs for its median word
	// height to mean anything.
	minRowWords = 8
)

// readUnreadRows adds the words of skipped rows (see above) to words.
func (w *worker) readUnreadRows(g *image.Gray, dpi float64, words []rawWord) []rawWord {
	h := medianTextHeight(words)
	if h < 6 {
		return words
	}
	text := slices.DeleteFunc(slices.Clone(words), func(wd rawWord) bool { return !hasText(wd) })
	bands := unreadBands(g, text, h)
	if len(bands) == 0 {
		return words
	}
	block := maxBlock(words)
	for _, r := range bands {
		got, ok := w.readBlock(g, dpi, r, h)
		if !ok {
			continue
		}
		block++
		for _, wd := range got {
			if coveredBy(wd.box, text) {
				continue
			}
			wd.block = block
			words = insertByRow(words, wd)
		}
	}
	return words
}

// readBlock reads region r of g again as a block (PSM 6), enlarged for a
// word height of h, and returns its words with text in page pixels; ok
// is false when the reading is not confident (minBandConf) or empty.
func (w *worker) readBlock(g *image.Gray, dpi float64, r image.Rectangle, h int) ([]rawWord, bool) {
	crop, d := cropScaled(g, dpi, r, h)
	got, err := w.api.recognizeWords(crop, d, psmSingleBlock)
	if err != nil || runConf(got) < minBandConf {
		return nil, false
	}
	scale := float64(crop.Rect.Dx()) / float64(r.Dx())
	var out []rawWord
	for _, wd := range got {
		if hasText(wd) {
			wd.box = toPage(wd.box, r.Min, scale)
			out = append(out, wd)
		}
	}
	return out, len(out) > 0
}

// maxBlock is the highest block number of words: a re-read's words get
// numbers above it, so they form lines of their own.
func maxBlock(words []rawWord) int {
	block := 0
	for _, wd := range words {
		block = max(block, wd.block)
	}
	return block
}

// unreadBands returns the boxes of bands of ink, at least half a word
// height tall and a word height wide, that no word of text covers or
// crosses, rules and frames set aside; h is the page's median word
// height. A band is not cut at column gaps: measured on SROIE, judging
// and reading the pieces alone added debris to two names.
func unreadBands(g *image.Gray, text []rawWord, h int) []image.Rectangle {
	b := g.Rect
	w := b.Dx()
	free := inkMask(g, h*ruleLen)
	for _, wd := range text {
		r := image.Rect(wd.box[0]-2, wd.box[1]-2, wd.box[2]+2, wd.box[3]+2).Intersect(b)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			clear(free[(y-b.Min.Y)*w+r.Min.X-b.Min.X : (y-b.Min.Y)*w+r.Max.X-b.Min.X])
		}
	}
	// A row is inked when a few free pixels are on it; a band is a run of
	// inked rows, broken rows inside a glyph bridged.
	minInk := max(4, h/4)
	inked := make([]bool, b.Dy())
	for y := range inked {
		n := 0
		for _, f := range free[y*w : (y+1)*w] {
			if f != 0 {
				n++
			}
		}
		inked[y] = n >= minInk
	}
	var out []image.Rectangle
	for y := 0; y < len(inked); {
		if !inked[y] {
			y++
			continue
		}
		y0, gap := y, 0
		for y < len(inked) && gap <= h/4 {
			if inked[y] {
				gap = 0
			} else {
				gap++
			}
			y++
		}
		y1 := y - gap
		if y1-y0 < h/2 || y1-y0 > 6*h {
			continue
		}
		x0, x1 := w, -1
		for yy := y0; yy < y1; yy++ {
			for x, f := range free[yy*w : (yy+1)*w] {
				if f != 0 {
					x0, x1 = min(x0, x), max(x1, x)
				}
			}
		}
		band := image.Rect(b.Min.X+x0, b.Min.Y+y0, b.Min.X+x1+1, b.Min.Y+y1)
		if x1-x0+1 < h || columnSpan(free, w, x0, x1+1, y0, y1) < minSpan*float64(h) || crossesText(band, text) {
			continue
		}
		out = append(out, band.Inset(-(h / 4)).Intersect(b))
	}
	return out
}

// inkMask marks with 1 the ink pixels of g that are not on a straight
// run of ink (across or down) at least long pixels long: rules, frames
// and the edges of a scan. One byte a pixel, the ink and rule marks as
// bits, so an A4 page at 300 dpi costs 8.7 MB while it is searched.
func inkMask(g *image.Gray, long int) []uint8 {
	const ink, rule = 1, 2
	b := g.Rect
	w, hh := b.Dx(), b.Dy()
	m := make([]uint8, w*hh)
	for y := 0; y < hh; y++ {
		row := g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):]
		for x := 0; x < w; x++ {
			if row[x] < inkLevel {
				m[y*w+x] = ink
			}
		}
	}
	mark := func(idx func(k int) int, n int) {
		for k := 0; k < n; {
			if m[idx(k)]&ink == 0 {
				k++
				continue
			}
			s := k
			for k < n && m[idx(k)]&ink != 0 {
				k++
			}
			if k-s >= long {
				for j := s; j < k; j++ {
					m[idx(j)] |= rule
				}
			}
		}
	}
	for y := 0; y < hh; y++ {
		mark(func(k int) int { return y*w + k }, w)
	}
	for x := 0; x < w; x++ {
		mark(func(k int) int { return k*w + x }, hh)
	}
	for i, v := range m {
		if v != ink {
			m[i] = 0
		}
	}
	return m
}

func median(xs []int) int {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// columnSpan is the mean height, over the columns x0..x1 of rows y0..y1
// of mask (w wide) that hold ink, from a column's first inked row to its
// last: a glyph's strokes span most of its height, a dash or a dot row
// only its own.
func columnSpan(mask []uint8, w, x0, x1, y0, y1 int) float64 {
	sum, cols := 0, 0
	for x := x0; x < x1; x++ {
		first, last := -1, -1
		for y := y0; y < y1; y++ {
			if mask[y*w+x] != 0 {
				if first < 0 {
					first = y
				}
				last = y
			}
		}
		if first >= 0 {
			sum += last - first + 1
			cols++
		}
	}
	if cols == 0 {
		return 0
	}
	return float64(sum) / float64(cols)
}

// crossesText reports whether a word of text lies across band: then the
// band is the part of a read line that its words' boxes leave out (a
// seal stamped over a name, a tall glyph), not a row the reading
// skipped, and reading it again would only add the line's words twice
// and the seal's debris.
func crossesText(band image.Rectangle, text []rawWord) bool {
	for _, t := range text {
		r := image.Rect(t.box[0], t.box[1], t.box[2], t.box[3])
		if band.Overlaps(r) {
			return true
		}
	}
	return false
}

// toPage maps a box from a crop of the page at origin, scaled by scale,
// back to page pixels.
func toPage(box [4]int, origin image.Point, scale float64) [4]int {
	for k := range box {
		off := origin.X
		if k%2 == 1 {
			off = origin.Y
		}
		box[k] = off + int(float64(box[k])/scale+0.5)
	}
	return box
}

// coveredBy reports whether most of box lies inside some word of text.
func coveredBy(box [4]int, text []rawWord) bool {
	area := (box[2] - box[0]) * (box[3] - box[1])
	for _, t := range text {
		ix := min(box[2], t.box[2]) - max(box[0], t.box[0])
		iy := min(box[3], t.box[3]) - max(box[1], t.box[1])
		if ix > 0 && iy > 0 && 2*ix*iy > area {
			return true
		}
	}
	return false
}

// insertByRow puts wd before the first word that starts below it, so the
// words stay in reading order from top to bottom.
func insertByRow(words []rawWord, wd rawWord) []rawWord {
	i := slices.IndexFunc(words, func(o rawWord) bool { return o.block != wd.block && o.box[1] > wd.box[3] })
	if i < 0 {
		return append(words, wd)
	}
	return slices.Insert(words, i, wd)
}
