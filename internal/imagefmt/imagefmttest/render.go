// Package imagefmttest makes scanned-page fixtures for tests: text drawn
// with a real Japanese font, encoded the way scanners write files (JPEG
// with JFIF or EXIF density, PNG with pHYs, multi-page TIFF, CCITT G4).
package imagefmttest

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"os"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// FontPath is the IPA Gothic font of Debian's fonts-ipafont-gothic.
const FontPath = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"

var (
	fontOnce sync.Once
	ipa      *opentype.Font
	fontErr  error
)

// Font returns the parsed IPA Gothic font, or an error when it is not
// installed (tests skip then).
func Font() (*opentype.Font, error) {
	fontOnce.Do(func() {
		b, err := os.ReadFile(FontPath)
		if err != nil {
			fontErr = fmt.Errorf("imagefmttest: %w", err)
			return
		}
		ipa, fontErr = opentype.Parse(b)
	})
	return ipa, fontErr
}

// Page draws lines of text black on white, like a receipt scanned at dpi:
// widthIn inches wide, ptSize points high, one-inch margins halved.
func Page(lines []string, dpi, widthIn, ptSize float64) (*image.RGBA, error) {
	f, err := Font()
	if err != nil {
		return nil, err
	}
	px := ptSize * dpi / 72
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("imagefmttest: face: %w", err)
	}
	defer face.Close()
	margin := int(dpi / 2)
	lineH := int(px * 1.6)
	w := int(widthIn * dpi)
	h := 2*margin + lineH*len(lines)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.Black), Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(margin, margin+lineH*i+int(px))
		d.DrawString(l)
	}
	return img, nil
}

// Bilevel thresholds img to black and white, as a fax or G4 scan is.
func Bilevel(img image.Image) *image.Gray {
	b := img.Bounds()
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128 {
				g.Pix[g.PixOffset(x, y)] = 0
			} else {
				g.Pix[g.PixOffset(x, y)] = 255
			}
		}
	}
	return g
}
