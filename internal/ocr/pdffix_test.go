package ocr_test

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/shohyo/shohyo/internal/imagefmt/imagefmttest"
)

// Fonts a born-digital Japanese PDF uses without embedding: Poppler maps
// the Adobe-Japan1 CMap through poppler-data.
const (
	fontJP  = "<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H /DescendantFonts [6 0 R] >>"
	fontCID = "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 " +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 8 0 R >>"
	fontHelv = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
	fontDesc = "<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922] " +
		"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
)

// textPDF is a born-digital one-page invoice with a Japanese text layer;
// content is drawn with /F1 (Japanese) and /F2 (Helvetica).
func textPDF(content string) []byte {
	return imagefmttest.PDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> /Contents 4 0 R >>",
		imagefmttest.Stream("", []byte(content)),
		fontJP, fontCID, fontHelv, fontDesc,
	)
}

// invoiceContent draws a short Japanese invoice.
var invoiceContent = "BT /F1 24 Tf 72 760 Td " + imagefmttest.UCS2("請求書") + " Tj ET " +
	"BT /F2 12 Tf 72 720 Td (Invoice No. 12345) Tj ET " +
	"BT /F1 12 Tf 72 700 Td " + imagefmttest.UCS2("株式会社サンプル 御中") + " Tj ET " +
	"BT /F1 12 Tf 72 680 Td " + imagefmttest.UCS2("合計金額") + " Tj ET BT /F2 12 Tf 130 680 Td (11,000) Tj ET"

// scanPDF is a hand-made scanner PDF: each page one JPEG filling the page
// at dpi, optionally with /Rotate and with an invisible text layer as
// scanners add (render mode 3), which the engine must not trust.
type scanPage struct {
	img       image.Image
	jpeg      []byte
	rotate    int
	invisible string
}

func scanPDF(dpi float64, pages ...scanPage) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	var kids string
	for _, p := range pages {
		b := p.img.Bounds()
		w, h := float64(b.Dx())*72/dpi, float64(b.Dy())*72/dpi
		n := len(objs) + 1 // page object number; image n+1, content n+2
		kids += fmt.Sprintf("%d 0 R ", n)
		content := fmt.Sprintf("q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q", w, h)
		if p.invisible != "" {
			content += " BT 3 Tr /F2 12 Tf 72 72 Td (" + p.invisible + ") Tj ET"
		}
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.3f %.3f] /Rotate %d "+
				"/Resources << /XObject << /Im0 %d 0 R >> /Font << /F2 %d 0 R >> >> /Contents %d 0 R >>", w, h, p.rotate, n+1, n+3, n+2),
			imagefmttest.Stream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
				b.Dx(), b.Dy()), p.jpeg),
			imagefmttest.Stream("", []byte(content)),
			fontHelv,
		)
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, len(pages))
	return imagefmttest.PDF(objs...)
}

// importedPDF makes a scanned PDF the way pdfcpu's image import does.
func importedPDF(t *testing.T, imgs ...[]byte) []byte {
	t.Helper()
	imp, err := api.Import("pos:full", 0)
	if err != nil {
		t.Fatal(err)
	}
	var rs []io.Reader
	for _, b := range imgs {
		rs = append(rs, bytes.NewReader(b))
	}
	var out bytes.Buffer
	if err := api.ImportImages(nil, &out, rs, imp, model.NewDefaultConfiguration()); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// withAttachment embeds a file into pdf with pdfcpu, as a Factur-X
// invoice carries its XML.
func withAttachment(t *testing.T, pdf []byte, name string, data []byte) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := api.AddAttachments(bytes.NewReader(pdf), &out, []string{p}, false, model.NewDefaultConfiguration()); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// encrypted protects pdf with AES-256 and the given passwords.
func encrypted(t *testing.T, pdf []byte, user, owner string) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(pdf), &out, model.NewAESConfiguration(user, owner, 256)); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
