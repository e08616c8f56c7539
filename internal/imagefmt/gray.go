package imagefmt

import (
	"fmt"
	"image"

	"golang.org/x/image/draw"
)

// Gray converts img to 8-bit grayscale, transparent areas on white.
// Tesseract binarises grayscale anyway; handing it one byte per pixel
// costs a third of RGB to copy and parse. JPEG's luma plane is taken as
// it is.
func Gray(img image.Image) *image.Gray {
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	switch src := img.(type) {
	case *image.Gray:
		for y := 0; y < b.Dy(); y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+b.Dx()], src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.YCbCr:
		for y := 0; y < b.Dy(); y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+b.Dx()], src.Y[src.YOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.RGBA:
		for y := 0; y < b.Dy(); y++ {
			row := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			out := g.Pix[y*g.Stride:]
			for x := 0; x < b.Dx(); x++ {
				r, gg, bb, a := row[4*x], row[4*x+1], row[4*x+2], row[4*x+3]
				// Premultiplied: add the white background's share.
				out[x] = luma(uint32(r)+255-uint32(a), uint32(gg)+255-uint32(a), uint32(bb)+255-uint32(a))
			}
		}
	default:
		for i := range g.Pix {
			g.Pix[i] = 0xFF
		}
		draw.Draw(g, g.Rect, img, b.Min, draw.Over)
	}
	return g
}

func luma(r, g, b uint32) uint8 {
	return uint8((19595*r + 38470*g + 7471*b + 1<<15) >> 16)
}

// Rotate turns g clockwise by deg, rounded to a multiple of 90.
func Rotate(g *image.Gray, deg int) *image.Gray {
	deg = (((deg+45)/90*90)%360 + 360) % 360
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if deg == 0 {
		return g
	}
	if deg == 180 {
		out := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			src := g.Pix[y*g.Stride : y*g.Stride+w]
			dst := out.Pix[(h-1-y)*out.Stride:]
			for x := 0; x < w; x++ {
				dst[w-1-x] = src[x]
			}
		}
		return out
	}
	out := image.NewGray(image.Rect(0, 0, h, w))
	for y := 0; y < h; y++ {
		src := g.Pix[y*g.Stride : y*g.Stride+w]
		for x := 0; x < w; x++ {
			if deg == 90 { // (x, y) → (h-1-y, x)
				out.Pix[x*out.Stride+h-1-y] = src[x]
			} else { // 270: (x, y) → (y, w-1-x)
				out.Pix[(w-1-x)*out.Stride+y] = src[x]
			}
		}
	}
	return out
}

// ExifRotation is the clockwise rotation that makes a page with EXIF
// orientation o upright; mirrored orientations (2, 4, 5, 7) come from
// cameras' selfie modes, not scanners, and are treated as their rotation.
func ExifRotation(o int) int {
	switch o {
	case 3, 4:
		return 180
	case 6, 7:
		return 90
	case 8, 5:
		return 270
	}
	return 0
}

// Scale resizes g by factor with bilinear interpolation, enough for the
// 2× upscaling of low-resolution receipts.
func Scale(g *image.Gray, factor float64) *image.Gray {
	w := int(float64(g.Rect.Dx())*factor + 0.5)
	h := int(float64(g.Rect.Dy())*factor + 0.5)
	out := image.NewGray(image.Rect(0, 0, w, h))
	draw.BiLinear.Scale(out, out.Rect, g, g.Rect, draw.Src, nil)
	return out
}

// PGM encodes g as a binary PGM (P5): no compression, so it costs nothing
// to write and next to nothing for Leptonica to read.
func PGM(g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	head := fmt.Sprintf("P5\n%d %d\n255\n", w, h)
	out := make([]byte, 0, len(head)+w*h)
	out = append(out, head...)
	for y := 0; y < h; y++ {
		out = append(out, g.Pix[y*g.Stride:y*g.Stride+w]...)
	}
	return out
}
