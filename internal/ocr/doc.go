// Package ocr turns an original (a scan as JPEG, PNG, TIFF or WebP, or a
// PDF) into a layout.Document: lines and words with boxes, confidences
// and, for every page, the scan evidence the Electronic Bookkeeping Act
// asks for (pixel size, resolution, colour).
//
// # Recognition
//
// An Engine keeps a pool of gosseract clients, one per worker goroutine,
// because a client is not safe for concurrent use and loading jpn+eng
// costs about as much as recognising a page. Pages of one document are
// spread over the pool. Each page is decoded and validated in Go first
// (package imagefmt), converted to 8-bit grayscale and handed to
// Tesseract as an uncompressed PGM with its resolution set explicitly;
// there is exactly one recognition call per page (GetBoundingBoxesVerbose),
// from which lines, words and the mean confidence are built.
//
// # PDF
//
// A page is read from its text layer when it has real text and no
// page-filling scan image; a scan (even one carrying the scanner's
// invisible OCR layer) is recognised from its embedded image, extracted
// with pdfcpu; anything else is rendered and recognised.
package ocr
