package synth

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"github.com/shohyo/shohyo/internal/layout"
)

// Degradation is what scanning does to a page. The zero value is a clean
// scan written as PNG.
type Degradation struct {
	Rotate      float64 `json:"rotate,omitempty"`       // skew in degrees, positive counter-clockwise; ±2 is realistic
	Blur        float64 `json:"blur,omitempty"`         // gaussian sigma in pixels
	Noise       float64 `json:"noise,omitempty"`        // std dev of gaussian noise, in levels of 255
	Grayscale   bool    `json:"grayscale,omitempty"`    // 8-bit gray instead of 24-bit colour
	JPEGQuality int     `json:"jpeg_quality,omitempty"` // 1..100 writes JPEG; 0 writes PNG
}

// randomDegradation draws each degradation independently, so a set of
// samples covers clean and degraded scans, PNG and JPEG, colour and gray.
func randomDegradation(r *rand.Rand) Degradation {
	var g Degradation
	if chance(r, 0.4) {
		g.Rotate = math.Round((0.3+1.7*r.Float64())*100) / 100
		if chance(r, 0.5) {
			g.Rotate = -g.Rotate
		}
	}
	if chance(r, 0.5) {
		g.Blur = math.Round((0.4+0.6*r.Float64())*100) / 100
	}
	g.Grayscale = chance(r, 0.25)
	if chance(r, 0.5) {
		g.JPEGQuality = 60 + r.IntN(33)
		// Sensor noise only on JPEGs: noise defeats PNG's compression (an
		// A4 page grows from 0.2 to 4.5 MB), and scanners that write
		// lossless files usually denoise first.
		if chance(r, 0.7) {
			g.Noise = math.Round((2+6*r.Float64())*10) / 10
		}
	}
	return g
}

// apply degrades img in the order a scanner does it (skew of the paper,
// optics, sensor) and moves the drawn boxes with the rotation. bg is what
// shows where rotation uncovers the corners (the scanner lid).
func (g Degradation) apply(img *image.RGBA, r *rand.Rand, bg color.RGBA, drawn map[string]*drawnField) image.Image {
	if g.Rotate != 0 {
		img = rotate(img, g.Rotate, bg, drawn)
	}
	if g.Blur > 0 {
		blur(img, g.Blur)
	}
	if g.Noise > 0 {
		for i := 0; i < len(img.Pix); i += 4 {
			n := r.NormFloat64() * g.Noise
			for k := range 3 {
				img.Pix[i+k] = clamp8(float64(img.Pix[i+k]) + n)
			}
		}
	}
	if !g.Grayscale {
		return img
	}
	gray := image.NewGray(img.Bounds())
	for i, j := 0, 0; i < len(img.Pix); i, j = i+4, j+1 {
		p := img.Pix[i : i+3 : i+3]
		gray.Pix[j] = clamp8(0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2]))
	}
	return gray
}

func clamp8(v float64) uint8 {
	return uint8(math.Round(math.Max(0, math.Min(255, v))))
}

// rotate turns img by deg about its centre into an image of the same size,
// as a skewed sheet on a scanner bed, sampling bilinearly.
func rotate(img *image.RGBA, deg float64, bg color.RGBA, drawn map[string]*drawnField) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := image.NewRGBA(b)
	sin, cos := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w)/2, float64(h)/2
	for y := range h {
		for x := range w {
			// Inverse of the forward map in rotBox: dest → source.
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			sx := cos*dx - sin*dy + cx - 0.5
			sy := sin*dx + cos*dy + cy - 0.5
			o := out.PixOffset(x, y)
			copy(out.Pix[o:o+4], bilinear(img, sx, sy, bg))
		}
	}
	for _, f := range drawn {
		f.BBox = rotBox(f.BBox, sin, cos, cx, cy, w, h)
	}
	return out
}

// bilinear samples img at (x, y), treating outside pixels as bg.
func bilinear(img *image.RGBA, x, y float64, bg color.RGBA) []uint8 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	at := func(px, py int) []uint8 {
		if px < 0 || py < 0 || px >= img.Rect.Dx() || py >= img.Rect.Dy() {
			return []uint8{bg.R, bg.G, bg.B, 255}
		}
		o := img.PixOffset(px, py)
		return img.Pix[o : o+4]
	}
	a, b, c, d := at(x0, y0), at(x0+1, y0), at(x0, y0+1), at(x0+1, y0+1)
	var px [4]uint8
	for k := range 3 {
		top := float64(a[k])*(1-fx) + float64(b[k])*fx
		bot := float64(c[k])*(1-fx) + float64(d[k])*fx
		px[k] = clamp8(top*(1-fy) + bot*fy)
	}
	px[3] = 255
	return px[:]
}

// rotBox maps a box's corners by the rotation and returns their bounding
// box, clipped to the image.
func rotBox(bb layout.BBox, sin, cos, cx, cy float64, w, h int) layout.BBox {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range [][2]int{{bb[0], bb[1]}, {bb[2], bb[1]}, {bb[0], bb[3]}, {bb[2], bb[3]}} {
		dx, dy := float64(p[0])-cx, float64(p[1])-cy
		x := cos*dx + sin*dy + cx
		y := -sin*dx + cos*dy + cy
		x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
	}
	return layout.BBox{
		max(0, int(math.Floor(x0))), max(0, int(math.Floor(y0))),
		min(w, int(math.Ceil(x1))), min(h, int(math.Ceil(y1))),
	}
}

// blur applies a separable gaussian of the given sigma to the colour
// channels in place.
func blur(img *image.RGBA, sigma float64) {
	radius := int(math.Ceil(3 * sigma))
	kernel := make([]float64, 2*radius+1)
	var sum float64
	for i := range kernel {
		d := float64(i - radius)
		kernel[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += kernel[i]
	}
	for i := range kernel {
		kernel[i] /= sum
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	pass := func(n, length int, offset func(line, i int) int) {
		buf := make([]float64, length*3)
		for line := range n {
			for i := range length {
				var acc [3]float64
				for k, kv := range kernel {
					j := min(max(i+k-radius, 0), length-1)
					o := offset(line, j)
					acc[0] += kv * float64(img.Pix[o])
					acc[1] += kv * float64(img.Pix[o+1])
					acc[2] += kv * float64(img.Pix[o+2])
				}
				copy(buf[i*3:], acc[:])
			}
			for i := range length {
				o := offset(line, i)
				for k := range 3 {
					img.Pix[o+k] = clamp8(buf[i*3+k])
				}
			}
		}
	}
	pass(h, w, func(y, x int) int { return img.PixOffset(x, y) })
	pass(w, h, func(x, y int) int { return img.PixOffset(x, y) })
}
