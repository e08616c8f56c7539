package imagefmt_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/imagefmt/imagefmttest"
)

// tinyWebP is a 1×1 lossless WebP (the widely used feature-test image).
const tinyWebP = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="

func page(t *testing.T, dpi float64) *image.RGBA {
	t.Helper()
	img, err := imagefmttest.Page([]string{"請求書 No. 42", "合計 ¥1,100"}, dpi, 3, 12)
	if err != nil {
		t.Skipf("no font: %v", err)
	}
	return img
}

func gray(img image.Image) *image.Gray {
	g := image.NewGray(img.Bounds())
	for y := 0; y < g.Rect.Dy(); y++ {
		for x := 0; x < g.Rect.Dx(); x++ {
			g.Set(x, y, img.At(x, y))
		}
	}
	return g
}

func TestSniff(t *testing.T) {
	webp, _ := base64.StdEncoding.DecodeString(tinyWebP)
	for _, c := range []struct {
		data []byte
		want imagefmt.Format
	}{
		{[]byte{0xFF, 0xD8, 0xFF, 0xE0}, imagefmt.JPEG},
		{[]byte("\x89PNG\r\n\x1a\n...."), imagefmt.PNG},
		{[]byte("II*\x00\x08\x00\x00\x00"), imagefmt.TIFF},
		{[]byte("MM\x00*\x00\x00\x00\x08"), imagefmt.TIFF},
		{webp, imagefmt.WebP},
		{[]byte("%PDF-1.7\n"), imagefmt.PDF},
		{append(bytes.Repeat([]byte{' '}, 100), "%PDF-1.4"...), imagefmt.PDF},
		{[]byte("hello, this is not a PDF"), imagefmt.Unknown},
		{nil, imagefmt.Unknown},
	} {
		if got := imagefmt.Sniff(c.data); got != c.want {
			t.Errorf("Sniff(%q) = %q, want %q", c.data[:min(len(c.data), 12)], got, c.want)
		}
	}
}

func TestEvidence(t *testing.T) {
	img := page(t, 200)
	rgba := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	webp, _ := base64.StdEncoding.DecodeString(tinyWebP)
	tiff := imagefmttest.TIFF([]imagefmttest.TIFFPage{
		{Img: imagefmttest.Bilevel(img), DPI: 400, G4: true},
		{Img: gray(img), DPI: 100, Thumbnail: true},
		{Img: gray(img), DPI: 200},
		{Img: img, DPI: 300},
	})
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for _, c := range []struct {
		name   string
		data   []byte
		page   int
		pages  int
		want   string // WidthPx HeightPx DPI DPISource ColorMode BitDepth Format
		orient int
	}{
		{"jpeg jfif", imagefmttest.JPEG(img, 200), 0, 1, fmtScan(w, h, 200, "file", "rgb", 24, "jpeg"), 0},
		{"jpeg gray", imagefmttest.JPEG(gray(img), 150), 0, 1, fmtScan(w, h, 150, "file", "gray", 8, "jpeg"), 0},
		{"jpeg exif", imagefmttest.JPEGExif(img, 300, 6), 0, 1, fmtScan(w, h, 300, "file", "rgb", 24, "jpeg"), 6},
		{"jpeg none", imagefmttest.JPEG(img, 0), 0, 1, fmtScan(w, h, 300, "assumed", "rgb", 24, "jpeg"), 0},
		{"png phys", imagefmttest.PNG(gray(img), 300), 0, 1, fmtScan(w, h, 300, "file", "gray", 8, "png"), 0},
		{"png rgba", imagefmttest.PNG(rgba, 0), 0, 1, fmtScan(40, 30, 300, "assumed", "rgb", 32, "png"), 0},
		{"webp", webp, 0, 1, fmtScan(1, 1, 300, "assumed", "rgb", 32, "webp"), 0},
		{"tiff g4", tiff, 0, 3, fmtScan(w, h, 400, "file", "bilevel", 1, "tiff"), 0},
		{"tiff gray after thumbnail", tiff, 1, 3, fmtScan(w, h, 200, "file", "gray", 8, "tiff"), 0},
		{"tiff rgb", tiff, 2, 3, fmtScan(w, h, 300, "file", "rgb", 24, "tiff"), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := imagefmt.Open(c.data, imagefmt.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if f.Pages() != c.pages {
				t.Fatalf("%d pages, want %d", f.Pages(), c.pages)
			}
			s := f.Scan(c.page)
			if got := fmtScan(s.WidthPx, s.HeightPx, s.DPI, s.DPISource, s.ColorMode, s.BitDepth, s.Format); got != c.want {
				t.Errorf("scan %s, want %s", got, c.want)
			}
			if o := f.Info(c.page).Orientation; o != c.orient {
				t.Errorf("orientation %d, want %d", o, c.orient)
			}
			dec, err := f.Decode(c.page)
			if err != nil {
				t.Fatal(err)
			}
			if b := dec.Bounds(); b.Dx() != s.WidthPx || b.Dy() != s.HeightPx {
				t.Errorf("decoded %v", b)
			}
		})
	}
}

func fmtScan(w, h int, dpi float64, src, mode string, bits int, format string) string {
	return fmt.Sprintf("%dx%d %g dpi (%s) %s %d-bit %s", w, h, dpi, src, mode, bits, format)
}

// TestG4RoundTrip checks the G4 fixture encoder against x/image's decoder,
// so a G4 TIFF in the OCR tests really carries the page.
func TestG4RoundTrip(t *testing.T) {
	bi := imagefmttest.Bilevel(page(t, 200))
	f, err := imagefmt.Open(imagefmttest.TIFF([]imagefmttest.TIFFPage{{Img: bi, DPI: 200, G4: true}}), imagefmt.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	dec, err := f.Decode(0)
	if err != nil {
		t.Fatal(err)
	}
	g := imagefmt.Gray(dec)
	for i := range bi.Pix {
		if bi.Pix[i] != g.Pix[i] {
			t.Fatalf("pixel %d differs: %d vs %d", i, bi.Pix[i], g.Pix[i])
		}
	}
}

func TestRotate(t *testing.T) {
	// 3×2: a b c / d e f
	g := &image.Gray{Pix: []byte{1, 2, 3, 4, 5, 6}, Stride: 3, Rect: image.Rect(0, 0, 3, 2)}
	for _, c := range []struct {
		deg  int
		want []byte
		w    int
	}{
		{0, []byte{1, 2, 3, 4, 5, 6}, 3},
		{90, []byte{4, 1, 5, 2, 6, 3}, 2},
		{180, []byte{6, 5, 4, 3, 2, 1}, 3},
		{270, []byte{3, 6, 2, 5, 1, 4}, 2},
	} {
		r := imagefmt.Rotate(g, c.deg)
		if !bytes.Equal(r.Pix, c.want) || r.Rect.Dx() != c.w {
			t.Errorf("Rotate %d = %v (%v), want %v", c.deg, r.Pix, r.Rect, c.want)
		}
	}
}

func TestGrayFlattensAlphaOnWhite(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	img.Set(1, 0, color.NRGBA{0, 0, 0, 255})
	g := imagefmt.Gray(img)
	if g.Pix[0] != 255 || g.Pix[1] != 0 {
		t.Errorf("got %v, want transparent → white, black → black", g.Pix)
	}
}

// hugePNG is a valid PNG header claiming 100000×100000 pixels: a
// decompression bomb must be refused from the header alone.
func hugePNG() []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	d := b.Bytes()
	d[16], d[17], d[18], d[19] = 0, 1, 0x86, 0xA0
	d[20], d[21], d[22], d[23] = 0, 1, 0x86, 0xA0
	binary.BigEndian.PutUint32(d[29:], crc32.ChecksumIEEE(d[12:29]))
	return d
}

func TestHostile(t *testing.T) {
	img := page(t, 150)
	jpg := imagefmttest.JPEG(img, 150)
	pngb := imagefmttest.PNG(img, 150)
	loop := imagefmttest.TIFF([]imagefmttest.TIFFPage{{Img: gray(img), DPI: 200}})
	// Point the directory's "next" field back at itself.
	ifd := int(loop[4]) | int(loop[5])<<8 | int(loop[6])<<16 | int(loop[7])<<24
	n := int(loop[ifd]) | int(loop[ifd+1])<<8
	copy(loop[ifd+2+12*n:], loop[4:8])
	many := make([]imagefmttest.TIFFPage, 4)
	for i := range many {
		many[i] = imagefmttest.TIFFPage{Img: image.NewGray(image.Rect(0, 0, 8, 8)), DPI: 200}
	}
	for _, c := range []struct {
		name, data, reason string
		decode             bool
	}{
		{"empty", "", "not a supported image or PDF: it is an empty file", false},
		{"text", "Dear customer, here is your invoice.", "it is a text file", false},
		{"gif", "GIF89a\x01\x00\x01\x00\x00\x00\x00;", "it is a GIF image", false},
		{"jpeg magic only", "\xFF\xD8\xFF\xE0garbage", "damaged or incomplete", false},
		{"truncated jpeg", string(jpg[:len(jpg)/2]), "damaged or incomplete", true},
		{"truncated png", string(pngb[:len(pngb)/2]), "damaged or incomplete", true},
		{"png bomb", string(hugePNG()), "too large to process", false},
		{"tiff loop", string(loop), "damaged or incomplete", false},
		{"tiff too many pages", string(imagefmttest.TIFF(many)), "more than 3 pages", false},
		{"tiff header only", "II*\x00\xFF\xFF\x00\x00", "damaged or incomplete", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := imagefmt.Open([]byte(c.data), imagefmt.Limits{MaxPixels: 50_000_000, MaxPages: 3})
			if err == nil && c.decode {
				_, err = f.Decode(0)
			}
			if err == nil {
				t.Fatal("accepted")
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

// FuzzOpen checks that no input makes Open or Decode panic or hang.
func FuzzOpen(f *testing.F) {
	f.Add(imagefmttest.PNG(image.NewGray(image.Rect(0, 0, 4, 4)), 300))
	f.Add(imagefmttest.JPEG(image.NewGray(image.Rect(0, 0, 8, 8)), 300))
	f.Add(imagefmttest.TIFF([]imagefmttest.TIFFPage{{Img: image.NewGray(image.Rect(0, 0, 8, 8)), DPI: 300, G4: true}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := imagefmt.Open(data, imagefmt.Limits{MaxPixels: 1 << 20, MaxPages: 4})
		if err != nil {
			return
		}
		for i := range file.Pages() {
			file.Decode(i)
		}
	})
}

// TestUnsupportedCodec checks that a JPEG-compressed TIFF page is reported
// for a native decoder, with a standalone copy of the page to hand over.
func TestUnsupportedCodec(t *testing.T) {
	g := gray(page(t, 100))
	data := imagefmttest.TIFF([]imagefmttest.TIFFPage{{Img: g, DPI: 100}, {Img: g, DPI: 100, JPEG: true}})
	f, err := imagefmt.Open(data, imagefmt.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Decode(1); !errors.Is(err, imagefmt.ErrUnsupportedCodec) {
		t.Fatalf("err = %v, want ErrUnsupportedCodec", err)
	}
	one, err := imagefmt.Open(f.PageBytes(1), imagefmt.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if one.Info(0).Width != g.Rect.Dx() || one.Pages() != 1 {
		t.Errorf("page copy starts at the wrong page: %+v, %d pages", one.Info(0), one.Pages())
	}
}
