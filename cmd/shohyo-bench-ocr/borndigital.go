package main

import (
	"bytes"
	"context"
	"fmt"
	"syscall"
	"time"

	"github.com/shohyo/shohyo/internal/imagefmt/imagefmttest"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/ocr"
)

type bornResult struct {
	n          int
	bytes      int
	wall, cpu  time.Duration // cpu: this process and its children (pdftotext)
	textPages  int           // pages the stage read from the text layer
	characters int
}

// benchBornDigital reads generated born-digital invoices one after another
// on one goroutine. Per core is documents per CPU-second (user+system of
// this process and its Poppler children), which a busy machine does not
// distort the way wall time is; wall time is reported next to it.
func benchBornDigital(o options) (*bornResult, error) {
	docs := make([][]byte, o.born)
	res := &bornResult{n: o.born}
	for i := range docs {
		docs[i] = invoicePDF(i)
		res.bytes += len(docs[i])
	}
	engine, err := ocr.New(ocr.Config{Languages: o.lang, Workers: 1, PageSegMode: o.psm})
	if err != nil {
		return nil, err
	}
	defer engine.Close()
	ctx := context.Background()
	// One untimed document: the first pdfcpu parse sets up its tables.
	if _, err := engine.Recognize(ctx, docs[0], "warm-up.pdf"); err != nil {
		return nil, err
	}
	cpu0 := cpuTime()
	start := time.Now()
	for i, d := range docs {
		doc, err := engine.Recognize(ctx, d, fmt.Sprintf("invoice-%d.pdf", i))
		if err != nil {
			return nil, err
		}
		for _, p := range doc.Pages {
			if p.Source == layout.SourceTextLayer {
				res.textPages++
			}
		}
		res.characters += len([]rune(doc.Text()))
	}
	res.wall = time.Since(start)
	res.cpu = cpuTime() - cpu0
	if res.textPages != res.n {
		return res, fmt.Errorf("only %d of %d pages were read from the text layer", res.textPages, res.n)
	}
	return res, nil
}

func cpuTime() time.Duration {
	var t time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if err := syscall.Getrusage(who, &ru); err == nil {
			t += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	return t
}

// invoicePDF is a one-page A4 invoice with a text layer, different for
// each i: English in standard Helvetica, Japanese in a CID font that is
// referenced, not embedded (HeiseiKakuGo-W5 with the predefined
// UniJIS-UCS2-H CMap; Poppler maps it through poppler-data). Embedding a
// subset of an IPA font would need a TrueType subsetter; for reading the
// text layer the font program is not parsed, so the difference is the
// file size.
func invoicePDF(i int) []byte {
	var c bytes.Buffer
	line := func(font string, size, x, y int, text string) {
		if font == "F1" {
			fmt.Fprintf(&c, "BT /F1 %d Tf %d %d Td %s Tj ET\n", size, x, y, imagefmttest.UCS2(text))
			return
		}
		fmt.Fprintf(&c, "BT /F2 %d Tf %d %d Td (%s) Tj ET\n", size, x, y, text)
	}
	line("F1", 24, 72, 770, "請求書")
	line("F2", 12, 380, 770, fmt.Sprintf("Invoice No. INV-%06d", 100000+i))
	line("F2", 12, 380, 752, fmt.Sprintf("Date 2025-%02d-%02d", 1+i%12, 1+i%28))
	line("F1", 12, 72, 730, fmt.Sprintf("株式会社サンプル商事%d 御中", i%97))
	line("F1", 10, 380, 730, "登録番号 T1234567890123")
	line("F2", 10, 72, 700, "Item                         Qty     Unit price      Amount")
	total := 0
	items := []string{"事務用品", "コピー用紙 A4", "トナーカートリッジ", "配送料", "保守サービス", "Cable USB-C", "Monitor arm"}
	for k := 0; k < 12; k++ {
		qty, price := 1+(i+k)%9, 100*(1+(i*7+k*13)%50)
		total += qty * price
		y := 680 - 18*k
		if name := items[(i+k)%len(items)]; name[0] < 0x80 {
			line("F2", 10, 72, y, name)
		} else {
			line("F1", 10, 72, y, name)
		}
		line("F2", 10, 260, y, fmt.Sprintf("%d     %d     %d", qty, price, qty*price))
	}
	tax := total / 10
	line("F1", 12, 260, 430, fmt.Sprintf("小計 %d 円", total))
	line("F1", 12, 260, 412, fmt.Sprintf("消費税 10%% %d 円", tax))
	line("F1", 14, 260, 390, fmt.Sprintf("合計金額 %d 円", total+tax))
	line("F2", 10, 72, 360, "Payment: bank transfer within 30 days. Thank you for your business.")
	return imagefmttest.PDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", c.Len(), c.Bytes()),
		"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H /DescendantFonts [6 0 R] >>",
		"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 "+
			"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 8 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922] "+
			"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
	)
}
