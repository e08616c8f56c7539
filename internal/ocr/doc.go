// Package ocr turns an original (a scan as JPEG, PNG, TIFF or WebP, or a
// PDF) into a layout.Document: lines and words with boxes, confidences
// and, for every page, the scan evidence the Electronic Bookkeeping Act
// asks for (pixel size, resolution, colour; compliance checklist row 1).
// A multi-page original stays one document (row 10).
//
// # Recognition
//
// An Engine keeps a pool of gosseract clients, one per worker goroutine:
// a client is not safe for concurrent use, and loading jpn+eng costs as
// much as a page. Pages of a document are spread over the pool; the
// process must run with OMP_THREAD_LIMIT=1 (ReexecWithThreadLimit) so the
// pool, not OpenMP, owns the cores. Every page is decoded and validated
// in Go first (package imagefmt: magic-byte sniffing, pixel limits from
// the headers before decoding, panics turned into errors), converted to
// 8-bit grayscale and handed to Tesseract as an uncompressed PGM with
// user_defined_dpi set from the file. Measured on SROIE receipts the PGM
// costs nothing to encode (a PNG took 14-38 ms) and recognises as well as
// the original JPEG bytes given to the tesseract CLI. There is exactly one
// recognition call per page (GetBoundingBoxesVerbose); lines, words and
// the mean confidence (weighted by characters) are built from it, words
// of a line joined without a space where both sides are CJK.
//
// Orientation: EXIF/TIFF orientation and PDF /Rotate are applied first.
// Tesseract's orientation detection costs 0.25-0.7 s a page (as much as
// recognition) and on upright receipts it claims 180° with confidence
// below 5, so it only runs when a page reads badly (mean confidence below
// 0.6); the page is then read turned as it says, and the better reading
// (confident characters) is kept. Page.Rotation records what was applied.
//
// Deskew (deskew.go): after rotation, a page skewed by 0.2° or more is
// straightened (Leptonica's skew search, about 17 ms a page), and
// Page.Skew records the angle. On the 150 SROIE receipts it found dates
// and totals verbatim 232 times out of 298 instead of 224, words 51.4%
// instead of 51.0%, CER unchanged (0.398); on 40 synthetic Japanese
// documents (skewed up to 2°, which Tesseract's own layout analysis
// mostly absorbs) 211 printed fields of 343 instead of 214; same speed on
// a quiet machine (0.70 against 0.76 s a document).
//
// Settings were chosen with cmd/shohyo-eval-ocr on two sets. SROIE: 150
// real receipts (150 dpi scans, ~600 characters each, English; 427.jpg
// is corrupt and refused, libjpeg refuses it too); CER also counts
// reading-order differences with transcripts that split "TOTAL: 9.00"
// into distant lines, so compare figures rather than read absolutes, and
// "keys" is the share of dates and totals found verbatim. Synthetic: 40
// Japanese invoices and receipts from internal/synth at 200 dpi with
// their scan degradations, scored by the printed field texts (issuer,
// registration number, dates, amounts) found verbatim.
//
//	                       SROIE CER  words  keys   synth invoices  receipts
//	PSM 3 (automatic)          0.420  47.7%  66.8%          66.4%     47.6%
//	PSM 4 (single column)      0.423  48.3%  68.1%          65.0%     50.0%
//	PSM 6 (single block)       0.398  51.5%  76.5%          61.3%     48.4%
//	by shape (the default)     0.398  50.9%  74.2%          66.4%     51.6%
//	PSM 6, upscaled to 300     0.399  51.4%  75.9%
//	PSM 11 (sparse; first 50 receipts) CER 0.437 against 0.350 for PSM 3
//	eng alone (PSM 3, first 50 receipts) CER 0.360 against 0.350 for jpn+eng
//
// One block reads slips best (amounts at the right edge stay on their
// row) and automatic layout analysis reads A4 invoices best (6 merged the
// title 御請求書 into Latin garbage at 200 dpi and mixes columns), so the
// default picks per page: PSM 6 when the page is at least 1.8 times as
// long as it is wide (A4 is 1.41, receipts 2-5), PSM 3 otherwise.
// Rendering the synthetic set at 300 dpi instead of 200 did not help
// either mode (PSM 3: 63.1% / 52.4%). Upscaling 150 dpi receipts
// (bilinear) gained nothing, took 3-4× the time and 850 MB instead of 590
// MB RSS, and pushed two large photos past the page timeout, so it is
// off. Speed: 1.09 s per SROIE receipt page with one worker when the
// 2-core machine, shared with other work, was quiet (load ~2), up to 3.5 s
// under load 9; two workers gave the same throughput as one under that
// load. Orientation detection as configured (below) changed neither CER
// nor time on SROIE.
//
// Memory: gosseract v2.4.1's GetBoundingBoxesVerbose never deletes its
// ResultIterator nor the word strings (about 130 KB a page that no client
// owns, so recreating clients did not help: RSS grew from 260 MB after 50
// pages to 345 MB at 600). Recognition therefore reads the result through
// Tesseract's C API on the TessBaseAPI the gosseract client owns
// (recognize.go), freeing all of it, and hands freed C heap back after
// each page (glibc otherwise keeps the high-water mark of the largest
// page). Measured with cmd/shohyo-bench-ocr over 1,000 strips cut from
// SROIE scans, with the key-field re-reads (reread.go: one more jpn+eng
// instance per worker, about 40 MB): RSS 184 MB at 50 pages, 191 at 300,
// then 209-233 from 400 to 1,000 (larger strips there), peak 237 MB
// without recycling. Recreating the client at page 500 gained nothing
// and loading the new one's models briefly took the peak to 274 MB, so
// RecycleAfter is 5,000: a bound on whatever Tesseract accumulates over a
// long-running worker, not a leak workaround.
//
// Timeouts: Tesseract cannot be interrupted mid-page (gosseract passes no
// progress monitor), so Config.PageTimeout bounds how long Recognize
// waits; see Engine.
//
// # Re-reads of key fields
//
// After the page reading, three kinds of small region are read again as
// one text line (PSM 7) by two lazily created Tesseract instances of
// their own (one restricted to the characters the field is printed with,
// one free): word runs that look like a registration number (reread.go:
// the slashed 0 read as 9 and the T read as 1 are undone; kept only with
// a valid check digit near the page reading), words that hold a year but
// no readable date (redate.go: "20244448308" for 2024年4月30日; kept only
// when the reading is a valid date with the same digits), and ink right
// of a line that no word covers (unread.go: the amount column PSM 3 drops
// on short receipts; kept only when shaped like an amount). Each crop
// costs 10-40 ms and only pages with such regions pay it.
//
// Whole rows the page reading skipped (unreadrows.go: the rows of a tax
// breakdown between a table's rules, which PSM 3 may return as nothing at
// all) are bands of ink that no word covers once rules and frames (runs
// of ink three word heights long) are set aside, and that no read word
// crosses (a seal stamped over a name leaves ink outside its words: read
// again, it only doubled the name), and whose columns' ink stands at
// least 0.4 word heights (dashed separators, tear edges and scanner
// shadow do not, and cost up to 0.3 s each to read as nothing). Each band
// is read as a block (PSM 6) with the page client, and kept when its mean
// confidence is 0.6 or more: about 6 % of the page reading's time on
// SROIE receipts.
// On the synthetic Japanese development set this brought back the tax
// rows of 3 documents; an attempt to re-read large lines (names, titles)
// from their crops the same way was measured and dropped: the page's
// lines that hold a large name also hold the recipient beside it, and
// the re-reads lost as many fields as they won.
//
// Japanese garbled into Latin letters (garbled.go): a small label that
// shares a row with a large amount is read at the amount's line height
// and comes out as a Latin word at confidence 0 ("anmxaxceeeones" for
// 適格請求書発行事業者登録番号), hiding the label from the registration
// number's re-read below it. On a page that is a fifth Japanese, such
// words (six letters or more, below 0.3) are read again alone and
// replaced when the reading is confident and mostly Japanese: held-out
// registration_number 96 → 98 %. Re-reading every word below 0.3 this way
// was measured and dropped: the crops caught neighbours' strokes and
// addresses came back worse (issuer_address −4 points).
//
// Enclosed company marks (marks.go, markshape.go): ㈱ and ㈲ are not in
// the unicharset of Debian's jpn model, so Tesseract reads them as some
// kanji (幌, 個, 朝, 内) or turns a large name line into Latin letters.
// Each end of every line is looked at for the mark's shape: a "(" and a
// ")" as tall as the line, thin and curving outwards, a glyph apart (an
// edge test, since a blurred scan joins the parentheses to the character
// inside). Only where the shape holds is the inside read alone, enlarged;
// 株 or 有 puts the mark in place of the words read for it, and a line
// that still reads badly is read again without it. Synthetic development
// set: issuer_name 89 → 95 %, held-out 91 → 93 %. The shape test costs
// microseconds a line end; only where it passes is anything read (10-30
// ms a crop).
//
// Rows read as one (merged.go): page layout analysis sometimes takes two
// rows of small print for one line twice as tall, and reads them as a
// few tall Latin words ("ee wn en we" for a tax breakdown's 10%対象 and
// 8%対象 rows). On a page with Japanese, such words (below 0.6, 1.8 times
// the page's word height, with a band of paper across their middle half)
// and the garbled words of their line beside them are read again together
// as a block, whose lines replace them when confident. Requiring the band
// of paper matters: without it the block re-read also took large name
// lines with ㈱ misread as Latin and read three issuers and recipients
// worse than the mark re-read does. On the synthetic sets tax_lines 96 →
// 98 % (development) and 96 → 97 % (held-out), issuer_address 48 → 49 %
// held-out, no field lost; the tax breakdown of the demo's first sample
// is read.
//
// # PDF
//
// pdfcpu parses the file (encryption, page count, page sizes, images,
// embedded files). A page is recognised from its embedded image when an
// image fills it (aspect within 3%): that is a scan, even when the
// scanner laid its own invisible OCR text over it (render mode 3), so
// every scan is read by the same engine and keeps its evidence (image
// pixels, dpi from the page size). Otherwise a page with real text (ten
// letters or digits, mostly not symbols) is read from its text layer,
// and anything else is rendered at 300 dpi and recognised. Images Go
// cannot decode are decoded by Leptonica (JPEG 2000) or rendered by
// Poppler (JBIG2). Embedded files (Factur-X/ZUGFeRD XML and any other)
// are returned by RecognizeFiles and listed in Document.Attachments. A
// PDF that needs a password to open is refused; one that only restricts
// editing opens without a password and is read.
//
// Text layer: Poppler, not PDFium. Measured here on a one-page Japanese
// invoice: go-pdfium in WebAssembly mode starts in 8.1 s cold and 0.29 s
// with a wazero compilation cache, then takes 4-10 ms for the text and
// 14-90 ms to render a page at 300 dpi; it adds wazero and a 5.7 MB wasm
// module to the binary and gives text per font run, so words must be
// rebuilt from characters. Poppler's pdftotext -bbox-layout takes 20 ms
// per document including process start (10 MB RSS) and gives words with
// boxes grouped into flows, blocks and lines; pdftoppm renders a page at
// 300 dpi in 0.16 s. Poppler, run as child processes, was chosen: nothing
// to warm up or cache, words come ready, and a hostile PDF that crashes or
// loops takes down only a child that the timeout kills (in-process code
// cannot be stopped). The cost is a fork per document and one more Debian
// package (poppler-utils, with poppler-data for Japanese CMaps) next to
// tesseract-ocr, which the service needs anyway; the GPL tools are called
// as programs, not linked.
package ocr
