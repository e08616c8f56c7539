package ocr

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/layout"
)

// textDPI is the nominal resolution of text-layer pages: their boxes are
// PDF points scaled to it, so they compare with boxes on 300 dpi scans.
const textDPI = 300

// pdfTools are Poppler's command-line programs (see doc.go for why).
type pdfTools struct {
	pdftotext, pdftoppm string
}

func findPDFTools() (pdfTools, error) {
	var t pdfTools
	var err error
	if t.pdftotext, err = exec.LookPath("pdftotext"); err != nil {
		return t, fmt.Errorf("ocr: PDF text extraction needs poppler-utils: %w", err)
	}
	if t.pdftoppm, err = exec.LookPath("pdftoppm"); err != nil {
		return t, fmt.Errorf("ocr: PDF rendering needs poppler-utils: %w", err)
	}
	return t, nil
}

// runTool runs a Poppler program on the PDF in stdin, killing it after
// timeout: unlike Tesseract in-process, a child can be stopped.
func runTool(ctx context.Context, timeout time.Duration, data []byte, path string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = bytes.NewReader(data)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("ocr: %s: %w", path, ctx.Err())
	}
	if err != nil {
		return nil, fmt.Errorf("ocr: %s: %w: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	return out.Bytes(), nil
}

// textLayer returns each page's words with boxes in pixels at textDPI, as
// the page is shown (after /Rotate). A failure means "no text layer":
// the pages are then recognised from their pixels instead.
func (t pdfTools) textLayer(ctx context.Context, data []byte, pages int, timeout time.Duration) ([][]rawWord, error) {
	out, err := runTool(ctx, timeout, data, t.pdftotext, "-bbox-layout", "-enc", "UTF-8", "-q", "-l", strconv.Itoa(pages), "-", "-")
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, nil
	}
	return parseBBoxLayout(out)
}

// parseBBoxLayout reads pdftotext's -bbox-layout XHTML: page › flow ›
// block › line › word. A flow becomes the layout block, a pdftotext block
// the paragraph.
func parseBBoxLayout(b []byte) ([][]rawWord, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	var pages [][]rawWord
	var flow, block, line int
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return pages, nil
		}
		if err != nil {
			return nil, fmt.Errorf("ocr: parse pdftotext output: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			pages = append(pages, []rawWord{})
			flow, block, line = 0, 0, 0
		case "flow":
			flow++
			block = 0
		case "block":
			block++
		case "line":
			line++
		case "word":
			var text string
			if err := dec.DecodeElement(&text, &se); err != nil {
				return nil, fmt.Errorf("ocr: parse pdftotext word: %w", err)
			}
			if len(pages) == 0 {
				continue
			}
			w := rawWord{text: text, conf: 1, block: flow, para: block, line: line}
			for i, name := range []string{"xMin", "yMin", "xMax", "yMax"} {
				w.box[i] = int(math.Round(attrFloat(se, name) * textDPI / 72))
			}
			pages[len(pages)-1] = append(pages[len(pages)-1], w)
		}
	}
}

func attrFloat(se xml.StartElement, name string) float64 {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			v, _ := strconv.ParseFloat(a.Value, 64)
			return v
		}
	}
	return 0
}

// minTextRunes is how much real text a page needs for its text layer to
// be used; a page number alone is not enough.
const minTextRunes = 10

// usableText reports whether words carry real text: enough letters and
// digits, and mostly those (fonts without a Unicode map give symbols or
// U+FFFD instead).
func usableText(words []rawWord) bool {
	var good, all int
	for _, w := range words {
		for _, r := range w.text {
			switch {
			case unicode.IsSpace(r):
			case r != unicode.ReplacementChar && (unicode.IsLetter(r) || unicode.IsDigit(r)):
				good++
				all++
			case unicode.IsPunct(r) || unicode.IsSymbol(r):
				all++
				if r >= 0xE000 && r <= 0xF8FF { // private use: unmapped glyphs
					all += 2
				}
			default:
				all += 3
			}
		}
	}
	return good >= minTextRunes && good*2 >= all
}

// textPage builds a page from its text layer.
func textPage(words []rawWord, geo geometry) layout.Page {
	lines, _ := buildLines(words)
	if lines == nil {
		lines = []layout.Line{}
	}
	w, h := geo.shown()
	return layout.Page{
		Source: layout.SourceTextLayer,
		Scan: layout.Scan{WidthPx: int(math.Round(w * textDPI / 72)), HeightPx: int(math.Round(h * textDPI / 72)),
			DPI: textDPI, DPISource: "assumed", Format: "pdf-text"},
		Rotation: geo.rotate,
		MeanConf: 1,
		Lines:    lines,
	}
}

// render draws page p at dpi in grayscale.
func (t pdfTools) render(data []byte, p, dpi int, timeout time.Duration) (*image.Gray, error) {
	out, err := runTool(context.Background(), timeout, data, t.pdftoppm,
		"-f", strconv.Itoa(p), "-l", strconv.Itoa(p), "-r", strconv.Itoa(dpi), "-gray", "-q", "-")
	if err != nil {
		return nil, fault.Permanent(fmt.Sprintf("Page %d of the PDF cannot be displayed; the file may be damaged or incomplete.", p), err)
	}
	g, err := parsePGM(out)
	if err != nil {
		return nil, fault.Permanent(fmt.Sprintf("Page %d of the PDF cannot be displayed; the file may be damaged or incomplete.", p), err)
	}
	return g, nil
}
