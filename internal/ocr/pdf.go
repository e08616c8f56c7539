package ocr

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime/debug"
	"sync"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/layout"
)

// EmbeddedFile is a file embedded in a PDF, kept with the original.
type EmbeddedFile struct {
	layout.Attachment
	Data []byte
}

// pdfDoc is a parsed PDF. pdfcpu decodes streams in place, so every use of
// ctx after planning goes through mu.
type pdfDoc struct {
	mu  sync.Mutex
	ctx *model.Context
}

// readPDF parses data with pdfcpu, with its panics and hangs contained:
// pdfcpu is pure Go but a hostile cross-reference table can still send it
// into deep recursion or long loops.
func readPDF(data []byte, timeout time.Duration, maxPixels int64) (*model.Context, error) {
	type result struct {
		ctx *model.Context
		err error
	}
	ch := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r = result{err: fmt.Errorf("pdfcpu panic: %v\n%s", p, debug.Stack())}
			}
			ch <- r
		}()
		conf := model.NewDefaultConfiguration()
		conf.Cmd = model.EXTRACTIMAGES
		// Bound what a small hostile file can make pdfcpu allocate; the
		// defaults allow 512 MB per stream.
		conf.Limits.MaxStreamBytes = int64(len(data))
		conf.Limits.MaxImagePixels = maxPixels
		conf.Limits.MaxImageBytes = 4 * maxPixels
		conf.Limits.MaxDecodeBytes = min(conf.Limits.MaxDecodeBytes, 4*maxPixels)
		r.ctx, r.err = api.ReadValidateAndOptimize(bytes.NewReader(data), conf)
	}()
	select {
	case r := <-ch:
		switch {
		case errors.Is(r.err, pdfcpu.ErrWrongPassword):
			return nil, fault.Permanent("The PDF is password-protected. Ask the sender for an unprotected copy.", r.err)
		case r.err != nil:
			return nil, fault.Permanent("The PDF file is damaged and cannot be read.", r.err)
		}
		return r.ctx, nil
	case <-time.After(timeout):
		return nil, fault.Permanent(fmt.Sprintf("The PDF file could not be read within %v; it may be damaged.", timeout), nil)
	}
}

// planPDF decides for each page how to read it (see doc.go) and collects
// the embedded files.
func (e *Engine) planPDF(ctx context.Context, data []byte) ([]pagePlan, []EmbeddedFile, error) {
	pc, err := readPDF(data, e.cfg.PageTimeout, e.cfg.MaxPixels)
	if err != nil {
		return nil, nil, err
	}
	n := pc.PageCount
	switch {
	case n == 0:
		return nil, nil, fault.Permanent("The PDF has no pages.", nil)
	case n > e.cfg.MaxPages:
		return nil, nil, fault.Permanent(fmt.Sprintf("The PDF has %d pages; one document may have at most %d. Split it into separate documents.", n, e.cfg.MaxPages), nil)
	}
	files, err := embeddedFiles(pc, e.cfg.MaxBytes)
	if err != nil {
		return nil, nil, err
	}
	text, err := e.tools.textLayer(ctx, data, n, e.cfg.PageTimeout)
	if err != nil {
		return nil, nil, err
	}
	doc := &pdfDoc{ctx: pc}
	plans := make([]pagePlan, n)
	for p := 1; p <= n; p++ {
		geo, err := pageGeometry(pc, p)
		if err != nil {
			return nil, nil, fault.Permanent(fmt.Sprintf("Page %d of the PDF is damaged.", p), err)
		}
		scan := scanImage(pc, p, geo)
		var words []rawWord
		if p <= len(text) {
			words = text[p-1]
		}
		switch {
		case scan != nil && (!usableText(words) || hasInvisibleText(pc, p)):
			// A scan, perhaps with the scanner's own invisible OCR layer:
			// read the image ourselves so every scan gets the same engine.
			plans[p-1] = pagePlan{prepare: func() (pageInput, error) { return e.scanPage(doc, data, p, geo, scan) }}
		case usableText(words):
			page := textPage(words, geo)
			plans[p-1] = pagePlan{page: &page}
		default:
			plans[p-1] = pagePlan{prepare: func() (pageInput, error) { return e.renderPage(data, p, geo, renderDPI) }}
		}
	}
	return plans, files, nil
}

// embeddedFiles reads every embedded file (Factur-X, ZUGFeRD, XRechnung
// or anything else the sender attached): all of it belongs to the record.
func embeddedFiles(pc *model.Context, maxBytes int64) (out []EmbeddedFile, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fault.Permanent("The files embedded in the PDF are damaged.", fmt.Errorf("pdfcpu panic: %v", p))
		}
	}()
	if pc.Names["EmbeddedFiles"] == nil {
		if err := pc.LocateNameTree("EmbeddedFiles", false); err != nil || pc.Names["EmbeddedFiles"] == nil {
			return nil, nil
		}
	}
	aa, err := pc.ExtractAttachments(nil)
	if err != nil {
		return nil, fault.Permanent("The files embedded in the PDF are damaged.", err)
	}
	var total int64
	for _, a := range aa {
		b, err := io.ReadAll(io.LimitReader(a.Reader, maxBytes+1))
		if err != nil {
			return nil, fmt.Errorf("ocr: read attachment %q: %w", a.FileName, err)
		}
		if total += int64(len(b)); total > maxBytes {
			return nil, fault.Permanent(fmt.Sprintf("The files embedded in the PDF exceed %.0f MB in total.", float64(maxBytes)/(1<<20)), nil)
		}
		sum := sha256.Sum256(b)
		name := a.FileName
		if name == "" {
			name = a.ID
		}
		out = append(out, EmbeddedFile{
			Attachment: layout.Attachment{Name: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(b))},
			Data:       b,
		})
	}
	return out, nil
}

// geometry is a page's size in PDF points as stored (before /Rotate) and
// its /Rotate.
type geometry struct {
	w, h   float64
	rotate int
}

// shown returns the page's width and height as a viewer shows it.
func (g geometry) shown() (float64, float64) {
	if g.rotate == 90 || g.rotate == 270 {
		return g.h, g.w
	}
	return g.w, g.h
}

func pageGeometry(pc *model.Context, p int) (geometry, error) {
	_, _, inh, err := pc.PageDict(p, false)
	if err != nil {
		return geometry{}, err
	}
	if inh == nil || inh.MediaBox == nil {
		return geometry{}, errors.New("page has no MediaBox")
	}
	box := inh.MediaBox
	if inh.CropBox != nil {
		box = inh.CropBox
	}
	g := geometry{w: math.Abs(box.Width()), h: math.Abs(box.Height()), rotate: ((inh.Rotate % 360) + 360) % 360}
	if g.w < 1 || g.h < 1 || g.w > 14400 || g.h > 14400 { // PDF's own limit is 200 inches
		return geometry{}, fmt.Errorf("page size %.0f×%.0f pt", g.w, g.h)
	}
	return g, nil
}
