package ocr

import (
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/layout"
)

// pageScan is the image that makes a PDF page a scan, and its evidence.
type pageScan struct {
	objNr   int
	resName string
	width   int // pixels
	height  int
	scan    layout.Scan
}

// aspectTolerance is how closely an image's shape must match the page's
// to count as the page itself (scanners crop by a pixel or two).
const aspectTolerance = 0.03

// scanImage returns the page's largest image if it fills the page, read
// from the image dictionaries only (nothing is decoded here).
func scanImage(pc *model.Context, p int, geo geometry) (s *pageScan) {
	defer func() {
		if recover() != nil {
			s = nil // unreadable image dictionaries: the page gets rendered
		}
	}()
	stubs, _ := pdfcpu.ExtractPageImages(pc, p, true)
	var best *model.Image
	for _, im := range stubs {
		if im.Thumb || im.Width <= 0 || im.Height <= 0 {
			continue
		}
		if best == nil || im.Width*im.Height > best.Width*best.Height {
			best = &im
		}
	}
	if best == nil {
		return nil
	}
	imgAspect := float64(best.Width) / float64(best.Height)
	pageW := geo.w
	switch {
	case math.Abs(imgAspect/(geo.w/geo.h)-1) <= aspectTolerance:
	case math.Abs(imgAspect/(geo.h/geo.w)-1) <= aspectTolerance:
		pageW = geo.h // the image is drawn turned by 90°
	default:
		return nil
	}
	dpi := math.Round(float64(best.Width)/(pageW/72)*10) / 10
	if dpi < 50 {
		return nil // a page-shaped picture, not a scan
	}
	mode, bits := pdfColour(best)
	var resName string
	if obj := pc.Optimize.ImageObjects[best.ObjNr]; obj != nil {
		resName = obj.ResourceNames[p-1]
	}
	return &pageScan{objNr: best.ObjNr, resName: resName, width: best.Width, height: best.Height,
		scan: layout.Scan{WidthPx: best.Width, HeightPx: best.Height, DPI: dpi, DPISource: "pdf-page-size",
			ColorMode: mode, BitDepth: bits, Format: "pdf-image"}}
}

// pdfColour names an image's colour from its dictionary.
func pdfColour(im *model.Image) (string, int) {
	bpc := im.Bpc
	if bpc == 0 { // JPEG 2000 carries its depth inside the codestream
		bpc = 8
	}
	switch {
	case im.IsImgMask || strings.Contains(im.Filter, "CCITTFax") || strings.Contains(im.Filter, "JBIG2") || (bpc == 1 && im.Comp <= 1):
		return imagefmt.ModeBilevel, 1
	case strings.HasPrefix(im.Cs, "Indexed"):
		return imagefmt.ModePalette, bpc
	case im.Comp == 4:
		return imagefmt.ModeCMYK, 4 * bpc
	case im.Comp == 3:
		return imagefmt.ModeRGB, 3 * bpc
	}
	return imagefmt.ModeGray, bpc
}

var invisibleText = regexp.MustCompile(`(^|\s)3\s+Tr(\s|$)`)

// hasInvisibleText reports text drawn in render mode 3 (invisible), which
// is how scanners lay their own OCR over the page image.
func hasInvisibleText(pc *model.Context, p int) (found bool) {
	defer func() {
		if recover() != nil {
			found = false
		}
	}()
	r, err := pdfcpu.ExtractPageContent(pc, p)
	if err != nil {
		return false
	}
	b, err := io.ReadAll(r)
	return err == nil && invisibleText.Match(b)
}

// scanPage extracts a scanned page's image for recognition, turned as a
// viewer shows the page.
func (e *Engine) scanPage(doc *pdfDoc, data []byte, p int, geo geometry, s *pageScan) (pageInput, error) {
	if int64(s.width)*int64(s.height) > e.cfg.MaxPixels {
		return pageInput{}, fault.Permanent(fmt.Sprintf("Page %d is too large to process: %d×%d pixels (the limit is %d megapixels).",
			p, s.width, s.height, e.cfg.MaxPixels/1_000_000), nil)
	}
	raw, kind, err := extractImage(doc, p, s)
	if err != nil {
		return pageInput{}, fault.Permanent(fmt.Sprintf("The image on page %d of the PDF is damaged.", p), err)
	}
	var g *image.Gray
	switch kind {
	case "jpg", "png", "tif":
		f, err := imagefmt.Open(raw, imagefmt.Limits{MaxPixels: e.cfg.MaxPixels, MaxPages: 1})
		if err != nil {
			return pageInput{}, fmt.Errorf("page %d: %w", p, err)
		}
		img, err := f.Decode(0)
		if err != nil {
			return pageInput{}, fmt.Errorf("page %d: %w", p, err)
		}
		g = imagefmt.Gray(img)
	case "jpx":
		if g, err = decodeNative(raw); err != nil {
			return pageInput{}, fault.Permanent(fmt.Sprintf("The JPEG 2000 image on page %d of the PDF cannot be read.", p), err)
		}
	default: // JBIG2 and anything else: let Poppler draw the page
		in, err := e.renderPage(data, p, geo, clampDPI(s.scan.DPI))
		in.scan = s.scan
		return in, err
	}
	return pageInput{img: imagefmt.Rotate(g, geo.rotate), scan: s.scan, rotation: geo.rotate}, nil
}

func extractImage(doc *pdfDoc, p int, s *pageScan) (raw []byte, kind string, err error) {
	doc.mu.Lock()
	defer doc.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdfcpu panic: %v", r)
		}
	}()
	obj := doc.ctx.Optimize.ImageObjects[s.objNr]
	if obj == nil {
		return nil, "", errors.New("image object vanished")
	}
	img, err := pdfcpu.ExtractImage(doc.ctx, obj.ImageDict, false, s.resName, s.objNr, false)
	if errors.Is(err, pdfcpu.ErrUnsupportedResource) {
		return nil, "unsupported", nil
	}
	if err != nil {
		return nil, "", err
	}
	if img == nil || img.Reader == nil {
		return nil, "unsupported", nil
	}
	raw, err = io.ReadAll(img.Reader)
	return raw, img.FileType, err
}

// renderDPI is the resolution pages without a scan image are drawn at.
const renderDPI = 300

func clampDPI(d float64) float64 { return max(150, min(d, 600)) }

// renderPage draws page p with Poppler at d dpi, less if the page would
// exceed the pixel limit.
func (e *Engine) renderPage(data []byte, p int, geo geometry, d float64) (pageInput, error) {
	w, h := geo.shown()
	if px := (w / 72 * d) * (h / 72 * d); px > float64(e.cfg.MaxPixels) {
		d *= math.Sqrt(float64(e.cfg.MaxPixels) / px)
	}
	g, err := e.tools.render(data, p, int(d), e.cfg.PageTimeout)
	if err != nil {
		return pageInput{}, err
	}
	scan := layout.Scan{WidthPx: g.Rect.Dx(), HeightPx: g.Rect.Dy(), DPI: float64(int(d)), DPISource: "assumed",
		ColorMode: imagefmt.ModeGray, BitDepth: 8, Format: "pdf-image"}
	return pageInput{img: g, scan: scan, rotation: geo.rotate}, nil
}
