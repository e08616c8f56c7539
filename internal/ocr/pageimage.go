package ocr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"math"
	"strconv"
	"time"

	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/imagefmt"
)

// PageLimits bound the cost of drawing one page for people to look at.
type PageLimits struct {
	// MaxPixels: a PDF page is drawn at a lower resolution to stay under
	// it; an image page above it is refused (it would be decoded whole).
	MaxPixels int64
	// Timeout bounds parsing and drawing a PDF.
	Timeout time.Duration
}

// ViewLimits are serve's limits for page images. 40 megapixels is an A3
// scan at 500 dpi: larger images are refused rather than decoded whole,
// and PDF pages are drawn smaller to fit.
var ViewLimits = PageLimits{MaxPixels: 40_000_000, Timeout: 30 * time.Second}

// viewDPI is the resolution PDF pages are drawn at for viewing: enough to
// read 6-point print on a screen, a quarter of the pixels of 300 dpi.
const viewDPI = 150

// PagePNG draws page n (from 1) of an original as PNG. PDFs are drawn by
// Poppler's pdftoppm, as for recognition but in colour (seals are red);
// images are decoded under imagefmt's limits. A page not in the file is
// an *imagefmt.PageRangeError; a file that cannot be drawn is a
// fault.Permanent with a reason for people.
func PagePNG(ctx context.Context, data []byte, n int, lim PageLimits) ([]byte, error) {
	if imagefmt.Sniff(data) == imagefmt.PDF {
		return pdfPagePNG(ctx, data, n, lim)
	}
	f, err := imagefmt.Open(data, imagefmt.Limits{MaxPixels: lim.MaxPixels})
	if err != nil {
		return nil, err
	}
	if n < 1 || n > f.Pages() {
		return nil, &imagefmt.PageRangeError{Page: n, Pages: f.Pages()}
	}
	img, err := f.Decode(n - 1)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("ocr: encode page %d: %w", n, err)
	}
	return b.Bytes(), nil
}

func pdfPagePNG(ctx context.Context, data []byte, n int, lim PageLimits) ([]byte, error) {
	tools, err := findPDFTools()
	if err != nil {
		return nil, err
	}
	pc, err := readPDF(data, lim.Timeout, lim.MaxPixels)
	if err != nil {
		return nil, err
	}
	if n < 1 || n > pc.PageCount {
		return nil, &imagefmt.PageRangeError{Page: n, Pages: pc.PageCount}
	}
	geo, err := pageGeometry(pc, n)
	if err != nil {
		return nil, fault.Permanent(fmt.Sprintf("Page %d of the PDF has no usable size; the file may be damaged.", n), err)
	}
	d := float64(viewDPI)
	if w, h := geo.shown(); lim.MaxPixels > 0 {
		if px := (w / 72 * d) * (h / 72 * d); px > float64(lim.MaxPixels) {
			d *= math.Sqrt(float64(lim.MaxPixels) / px)
		}
	}
	out, err := runTool(ctx, lim.Timeout, data, tools.pdftoppm,
		"-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-r", strconv.Itoa(max(1, int(d))), "-png", "-q", "-")
	if errors.Is(err, context.Canceled) {
		return nil, err
	}
	if err != nil || len(out) == 0 {
		return nil, fault.Permanent(fmt.Sprintf("Page %d of the PDF cannot be displayed; the file may be damaged or incomplete.", n), err)
	}
	return out, nil
}
