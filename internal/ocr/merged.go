package ocr

// Rows read as one. Tesseract's layout analysis sometimes takes two rows
// of small text for one line twice their height: the tax breakdown of an
// invoice (10%対象 ¥79,535 消費税 ¥7,953 over 8%対象 ¥5,200 消費税 ¥416)
// came out as four Latin words two rows tall, "ee wn en we", with a few
// fragments of the rows beside them, so the tax lines were lost. Such
// words are Latin letters only, read below mergedConf, and at least
// mergedHeight times the page's median word height. On a page with
// Japanese, the words of one row that look like this are read again
// together as a block (PSM 6) from their crop, which gives the rows
// back; the reading replaces the words in the crop and those it read
// again when it is confident (minBandConf).

import (
	"image"
	"slices"
)

const (
	mergedConf   = 0.6
	mergedHeight = 1.8
	// maxMerged bounds the block re-reads of one page (50-150 ms each).
	maxMerged = 4
)

// rereadMerged returns words with each group of rows read as one (see
// above) read again from its crop of g.
func (w *worker) rereadMerged(g *image.Gray, dpi float64, words []rawWord) []rawWord {
	if !hasJapanese(words) {
		return words
	}
	h := medianTextHeight(words)
	if h == 0 {
		return words
	}
	block := maxBlock(words)
	for _, r := range mergedRegions(words, h, func(r image.Rectangle) bool { return twoRows(g, r) }) {
		r = r.Inset(-h / 2).Intersect(g.Rect)
		run, ok := w.readBlock(g, dpi, r, h)
		if !ok {
			continue
		}
		// What the block read replaces: the words in its crop, and those
		// it read again at the crop's edge. Its lines go where the first
		// of those was.
		at := slices.IndexFunc(words, func(wd rawWord) bool { return replaced(wd, r, run) })
		if at < 0 {
			continue
		}
		block++
		for i := range run {
			run[i].block = block
		}
		// Every word before at stays, so the run goes in at at.
		words = slices.Insert(slices.DeleteFunc(words, func(wd rawWord) bool { return replaced(wd, r, run) }), at, run...)
	}
	return words
}

// replaced reports whether a block reading run of region r replaces wd.
func replaced(wd rawWord, r image.Rectangle, run []rawWord) bool {
	return centreIn(wd.box, r) || coveredBy(wd.box, run)
}

// mergedRegions returns, for the words that look like rows read as one
// and whose boxes rows says hold two rows of ink, the box of each group
// of them that shares a row; at most maxMerged. A group also takes the
// other Latin words of low confidence that Tesseract put on its line and
// that reach into its rows: the end of a row read as one can come out
// shorter than the rest ("we").
func mergedRegions(words []rawWord, h int, rows func(image.Rectangle) bool) []image.Rectangle {
	garbled := func(wd rawWord) bool { return wd.conf < mergedConf && latinLetters(wd.text) }
	type group struct {
		r     image.Rectangle
		lines [][3]int
	}
	var groups []group
	for _, wd := range words {
		r, line := rectOf(wd.box), [3]int{wd.block, wd.para, wd.line}
		if !garbled(wd) || float64(r.Dy()) < mergedHeight*float64(h) || !rows(r) {
			continue
		}
		if i := slices.IndexFunc(groups, func(g group) bool { return sameRow(g.r, r) }); i >= 0 {
			groups[i].r = groups[i].r.Union(r)
			groups[i].lines = append(groups[i].lines, line)
			continue
		}
		if len(groups) < maxMerged {
			groups = append(groups, group{r, [][3]int{line}})
		}
	}
	var regions []image.Rectangle
	for _, g := range groups {
		for _, wd := range words {
			r := rectOf(wd.box)
			if garbled(wd) && slices.Contains(g.lines, [3]int{wd.block, wd.para, wd.line}) &&
				r.Min.Y < g.r.Max.Y && r.Max.Y > g.r.Min.Y {
				g.r = g.r.Union(r)
			}
		}
		regions = append(regions, g.r)
	}
	return regions
}

// twoRows reports whether the ink of r in g lies in two rows or more: a
// band of paper across the whole of r between ink above and below, in
// its middle half. A word of a large line misread has none (its glyphs'
// strokes fill its height between them) and is left to the other
// re-reads, which read it better than a block does (measured: a block
// read the ㈱ names of three issuers and recipients worse).
func twoRows(g *image.Gray, r image.Rectangle) bool {
	r = r.Intersect(g.Rect)
	// A speck or two of scan noise does not make a row ink.
	specks := max(1, r.Dx()/200)
	inked := func(y int) bool {
		n := 0
		for _, p := range g.Pix[g.PixOffset(r.Min.X, y):g.PixOffset(r.Max.X, y)] {
			if p < inkLevel {
				n++
			}
		}
		return n > specks
	}
	gap := false
	for y := r.Min.Y + r.Dy()/4; y < r.Max.Y-r.Dy()/4; y++ {
		if !inked(y) {
			gap = true
			break
		}
	}
	return gap && inked(r.Min.Y+r.Dy()/8) && inked(r.Max.Y-1-r.Dy()/8)
}

// sameRow reports whether a and b overlap vertically by half the shorter.
func sameRow(a, b image.Rectangle) bool {
	overlap := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
	return 2*overlap >= min(a.Dy(), b.Dy())
}

// medianTextHeight is the median height of the words with text, or 0 on
// a page with too few of them to tell.
func medianTextHeight(words []rawWord) int {
	var hs []int
	for _, wd := range words {
		if hasText(wd) {
			hs = append(hs, wd.box[3]-wd.box[1])
		}
	}
	if len(hs) < minRowWords {
		return 0
	}
	return median(hs)
}

// latinLetters reports a word of ASCII letters only.
func latinLetters(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return s != ""
}

// centreIn reports whether the centre of box lies in r.
func centreIn(box [4]int, r image.Rectangle) bool {
	return image.Pt((box[0]+box[2])/2, (box[1]+box[3])/2).In(r)
}
