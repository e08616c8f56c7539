package ocr

// The two things gosseract v2.4.1 does not offer are done here through
// Tesseract's and Leptonica's C APIs: orientation detection, and decoding
// the few page codecs Go lacks (JPEG-in-TIFF, JPEG 2000).

/*
#cgo LDFLAGS: -lleptonica -ltesseract
#include <stdlib.h>
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>

// decode_gray reads any image Leptonica knows and returns it as an 8-bit
// grayscale PGM in *out (free with lept_free), or 1 on failure.
static int decode_gray(const unsigned char *data, size_t n, unsigned char **out, size_t *outn) {
	PIX *pix = pixReadMem(data, n);
	if (pix == NULL) return 1;
	PIX *g = pixConvertTo8(pix, 0);
	pixDestroy(&pix);
	if (g == NULL) return 1;
	int rc = pixWriteMem(out, outn, g, IFF_PNM);
	pixDestroy(&g);
	return rc != 0;
}
*/
import "C"

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"strconv"
	"sync"
	"unsafe"
)

var quietLeptonica sync.Once

// silenceLeptonica stops Leptonica's messages ("Error in
// boxClipToRectangle", emitted by Tesseract's layout analysis on harmless
// cases) from flooding the service's stderr. The setting is process-wide.
func silenceLeptonica() {
	quietLeptonica.Do(func() { C.setMsgSeverity(C.L_SEVERITY_NONE) })
}

// decodeNative decodes an image with Leptonica into grayscale. It is only
// reached for a file whose headers Go has already validated and whose
// pixel count is within limits.
func decodeNative(data []byte) (*image.Gray, error) {
	if len(data) == 0 {
		return nil, errors.New("ocr: native decode of empty data")
	}
	silenceLeptonica()
	var out *C.uchar
	var n C.size_t
	if C.decode_gray((*C.uchar)(unsafe.Pointer(&data[0])), C.size_t(len(data)), &out, &n) != 0 {
		return nil, errors.New("ocr: leptonica could not decode the page")
	}
	defer C.lept_free(unsafe.Pointer(out))
	return parsePGM(C.GoBytes(unsafe.Pointer(out), C.int(n)))
}

// parsePGM reads a binary 8-bit PGM (P5), as Leptonica and pdftoppm write.
func parsePGM(b []byte) (*image.Gray, error) {
	var vals [3]int
	if !bytes.HasPrefix(b, []byte("P5")) {
		return nil, errors.New("ocr: not a binary PGM")
	}
	p := 2
	for i := 0; i < 3; i++ {
		for p < len(b) && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' || b[p] == '\t' || b[p] == '#') {
			if b[p] == '#' {
				for p < len(b) && b[p] != '\n' {
					p++
				}
				continue
			}
			p++
		}
		s := p
		for p < len(b) && b[p] >= '0' && b[p] <= '9' {
			p++
		}
		v, err := strconv.Atoi(string(b[s:p]))
		if err != nil {
			return nil, fmt.Errorf("ocr: PGM header: %w", err)
		}
		vals[i] = v
	}
	p++ // the single whitespace after maxval
	w, h := vals[0], vals[1]
	if vals[2] != 255 || w <= 0 || h <= 0 || len(b)-p < w*h {
		return nil, fmt.Errorf("ocr: PGM %dx%d maxval %d with %d bytes of pixels", w, h, vals[2], len(b)-p)
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	copy(g.Pix, b[p:p+w*h])
	return g, nil
}

// osd detects page orientation with Tesseract's "osd" model. It is a
// separate TessBaseAPI because gosseract exposes none of this.
type osd struct {
	h *C.TessBaseAPI
}

func newOSD() (*osd, error) {
	h := C.TessBaseAPICreate()
	lang := C.CString("osd")
	defer C.free(unsafe.Pointer(lang))
	if C.TessBaseAPIInit3(h, nil, lang) != 0 {
		C.TessBaseAPIDelete(h)
		return nil, errors.New("ocr: cannot load the Tesseract osd model (is tesseract-ocr-osd installed?)")
	}
	return &osd{h: h}, nil
}

// detect returns the clockwise rotation that makes g upright and
// Tesseract's confidence in it; ok is false when too little text was found.
func (o *osd) detect(g *image.Gray, dpi int) (rotate int, conf float64, ok bool) {
	C.TessBaseAPISetImage(o.h, (*C.uchar)(unsafe.Pointer(&g.Pix[0])),
		C.int(g.Rect.Dx()), C.int(g.Rect.Dy()), 1, C.int(g.Stride))
	C.TessBaseAPISetSourceResolution(o.h, C.int(dpi))
	var deg C.int
	var oconf, sconf C.float
	var script *C.char
	res := C.TessBaseAPIDetectOrientationScript(o.h, &deg, &oconf, &script, &sconf)
	C.TessBaseAPIClear(o.h)
	if res == 0 {
		return 0, 0, false
	}
	// Tesseract reports how far the text is turned anticlockwise; the
	// correction is the same angle clockwise.
	return (360 - int(deg)) % 360, float64(oconf), true
}

func (o *osd) close() {
	if o != nil && o.h != nil {
		C.TessBaseAPIEnd(o.h)
		C.TessBaseAPIDelete(o.h)
		o.h = nil
	}
}
