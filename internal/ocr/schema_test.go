package ocr_test

import (
	"encoding/json"
	"testing"

	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/imagefmt/imagefmttest"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/schemas/schematest"
)

const schemaName = "ocr-result.schema.json"

// TestSchema validates real engine output of every page kind: OCR of an
// image, a rotated scan in a PDF, a text layer with an attachment, and a
// rendered page.
func TestSchema(t *testing.T) {
	s := schematest.Compile(t, schemaName)
	img := invoicePage(t, 200)
	turned := imagefmt.Rotate(imagefmt.Gray(img), 180)
	for name, data := range map[string][]byte{
		"jpeg":       imagefmttest.JPEG(img, 200),
		"tiff g4":    imagefmttest.TIFF([]imagefmttest.TIFFPage{{Img: imagefmttest.Bilevel(img), DPI: 200, G4: true}}),
		"scan pdf":   scanPDF(200, scanPage{img: turned, jpeg: imagefmttest.JPEG(turned, 0)}),
		"text pdf":   withAttachment(t, textPDF(invoiceContent), "factur-x.xml", []byte("<x/>")),
		"render pdf": textPDF("BT /F2 40 Tf 72 700 Td (Total 42) Tj ET"),
	} {
		t.Run(name, func(t *testing.T) {
			if err := schematest.Validate(t, s, recognize(t, data)); err != nil {
				t.Errorf("%v", err)
			}
		})
	}
}

// TestSchemaRejects makes sure the schema is not vacuous.
func TestSchemaRejects(t *testing.T) {
	s := schematest.Compile(t, schemaName)
	good := recognize(t, imagefmttest.JPEG(invoicePage(t, 150), 150))
	for name, spoil := range map[string]func(d *layout.Document){
		"no pages":            func(d *layout.Document) { d.Pages = nil },
		"conf above 1":        func(d *layout.Document) { d.Pages[0].MeanConf = 1.5 },
		"odd rotation":        func(d *layout.Document) { d.Pages[0].Rotation = 45 },
		"unknown source":      func(d *layout.Document) { d.Pages[0].Scan.DPISource = "guess" },
		"scan without colour": func(d *layout.Document) { d.Pages[0].Scan.ColorMode = "" },
	} {
		t.Run(name, func(t *testing.T) {
			b, _ := json.Marshal(good)
			var d layout.Document
			json.Unmarshal(b, &d)
			spoil(&d)
			if schematest.Validate(t, s, &d) == nil {
				t.Error("accepted")
			}
		})
	}
}
