package ocr_test

import (
	"context"
	"fmt"

	"github.com/shohyo/shohyo/internal/imagefmt/imagefmttest"
	"github.com/shohyo/shohyo/internal/ocr"
)

// A born-digital PDF is read from its text layer, with positions, and its
// embedded Factur-X XML comes back for the archive to keep.
func ExampleEngine_RecognizeFiles() {
	e, err := ocr.New(ocr.Config{Workers: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Close()
	pdf := textPDF("BT /F1 24 Tf 72 760 Td " + imagefmttest.UCS2("請求書") + " Tj ET BT /F2 12 Tf 72 720 Td (Invoice No. 12345) Tj ET")
	doc, files, err := e.RecognizeFiles(context.Background(), pdf, "invoice.pdf")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range doc.Pages {
		fmt.Println(p.Number, p.Source, p.Scan.Format)
		for _, l := range p.Lines {
			fmt.Println(l.Text, l.BBox)
		}
	}
	fmt.Println(len(files), "embedded files")
	// Output:
	// 1 text-layer pdf-text
	// 請求書 [300 254 600 354]
	// Invoice No. 12345 [300 472 703 519]
	// 0 embedded files
}
