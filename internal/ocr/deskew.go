package ocr

// Deskew straightens a page turned by a few degrees on the scanner glass
// before recognition: Tesseract's layout analysis tolerates a little skew
// but joins neighbouring rows once the text runs across them, which is
// what breaks amounts away from their labels on receipts.

/*
#cgo LDFLAGS: -lleptonica
#include <math.h>
#include <leptonica/allheaders.h>

// deskew_gray finds the skew of an 8-bit page with Leptonica (on a
// binarised, reduced copy) and, when it is at least min_angle degrees with
// confidence at least min_conf, writes the page rotated about its centre
// into out (same size, white brought in). It returns 1 when out was
// written; *angle and *conf are what the search found either way.
static int deskew_gray(const unsigned char *in, int w, int h, int stride,
                       float min_angle, float min_conf,
                       unsigned char *out, float *angle, float *conf) {
	*angle = 0; *conf = 0;
	PIX *pix = pixCreate(w, h, 8);
	if (pix == NULL) return 0;
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix);
	for (int y = 0; y < h; y++) {
		l_uint32 *line = data + y * wpl;
		const unsigned char *src = in + (size_t)y * stride;
		for (int x = 0; x < w; x++) SET_DATA_BYTE(line, x, src[x]);
	}
	PIX *bin = pixConvertTo1(pix, 130);
	int found = bin != NULL && pixFindSkew(bin, angle, conf) == 0;
	if (bin != NULL) pixDestroy(&bin);
	PIX *d = NULL;
	if (found && *conf >= min_conf && fabsf(*angle) >= min_angle)
		d = pixRotate(pix, 3.14159265f / 180.0f * *angle, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
	int rotated = d != NULL && pixGetDepth(d) == 8 && pixGetWidth(d) == w && pixGetHeight(d) == h;
	if (rotated) {
		l_uint32 *dd = pixGetData(d);
		int dwpl = pixGetWpl(d);
		for (int y = 0; y < h; y++) {
			l_uint32 *line = dd + y * dwpl;
			unsigned char *dst = out + (size_t)y * w;
			for (int x = 0; x < w; x++) dst[x] = GET_DATA_BYTE(line, x);
		}
	}
	if (d != NULL) pixDestroy(&d);
	pixDestroy(&pix);
	return rotated;
}
*/
import "C"

import (
	"image"
	"unsafe"
)

// Thresholds of the skew search's answer. Leptonica's own deskew wants
// confidence 3, which dense real receipts reach on about half their pages
// but cleanly printed sparse pages never do (2.2-2.7 at 1-3° skew, where
// the angle found is right within 0.1°). Below 0.2° the rotation's
// resampling costs more sharpness than the skew.
const (
	minSkew     = 0.2
	minSkewConf = 2.0
)

// deskew returns g straightened and the angle it was turned by (degrees,
// as Leptonica reports it), or g itself and 0 when no skew was found with
// confidence.
func deskew(g *image.Gray) (*image.Gray, float64) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < 32 || h < 32 {
		return g, 0
	}
	silenceLeptonica()
	out := image.NewGray(image.Rect(0, 0, w, h))
	var angle, conf C.float
	in := unsafe.Pointer(&g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y)])
	if C.deskew_gray((*C.uchar)(in), C.int(w), C.int(h), C.int(g.Stride), minSkew, minSkewConf,
		(*C.uchar)(unsafe.Pointer(&out.Pix[0])), &angle, &conf) == 0 {
		return g, 0
	}
	return out, float64(angle)
}
