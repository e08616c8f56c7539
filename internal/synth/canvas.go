package synth

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"sync"

	"github.com/shohyo/shohyo/internal/layout"
	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Default font files: the IPA fonts of the fonts-ipafont packages.
const (
	DefaultGothic = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"
	DefaultMincho = "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf"
)

// fonts caches parsed font files by path: parsing a CJK font takes a while
// and *opentype.Font is safe for concurrent use.
var fonts sync.Map // path -> *opentype.Font

func loadFont(path string) (*opentype.Font, error) {
	if f, ok := fonts.Load(path); ok {
		return f.(*opentype.Font), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("synth: load font: %w", err)
	}
	f, err := opentype.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("synth: parse font %s: %w", path, err)
	}
	fonts.Store(path, f)
	return f, nil
}

// typeface names one of the two fonts of a canvas.
type typeface int

const (
	gothic typeface = iota
	mincho
)

// align is the horizontal anchor of drawn text.
type align int

const (
	left align = iota
	center
	right
)

// canvas is a page being drawn. Coordinates are pixels; mm converts from
// the millimetres layouts are written in. It remembers where each truth
// field was drawn so the truth can carry boxes.
type canvas struct {
	img   *image.RGBA
	dpi   float64
	ink   color.RGBA
	fonts [2]*opentype.Font
	faces map[faceKey]font.Face
	drawn map[string]*drawnField
}

// drawnField is where a truth field was printed and the text printed
// there, in drawing order when it took several pieces.
type drawnField struct {
	BBox  layout.BBox
	Texts []string
}

type faceKey struct {
	tf typeface
	pt float64
}

func newCanvas(w, h int, dpi float64, paper color.RGBA, gothicPath, minchoPath string) (*canvas, error) {
	g, err := loadFont(gothicPath)
	if err != nil {
		return nil, err
	}
	m, err := loadFont(minchoPath)
	if err != nil {
		return nil, err
	}
	c := &canvas{
		img:   image.NewRGBA(image.Rect(0, 0, w, h)),
		dpi:   dpi,
		ink:   color.RGBA{25, 25, 30, 255},
		fonts: [2]*opentype.Font{g, m},
		faces: map[faceKey]font.Face{},
		drawn: map[string]*drawnField{},
	}
	draw.Draw(c.img, c.img.Bounds(), image.NewUniform(paper), image.Point{}, draw.Src)
	return c, nil
}

// mm converts millimetres on paper to pixels at the canvas resolution.
func (c *canvas) mm(v float64) int { return int(math.Round(v * c.dpi / 25.4)) }

func (c *canvas) face(tf typeface, pt float64) font.Face {
	k := faceKey{tf, pt}
	if f, ok := c.faces[k]; ok {
		return f
	}
	// Options are always valid here (positive size and dpi), so the error
	// NewFace reserves for bad options cannot occur.
	f, _ := opentype.NewFace(c.fonts[tf], &opentype.FaceOptions{Size: pt, DPI: c.dpi, Hinting: font.HintingFull})
	c.faces[k] = f
	return f
}

// width is the advance of s in pixels.
func (c *canvas) width(tf typeface, pt float64, s string) int {
	return font.MeasureString(c.face(tf, pt), s).Round()
}

// text draws s with its baseline at y, anchored at x by a, and returns the
// box from ascent to descent. bold overprints with a one-pixel shift, the
// usual way to embolden a font that has no bold weight.
func (c *canvas) text(x, y int, s string, tf typeface, pt float64, a align, bold bool) layout.BBox {
	return c.textColor(x, y, s, tf, pt, a, bold, c.ink)
}

func (c *canvas) textColor(x, y int, s string, tf typeface, pt float64, a align, bold bool, ink color.Color) layout.BBox {
	f := c.face(tf, pt)
	w := font.MeasureString(f, s).Round()
	switch a {
	case center:
		x -= w / 2
	case right:
		x -= w
	}
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(ink), Face: f}
	d.Dot = fixed.P(x, y)
	d.DrawString(s)
	if bold {
		d.Dot = fixed.P(x+max(1, int(c.dpi/200)), y)
		d.DrawString(s)
	}
	m := f.Metrics()
	return layout.BBox{x, y - m.Ascent.Ceil(), x + w, y + m.Descent.Ceil()}
}

// pair draws label and value as one run of text anchored at x by a, and
// returns the value's box: truth boxes cover values, not their labels.
func (c *canvas) pair(x, y int, label, value string, tf typeface, pt float64, a align, bold bool) layout.BBox {
	wl, wv := c.width(tf, pt, label), c.width(tf, pt, value)
	switch a {
	case center:
		x -= (wl + wv) / 2
	case right:
		x -= wl + wv
	}
	c.text(x, y, label, tf, pt, left, bold)
	return c.text(x+wl, y, value, tf, pt, left, bold)
}

// fit returns pt, or the largest smaller size at which s fits in w pixels,
// so long names shrink instead of running off the paper.
func (c *canvas) fit(tf typeface, pt float64, s string, w int) float64 {
	for pt > 5 && c.width(tf, pt, s) > w {
		pt -= 0.5
	}
	return pt
}

// mark records that field key was drawn as text s in b; a field drawn in
// pieces gets the union of their boxes.
func (c *canvas) mark(key string, b layout.BBox, s string) {
	f := c.drawn[key]
	if f == nil {
		f = &drawnField{}
		c.drawn[key] = f
	}
	f.BBox = f.BBox.Union(b)
	f.Texts = append(f.Texts, s)
}

// lineHeight is the baseline-to-baseline distance for a font size, with
// the 1.45 leading of printed business forms.
func (c *canvas) lineHeight(pt float64) int {
	return int(math.Round(pt * 1.45 * c.dpi / 72))
}

// fill paints a rectangle.
func (c *canvas) fill(r image.Rectangle, col color.Color) {
	draw.Draw(c.img, r, image.NewUniform(col), image.Point{}, draw.Over)
}

// hline and vline draw rules of thickness t pixels.
func (c *canvas) hline(x0, x1, y, t int) {
	c.fill(image.Rect(x0, y, x1, y+t), c.ink)
}

func (c *canvas) vline(x, y0, y1, t int) {
	c.fill(image.Rect(x, y0, x+t, y1), c.ink)
}

// rect outlines r with thickness t.
func (c *canvas) rect(r image.Rectangle, t int) {
	c.hline(r.Min.X, r.Max.X, r.Min.Y, t)
	c.hline(r.Min.X, r.Max.X, r.Max.Y-t, t)
	c.vline(r.Min.X, r.Min.Y, r.Max.Y, t)
	c.vline(r.Max.X-t, r.Min.Y, r.Max.Y, t)
}

// dashed draws a dotted rule, as thermal printers print separators.
func (c *canvas) dashed(x0, x1, y, t int) {
	step := max(4, c.mm(1.2))
	for x := x0; x < x1; x += step {
		c.fill(image.Rect(x, y, min(x+step/2, x1), y+t), c.ink)
	}
}

// thin is the width of a hairline rule at this resolution.
func (c *canvas) thin() int { return max(1, int(math.Round(c.dpi/150))) }
