package ocr_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/imagefmt/imagefmttest"
	"github.com/shohyo/shohyo/internal/ocr"
)

// pngBomb is a valid PNG header claiming 100000×100000 pixels.
func pngBomb() []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	d := b.Bytes()
	binary.BigEndian.PutUint32(d[16:], 100000)
	binary.BigEndian.PutUint32(d[20:], 100000)
	binary.BigEndian.PutUint32(d[29:], crc32.ChecksumIEEE(d[12:29]))
	return d
}

// pdfImageBomb is a PDF whose page image claims 100000×100000 pixels.
func pdfImageBomb() []byte {
	return imagefmttest.PDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 595] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
		imagefmttest.Stream("", []byte("q 595 0 0 595 0 0 cm /Im0 Do Q")),
		imagefmttest.Stream("/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", []byte("x\x9c\x03\x00\x00\x00\x00\x01")),
	)
}

func manyPagesPDF(n int) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	var kids string
	for i := 0; i < n; i++ {
		kids += fmt.Sprintf("%d 0 R ", len(objs)+1)
		objs = append(objs, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>")
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, n)
	return imagefmttest.PDF(objs...)
}

func TestHostileInputs(t *testing.T) {
	e := testEngine(t)
	img := invoicePage(t, 150)
	jpg := imagefmttest.JPEG(img, 150)
	pdf := textPDF(invoiceContent)
	many := make([]imagefmttest.TIFFPage, testMaxPages+1)
	for i := range many {
		many[i] = imagefmttest.TIFFPage{Img: image.NewGray(image.Rect(0, 0, 16, 16)), DPI: 200}
	}
	oversized := append(bytes.Clone(jpg), make([]byte, testMaxBytes)...)
	for _, c := range []struct {
		name   string
		data   []byte
		reason string
	}{
		{"empty", nil, "The file is empty"},
		{"text named .pdf", []byte("Invoice 2024-08: total 11,000 yen.\n"), "not a supported image or PDF: it is a text file"},
		{"html", []byte("<!DOCTYPE html><html><body>invoice</body></html>"), "it is an HTML page"},
		{"truncated jpeg", jpg[:len(jpg)*2/3], "damaged or incomplete"},
		{"jpeg header only", jpg[:200], "damaged or incomplete"},
		{"png bomb", pngBomb(), "too large to process"},
		{"pdf image bomb", pdfImageBomb(), "too large to process"},
		{"too many bytes", oversized, "The file is too large"},
		{"too many tiff pages", imagefmttest.TIFF(many), fmt.Sprintf("more than %d pages", testMaxPages)},
		{"too many pdf pages", manyPagesPDF(testMaxPages + 1), fmt.Sprintf("at most %d", testMaxPages)},
		{"pdf header then garbage", []byte("%PDF-1.7\n\x00\x01garbage garbage garbage"), "PDF file is damaged"},
		{"pdf cut short", pdf[:120], "PDF file is damaged"},
		{"password-protected pdf", encrypted(t, pdf, "secret", "owner"), "password-protected"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			doc, err := e.Recognize(ctx, c.data, c.name)
			if err == nil {
				t.Fatalf("accepted: %d pages", len(doc.Pages))
			}
			if !fault.IsPermanent(err) {
				t.Fatalf("not permanent: %v", err)
			}
			if r := fault.Reason(err); !strings.Contains(r, c.reason) {
				t.Errorf("reason %q, want it to say %q", r, c.reason)
			}
		})
	}
}

// A PDF protected only against editing opens without a password: it is
// read like any other (the archive keeps the original bytes).
func TestOwnerPasswordOnlyPDF(t *testing.T) {
	doc := recognize(t, encrypted(t, textPDF(invoiceContent), "", "owner"))
	assertText(t, doc, "請求書", "Invoice No. 12345")
}

// TestPageTimeout checks that a page over its time budget fails at once
// with a permanent error, and that the pool keeps working: the stuck
// worker is replaced, and clients are recycled as configured.
func TestPageTimeout(t *testing.T) {
	e, err := ocr.New(ocr.Config{Workers: 1, PageTimeout: 300 * time.Millisecond, RecycleAfter: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	// A dense A4 page takes seconds.
	var lines []string
	for i := 0; i < 40; i++ {
		lines = append(lines, "請求書 株式会社サンプル商事 合計金額 ¥11,000 Invoice No. 2024-0815")
	}
	big, err := imagefmttest.Page(lines, 300, 8.27, 11)
	if err != nil {
		t.Skip(err)
	}
	dense := imagefmttest.PNG(imagefmt.Gray(big), 300)
	start := time.Now()
	_, err = e.Recognize(context.Background(), dense, "dense.png")
	if !fault.IsPermanent(err) || !strings.Contains(fault.Reason(err), "could not be read within") {
		t.Fatalf("err = %v, want a permanent timeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("returned after %v, want about the timeout", d)
	}
	small, err := imagefmttest.Page([]string{"OK"}, 100, 1, 12)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ { // each on a recycled client
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, err := e.Recognize(ctx, imagefmttest.PNG(small, 100), "small.png")
		cancel()
		if err != nil && strings.Contains(err.Error(), "within") {
			continue // the machine is too busy for 300 ms; not what is tested
		}
		if err != nil {
			t.Fatalf("after a timeout the pool fails: %v", err)
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := testEngine(t).Recognize(ctx, imagefmttest.JPEG(invoicePage(t, 150), 150), "x.jpg")
	if err == nil || fault.IsPermanent(err) {
		t.Errorf("err = %v, want a transient cancellation", err)
	}
}
