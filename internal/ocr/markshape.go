package ocr

import (
	"image"
	"slices"

	"github.com/shohyo/shohyo/internal/layout"
)

// The shape of an enclosed mark (marks.go). The parentheses of ㈱ touch
// the character inside in common fonts once a scan blurs them, so they
// are not found as pieces of ink of their own but as edges: in a window
// a little wider than a glyph at one end of a line, the outermost ink is
// a parenthesis when, row after row, its edge curves outwards (further
// out at mid-height than at its top and bottom) and its stroke is thin;
// the other parenthesis is the same edge mirrored, about a glyph's width
// inwards, after a column of paper. The window is mirrored for a line's
// start, so one search serves both ends. Ink is what is darker than the
// window's Otsu threshold.

// inkGrid is a window of a page as ink (true) or paper, mirrored left to
// right when flip is set.
type inkGrid struct {
	win  image.Rectangle
	flip bool
	w, h int
	ink  []bool
}

func newInkGrid(g *image.Gray, win image.Rectangle, flip bool) inkGrid {
	t := otsu(g, win)
	m := inkGrid{win: win, flip: flip, w: win.Dx(), h: win.Dy(), ink: make([]bool, win.Dx()*win.Dy())}
	for y := 0; y < m.h; y++ {
		row := g.Pix[g.PixOffset(win.Min.X, win.Min.Y+y):]
		for x := 0; x < m.w; x++ {
			gx := x
			if flip {
				gx = m.w - 1 - x
			}
			m.ink[y*m.w+x] = row[gx] <= t
		}
	}
	return m
}

func (m inkGrid) at(x, y int) bool { return x >= 0 && x < m.w && y >= 0 && y < m.h && m.ink[y*m.w+x] }

// page maps the grid's columns [x0, x1) and rows [y0, y1) back to page
// pixels.
func (m inkGrid) page(x0, y0, x1, y1 int) image.Rectangle {
	if m.flip {
		x0, x1 = m.w-x1, m.w-x0
	}
	return image.Rect(x0, y0, x1, y1).Add(m.win.Min)
}

// findMark looks for a mark at the start (atStart) or the end of the
// line boxed by lb in g.
func findMark(g *image.Gray, lb layout.BBox, atStart bool) (mark, bool) {
	h := lb[3] - lb[1]
	if h < 8 {
		return mark{}, false
	}
	win := image.Rect(lb[2]-h*3/2, lb[1]-h/4, lb[2]+h/4, lb[3]+h/4)
	if atStart {
		win = image.Rect(lb[0]-h/4, lb[1]-h/4, lb[0]+h*3/2, lb[3]+h/4)
	}
	win = win.Intersect(g.Rect)
	if win.Dx() < h || win.Dy() < h {
		return mark{}, false
	}
	m := newInkGrid(g, win, atStart)
	// The outer parenthesis: the last column of ink, and the rows its
	// stroke covers.
	xr := -1
	for x := m.w - 1; x >= 0 && xr < 0; x-- {
		if n := m.colInk(x, 0, m.h); n >= 2 {
			xr = x
		}
	}
	if xr < h/2 {
		return mark{}, false
	}
	y0, y1 := m.strokeRows(xr, h)
	gh := y1 - y0 // the glyph's height
	if gh < h/2 {
		return mark{}, false
	}
	outer, ok := m.paren(xr, y0, y1, -1)
	if !ok {
		return mark{}, false
	}
	// The inner parenthesis: a left edge after a column of paper, its
	// stroke curving the other way, nearest to a square glyph.
	best, bestPW := -1, 0
	for x0 := xr - gh*6/5; x0 <= xr-gh*3/5; x0++ {
		if x0 < 1 || m.colInk(x0-1, y0, y1) > gh/10 {
			continue
		}
		if pw, ok := m.paren(x0, y0, y1, +1); ok && (best < 0 || abs(xr-gh-x0) < abs(xr-gh-best)) {
			best, bestPW = x0, pw
		}
	}
	if best < 0 {
		return mark{}, false
	}
	box := m.page(best, y0, xr+1, y1)
	inner := m.page(best+bestPW, y0, xr-outer+1, y1)
	if inner.Dx() < gh/3 {
		return mark{}, false
	}
	return mark{box: box, inner: inner}, true
}

// colInk counts the ink pixels of column x in rows [y0, y1).
func (m inkGrid) colInk(x, y0, y1 int) int {
	n := 0
	for y := y0; y < y1; y++ {
		if m.at(x, y) {
			n++
		}
	}
	return n
}

// strokeRows returns the rows [y0, y1) of the outer parenthesis ending
// at column x: the longest run of rows with ink within a fifth of the
// line's height of x (a row without ink is bridged), so that ink of the
// lines above and below is left out.
func (m inkGrid) strokeRows(x, h int) (int, int) {
	best0, best1, start, gap := 0, 0, -1, 0
	for y := 0; y <= m.h; y++ {
		has := false
		for dx := 0; y < m.h && dx <= h/5 && !has; dx++ {
			has = m.at(x-dx, y)
		}
		switch {
		case y == m.h && start >= 0:
			if end := y - gap; end-start > best1-best0 {
				best0, best1 = start, end
			}
		case has && start < 0:
			start, gap = y, 0
		case has:
			gap = 0
		case start >= 0 && gap == 0:
			gap = 1
		case start >= 0:
			if end := y - 1; end-start > best1-best0 {
				best0, best1 = start, end
			}
			start = -1
		}
	}
	return best0, best1
}

// paren tells whether the ink edge met scanning from column x in
// direction dir (+1 rightwards from a left edge, -1 leftwards from a
// right edge) over rows [y0, y1) is a parenthesis: found on most rows,
// within a quarter glyph of x, curving outwards (nearer x at mid-height
// than at the top and the bottom) with a thin stroke. It returns how far
// from x the stroke reaches on three rows in four.
func (m inkGrid) paren(x, y0, y1, dir int) (int, bool) {
	gh := y1 - y0
	reach := max(2, gh/4)
	edge := make([]int, 0, gh)
	var runs, reachIn []int
	for y := y0; y < y1; y++ {
		d := 0
		for d < reach && !m.at(x+dir*d, y) {
			d++
		}
		if d == reach {
			edge = append(edge, -1)
			continue
		}
		edge = append(edge, d)
		r := 0
		for m.at(x+dir*(d+r), y) {
			r++
		}
		runs = append(runs, r)
		reachIn = append(reachIn, d+r)
	}
	if len(runs)*10 < gh*8 {
		return 0, false
	}
	slices.Sort(runs)
	if runs[len(runs)/2]*5 > gh {
		return 0, false
	}
	// How far in the stroke reaches on most rows (its curve included,
	// not where the character inside touches it).
	slices.Sort(reachIn)
	in := reachIn[len(reachIn)*3/4]
	mid := meanEdge(edge[gh/3 : gh*2/3])
	top, bottom := meanEdge(edge[:gh/6+1]), meanEdge(edge[gh-gh/6-1:])
	bulge := float64(max(1, gh/25))
	return in, mid >= 0 && top-mid >= bulge && bottom-mid >= bulge
}

// meanEdge is the mean of the distances found (>= 0); -1 when none was.
func meanEdge(ds []int) float64 {
	var s, n int
	for _, d := range ds {
		if d >= 0 {
			s += d
			n++
		}
	}
	if n == 0 {
		return -1
	}
	return float64(s) / float64(n)
}

// otsu is the grey level that best splits win of g into ink and paper
// (Otsu's method), kept at or below a light grey so that a window of
// blank paper holds little ink.
func otsu(g *image.Gray, win image.Rectangle) uint8 {
	var hist [256]int
	for y := win.Min.Y; y < win.Max.Y; y++ {
		for _, v := range g.Pix[g.PixOffset(win.Min.X, y):g.PixOffset(win.Max.X, y)] {
			hist[v]++
		}
	}
	total := win.Dx() * win.Dy()
	var sum float64
	for v, n := range hist {
		sum += float64(v * n)
	}
	var sumB float64
	var wB int
	best, t := -1.0, uint8(inkLevel)
	for v := 0; v < 256; v++ {
		wB += hist[v]
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(v * hist[v])
		mB, mF := sumB/float64(wB), (sum-sumB)/float64(wF)
		if between := float64(wB) * float64(wF) * (mB - mF) * (mB - mF); between > best {
			best, t = between, uint8(v)
		}
	}
	return min(t, 200)
}
