package ocr_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/imagefmt/imagefmttest"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/ocr"
	"github.com/shohyo/shohyo/internal/ocr/ocreval"
)

// One engine serves the tests: loading jpn+eng per worker is the costly
// part. Its limits are small so hostile cases stay cheap.
var (
	engineOnce sync.Once
	engine     *ocr.Engine
	engineErr  error
)

const (
	testMaxPages  = 4
	testMaxPixels = 30_000_000
	testMaxBytes  = 8 << 20
)

func testEngine(t *testing.T) *ocr.Engine {
	t.Helper()
	if os.Getenv("OMP_THREAD_LIMIT") != "1" {
		t.Log("OMP_THREAD_LIMIT=1 is not set: Tesseract will oversubscribe the CPUs")
	}
	engineOnce.Do(func() {
		engine, engineErr = ocr.New(ocr.Config{Workers: 2, MaxPages: testMaxPages, MaxPixels: testMaxPixels, MaxBytes: testMaxBytes})
	})
	if engineErr != nil {
		t.Fatal(engineErr)
	}
	return engine
}

func TestMain(m *testing.M) {
	code := m.Run()
	if engine != nil {
		engine.Close()
	}
	os.Exit(code)
}

func recognize(t *testing.T, data []byte) *layout.Document {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	doc, err := testEngine(t).Recognize(ctx, data, t.Name())
	if err != nil {
		t.Fatalf("Recognize: %v", err)
	}
	return doc
}

// invoiceLines is the fixture text: Japanese with the words a receipt
// extractor looks for, and ASCII amounts.
var invoiceLines = []string{"御請求書", "株式会社サンプル商事", "合計金額 ¥11,000", "Invoice No. 2024-0815"}

func invoicePage(t *testing.T, dpi float64) *image.RGBA {
	t.Helper()
	img, err := imagefmttest.Page(invoiceLines, dpi, 4, 14)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return img
}

// assertText checks that every wanted word was recognised, ignoring the
// spaces Tesseract may leave inside Japanese or numbers.
func assertText(t *testing.T, doc *layout.Document, want ...string) {
	t.Helper()
	got := strings.ReplaceAll(doc.Text(), " ", "")
	for _, w := range want {
		if !strings.Contains(got, strings.ReplaceAll(w, " ", "")) {
			t.Errorf("text lacks %q; got:\n%s", w, doc.Text())
		}
	}
}

// assertCER checks the whole page against what was drawn: OCR may miss a
// character (¥ read as \, 0 as 9 at 200 dpi), but not more than max.
func assertCER(t *testing.T, doc *layout.Document, want []string, max float64) {
	t.Helper()
	edits, n := ocreval.Errors(strings.Join(want, "\n"), doc.Text())
	if cer := float64(edits) / float64(n); cer > max {
		t.Errorf("character error rate %.3f > %.3f; got:\n%s", cer, max, doc.Text())
	}
}

func assertScan(t *testing.T, got layout.Scan, want layout.Scan) {
	t.Helper()
	if got != want {
		t.Errorf("scan evidence\n got %+v\nwant %+v", got, want)
	}
}

func TestImageFormats(t *testing.T) {
	img300, img200, img150 := invoicePage(t, 300), invoicePage(t, 200), invoicePage(t, 150)
	gray300 := imagefmt.Gray(img300)
	size := func(img image.Image) (int, int) { return img.Bounds().Dx(), img.Bounds().Dy() }
	w3, h3 := size(img300)
	w2, h2 := size(img200)
	w1, h1 := size(img150)
	for _, c := range []struct {
		name string
		data []byte
		scan layout.Scan
	}{
		{"jpeg 300 dpi", imagefmttest.JPEG(img300, 300), layout.Scan{WidthPx: w3, HeightPx: h3, DPI: 300, DPISource: "file", ColorMode: "rgb", BitDepth: 24, Format: "jpeg"}},
		{"jpeg 150 dpi", imagefmttest.JPEG(img150, 150), layout.Scan{WidthPx: w1, HeightPx: h1, DPI: 150, DPISource: "file", ColorMode: "rgb", BitDepth: 24, Format: "jpeg"}},
		{"png 200 dpi gray", imagefmttest.PNG(imagefmt.Gray(img200), 200), layout.Scan{WidthPx: w2, HeightPx: h2, DPI: 200, DPISource: "file", ColorMode: "gray", BitDepth: 8, Format: "png"}},
		{"png without dpi", imagefmttest.PNG(img300, 0), layout.Scan{WidthPx: w3, HeightPx: h3, DPI: 300, DPISource: "assumed", ColorMode: "rgb", BitDepth: 24, Format: "png"}},
		{"tiff rgb", imagefmttest.TIFF([]imagefmttest.TIFFPage{{Img: img300, DPI: 300}}), layout.Scan{WidthPx: w3, HeightPx: h3, DPI: 300, DPISource: "file", ColorMode: "rgb", BitDepth: 24, Format: "tiff"}},
		{"tiff g4", imagefmttest.TIFF([]imagefmttest.TIFFPage{{Img: imagefmttest.Bilevel(gray300), DPI: 300, G4: true}}), layout.Scan{WidthPx: w3, HeightPx: h3, DPI: 300, DPISource: "file", ColorMode: "bilevel", BitDepth: 1, Format: "tiff"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := recognize(t, c.data)
			if len(doc.Pages) != 1 {
				t.Fatalf("%d pages", len(doc.Pages))
			}
			p := doc.Pages[0]
			assertScan(t, p.Scan, c.scan)
			assertText(t, doc, "請求書", "株式会社", "合計金額", "Invoice")
			assertCER(t, doc, invoiceLines, 0.1)
			if p.Source != layout.SourceOCR || p.Number != 1 || p.Rotation != 0 {
				t.Errorf("page %d source %q rotation %d", p.Number, p.Source, p.Rotation)
			}
			if p.MeanConf < 0.5 || p.MeanConf > 1 {
				t.Errorf("mean confidence %v for clean text", p.MeanConf)
			}
			checkWords(t, p)
		})
	}
}

// checkWords checks the structure every OCR page must have: words inside
// their line's box, confidences in [0,1], line text made of the words.
func checkWords(t *testing.T, p layout.Page) {
	t.Helper()
	for _, l := range p.Lines {
		if l.Conf < 0 || l.Conf > 1 || len(l.Words) == 0 {
			t.Errorf("line %q: conf %v, %d words", l.Text, l.Conf, len(l.Words))
		}
		var joined string
		for _, w := range l.Words {
			joined += w.Text
			if w.Conf < 0 || w.Conf > 1 {
				t.Errorf("word %q conf %v", w.Text, w.Conf)
			}
			if w.BBox[0] < l.BBox[0] || w.BBox[1] < l.BBox[1] || w.BBox[2] > l.BBox[2] || w.BBox[3] > l.BBox[3] {
				t.Errorf("word %q box %v outside line box %v", w.Text, w.BBox, l.BBox)
			}
		}
		if strings.ReplaceAll(l.Text, " ", "") != joined {
			t.Errorf("line text %q is not its words %q", l.Text, joined)
		}
	}
}

func TestMultiPageTIFF(t *testing.T) {
	var pages []imagefmttest.TIFFPage
	for _, text := range []string{"第1頁 請求書", "第2頁 納品書", "第3頁 領収書"} {
		img, err := imagefmttest.Page([]string{text, "Page total 1,234"}, 200, 4, 16)
		if err != nil {
			t.Skip(err)
		}
		pages = append(pages, imagefmttest.TIFFPage{Img: imagefmttest.Bilevel(img), DPI: 200, G4: true})
		// A scanner's thumbnail after the first page must not become a page.
		if len(pages) == 1 {
			pages = append(pages, imagefmttest.TIFFPage{Img: imagefmt.Gray(img), DPI: 50, Thumbnail: true})
		}
	}
	doc := recognize(t, imagefmttest.TIFF(pages))
	if len(doc.Pages) != 3 {
		t.Fatalf("%d pages, want 3", len(doc.Pages))
	}
	for i, want := range []string{"請求書", "納品書", "領収書"} {
		p := doc.Pages[i]
		one := &layout.Document{Pages: []layout.Page{p}}
		if p.Number != i+1 {
			t.Errorf("page %d numbered %d", i+1, p.Number)
		}
		assertText(t, one, want, "1,234")
		if p.Scan.DPI != 200 || p.Scan.ColorMode != "bilevel" {
			t.Errorf("page %d scan %+v", i+1, p.Scan)
		}
	}
}

func TestUpsideDown(t *testing.T) {
	g := imagefmt.Rotate(imagefmt.Gray(invoicePage(t, 300)), 180)
	doc := recognize(t, imagefmttest.PNG(g, 300))
	assertText(t, doc, "請求書", "合計金額", "11,000")
	if r := doc.Pages[0].Rotation; r != 180 {
		t.Errorf("rotation %d, want 180", r)
	}
}

func TestSideways(t *testing.T) {
	// Stored turned anticlockwise: it needs 90° clockwise to read.
	g := imagefmt.Rotate(imagefmt.Gray(invoicePage(t, 300)), 270)
	doc := recognize(t, imagefmttest.PNG(g, 300))
	assertText(t, doc, "請求書", "11,000")
	if r := doc.Pages[0].Rotation; r != 90 {
		t.Errorf("rotation %d, want 90", r)
	}
}

func TestExifOrientation(t *testing.T) {
	// A phone app stores the pixels sideways and says so in EXIF (6:
	// rotate 90° clockwise to display).
	stored := imagefmt.Rotate(imagefmt.Gray(invoicePage(t, 300)), 270)
	rgb := image.NewRGBA(stored.Rect)
	for i, v := range stored.Pix {
		rgb.Pix[4*i], rgb.Pix[4*i+1], rgb.Pix[4*i+2], rgb.Pix[4*i+3] = v, v, v, 255
	}
	doc := recognize(t, imagefmttest.JPEGExif(rgb, 300, 6))
	assertText(t, doc, "請求書", "11,000")
	p := doc.Pages[0]
	if p.Rotation != 90 {
		t.Errorf("rotation %d, want 90", p.Rotation)
	}
	if p.Scan.WidthPx != stored.Rect.Dx() || p.Scan.DPISource != "file" {
		t.Errorf("scan %+v: evidence is of the stored pixels", p.Scan)
	}
}

func TestBornDigitalPDF(t *testing.T) {
	xml := []byte(`<?xml version="1.0" encoding="UTF-8"?><rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>`)
	pdf := withAttachment(t, textPDF(invoiceContent), "factur-x.xml", xml)
	doc, files, err := testEngine(t).RecognizeFiles(context.Background(), pdf, "invoice.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Pages) != 1 {
		t.Fatalf("%d pages", len(doc.Pages))
	}
	p := doc.Pages[0]
	if p.Source != layout.SourceTextLayer || p.MeanConf != 1 {
		t.Errorf("source %q conf %v, want the text layer", p.Source, p.MeanConf)
	}
	assertScan(t, p.Scan, layout.Scan{WidthPx: 2479, HeightPx: 3508, DPI: 300, DPISource: "assumed", Format: "pdf-text"})
	// The text layer is exact: whole lines, no OCR spaces.
	var lines []string
	for _, l := range p.Lines {
		lines = append(lines, l.Text)
	}
	for _, want := range []string{"請求書", "Invoice No. 12345", "株式会社サンプル", "御中", "合計金額 11,000"} {
		if !slices.Contains(lines, want) {
			t.Errorf("no line %q in %q", want, lines)
		}
	}
	// 請求書 is drawn at x=72pt, y=842-760-ascent: at 300 dpi x0 = 300.
	if l := p.Lines[0]; l.BBox[0] != 300 || l.BBox[1] < 200 || l.BBox[3] > 400 {
		t.Errorf("first line box %v", l.BBox)
	}
	sum := sha256.Sum256(xml)
	want := layout.Attachment{Name: "factur-x.xml", SHA256: hex.EncodeToString(sum[:]), Size: int64(len(xml))}
	if len(doc.Attachments) != 1 || doc.Attachments[0] != want {
		t.Errorf("attachments %+v, want %+v", doc.Attachments, want)
	}
	if len(files) != 1 || !bytes.Equal(files[0].Data, xml) {
		t.Errorf("embedded file bytes not returned: %+v", files)
	}
}

func TestScannedPDF(t *testing.T) {
	img := invoicePage(t, 200)
	turned := imagefmt.Rotate(imagefmt.Gray(img), 270) // stored sideways, shown upright by /Rotate 90
	pdf := scanPDF(200,
		scanPage{img: img, jpeg: imagefmttest.JPEG(img, 0), invisible: "SCANNER LAYER"},
		scanPage{img: turned, jpeg: imagefmttest.JPEG(turned, 0), rotate: 90},
	)
	doc := recognize(t, pdf)
	if len(doc.Pages) != 2 {
		t.Fatalf("%d pages, want one document of 2", len(doc.Pages))
	}
	for i, p := range doc.Pages {
		one := &layout.Document{Pages: []layout.Page{p}}
		assertText(t, one, "請求書", "合計金額")
		if strings.Contains(one.Text(), "SCANNER") {
			t.Errorf("page %d: the scanner's invisible text was used instead of the image", i+1)
		}
		if p.Source != layout.SourceOCR || p.Scan.DPISource != "pdf-page-size" || p.Scan.Format != "pdf-image" ||
			p.Scan.ColorMode != "rgb" || p.Scan.BitDepth != 24 || p.Scan.DPI < 199 || p.Scan.DPI > 201 {
			t.Errorf("page %d: source %q scan %+v", i+1, p.Source, p.Scan)
		}
	}
	if r := doc.Pages[1].Rotation; r != 90 {
		t.Errorf("page 2 rotation %d, want the page's /Rotate 90", r)
	}
}

func TestImportedScanPDF(t *testing.T) {
	img := invoicePage(t, 300)
	pdf := importedPDF(t, imagefmttest.JPEG(img, 300), imagefmttest.PNG(imagefmt.Gray(img), 300))
	doc := recognize(t, pdf)
	if len(doc.Pages) != 2 {
		t.Fatalf("%d pages", len(doc.Pages))
	}
	for _, p := range doc.Pages {
		assertText(t, &layout.Document{Pages: []layout.Page{p}}, "請求書", "合計金額")
		// pdfcpu sizes the page at 72 dpi: the evidence says what the PDF says.
		if p.Scan.DPI != 72 || p.Scan.DPISource != "pdf-page-size" || p.Scan.WidthPx != img.Rect.Dx() {
			t.Errorf("scan %+v", p.Scan)
		}
	}
	if m := doc.Pages[1].Scan.ColorMode; m != "gray" {
		t.Errorf("page 2 colour %q, want gray", m)
	}
}

func TestPDFWithoutUsableText(t *testing.T) {
	// Too little text for a text layer and no image: the page is drawn
	// and recognised.
	pdf := textPDF("BT /F2 40 Tf 72 700 Td (Total 42) Tj ET")
	doc := recognize(t, pdf)
	p := doc.Pages[0]
	if p.Source != layout.SourceOCR || p.Scan.DPISource != "assumed" || p.Scan.DPI != 300 {
		t.Errorf("source %q scan %+v", p.Source, p.Scan)
	}
	assertText(t, doc, "Total 42")
}
