package ocr

// Recognition reads its results through Tesseract's C API on the
// TessBaseAPI that the worker's gosseract client owns and has initialised:
// gosseract v2.4.1's GetBoundingBoxesVerbose never deletes its
// ResultIterator nor any word's text, about 130 KB a page that no client
// owns, so recycling clients could not bound a worker's memory.

/*
#cgo LDFLAGS: -ltesseract
#include <malloc.h>
#include <stdlib.h>
#include <tesseract/capi.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"image"
	"reflect"
	"strings"
	"unsafe"

	"github.com/otiai10/gosseract/v2"

	"github.com/shohyo/shohyo/internal/layout"
)

// tessAPI is a TessBaseAPI owned by a gosseract client.
type tessAPI struct{ h *C.TessBaseAPI }

// tessHandle returns the TessBaseAPI a gosseract client wraps. v2.4.1
// keeps it in the unexported field api; the version is pinned in go.mod
// and a worker refuses to start when the field is not there.
func tessHandle(c *gosseract.Client) (tessAPI, error) {
	f := reflect.ValueOf(c).Elem().FieldByName("api")
	if !f.IsValid() || f.Kind() != reflect.UnsafePointer || f.UnsafePointer() == nil {
		return tessAPI{}, errors.New("ocr: this gosseract version does not expose its TessBaseAPI as expected (v2.4.1 does)")
	}
	return tessAPI{(*C.TessBaseAPI)(f.UnsafePointer())}, nil
}

// recognizeWords recognises g (dpi for Tesseract's filters, psm its page
// segmentation mode) and returns every word with its box, confidence and
// layout numbering, freeing everything Tesseract allocated for the page.
func (a tessAPI) recognizeWords(g *image.Gray, dpi, psm int) ([]rawWord, error) {
	h := a.h
	if g.Rect.Dx() == 0 || g.Rect.Dy() == 0 {
		return nil, errors.New("ocr: empty page image")
	}
	// SetImage copies the pixels, so g may move once the call returns.
	C.TessBaseAPISetImage(h, (*C.uchar)(unsafe.Pointer(&g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y)])),
		C.int(g.Rect.Dx()), C.int(g.Rect.Dy()), 1, C.int(g.Stride))
	defer C.TessBaseAPIClear(h)
	C.TessBaseAPISetSourceResolution(h, C.int(dpi))
	C.TessBaseAPISetPageSegMode(h, C.TessPageSegMode(psm))
	if C.TessBaseAPIRecognize(h, nil) != 0 {
		return nil, fmt.Errorf("ocr: Tesseract could not recognise the page (%dx%d px)", g.Rect.Dx(), g.Rect.Dy())
	}
	it := C.TessBaseAPIGetIterator(h)
	if it == nil {
		return nil, nil // nothing was found on the page
	}
	defer C.TessResultIteratorDelete(it)
	pi := C.TessResultIteratorGetPageIterator(it)
	var words []rawWord
	var block, para, line int
	for {
		switch {
		case C.TessPageIteratorIsAtBeginningOf(pi, C.RIL_BLOCK) != 0:
			block, para, line = block+1, 1, 1
		case C.TessPageIteratorIsAtBeginningOf(pi, C.RIL_PARA) != 0:
			para, line = para+1, 1
		case C.TessPageIteratorIsAtBeginningOf(pi, C.RIL_TEXTLINE) != 0:
			line++
		}
		if w, ok := currentWord(it, pi); ok {
			w.block, w.para, w.line = block, para, line
			words = append(words, w)
		}
		if C.TessResultIteratorNext(it, C.RIL_WORD) == 0 {
			return words, nil
		}
	}
}

// currentWord reads the word the iterator is at; ok is false at an empty
// position (a block without text).
func currentWord(it *C.TessResultIterator, pi *C.TessPageIterator) (rawWord, bool) {
	txt := C.TessResultIteratorGetUTF8Text(it, C.RIL_WORD)
	if txt == nil {
		return rawWord{}, false
	}
	text := C.GoString(txt)
	C.TessDeleteText(txt)
	var x1, y1, x2, y2 C.int
	if C.TessPageIteratorBoundingBox(pi, C.RIL_WORD, &x1, &y1, &x2, &y2) == 0 {
		return rawWord{}, false
	}
	return rawWord{
		text: text,
		box:  layout.BBox{int(x1), int(y1), int(x2), int(y2)},
		conf: clamp01(float64(C.TessResultIteratorConfidence(it, C.RIL_WORD)) / 100),
	}, true
}

// releaseFreed hands the C heap's free pages back to the system. Without
// it a worker's RSS is the high-water mark of the largest page it ever
// read (glibc keeps freed arenas), not what it holds.
func releaseFreed() { C.malloc_trim(0) }

// readLine recognises g as a single line (page segmentation mode 7) and
// returns its text and Tesseract's mean confidence in [0,1]. The page
// segmentation mode is set on every call, so a later page read is not
// affected.
func (a tessAPI) readLine(g *image.Gray, dpi int) (string, float64) {
	if g.Rect.Dx() == 0 || g.Rect.Dy() == 0 {
		return "", 0
	}
	C.TessBaseAPISetImage(a.h, (*C.uchar)(unsafe.Pointer(&g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y)])),
		C.int(g.Rect.Dx()), C.int(g.Rect.Dy()), 1, C.int(g.Stride))
	defer C.TessBaseAPIClear(a.h)
	C.TessBaseAPISetSourceResolution(a.h, C.int(dpi))
	C.TessBaseAPISetPageSegMode(a.h, C.PSM_SINGLE_LINE)
	txt := C.TessBaseAPIGetUTF8Text(a.h)
	if txt == nil {
		return "", 0
	}
	defer C.TessDeleteText(txt)
	return strings.TrimSpace(C.GoString(txt)), clamp01(float64(C.TessBaseAPIMeanTextConf(a.h)) / 100)
}
