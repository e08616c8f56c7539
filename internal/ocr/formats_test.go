package ocr_test

import (
	"context"
	"encoding/base64"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/imagefmt/imagefmttest"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/testutil"
)

// tinyWebP is a 1×1 lossless WebP, the smallest page there is.
const tinyWebP = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="

func TestWebPBlank(t *testing.T) {
	data, _ := base64.StdEncoding.DecodeString(tinyWebP)
	doc := recognize(t, data)
	p := doc.Pages[0]
	assertScan(t, p.Scan, layout.Scan{WidthPx: 1, HeightPx: 1, DPI: 300, DPISource: "assumed", ColorMode: "rgb", BitDepth: 32, Format: "webp"})
	if p.Lines == nil || len(p.Lines) != 0 || p.Rotation != 0 {
		t.Errorf("blank page: lines %v rotation %d", p.Lines, p.Rotation)
	}
}

// TestWebP reads a page encoded by libwebp's own encoder (Go has none),
// lossy as phones and web forms send it, and lossless.
func TestWebP(t *testing.T) {
	cwebp, err := exec.LookPath("cwebp")
	if err != nil {
		testutil.Require(t, "cwebp (Debian package webp)")
	}
	img := invoicePage(t, 200)
	dir := t.TempDir()
	png := filepath.Join(dir, "page.png")
	if err := os.WriteFile(png, imagefmttest.PNG(img, 200), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, mode := range [][]string{{"-q", "80"}, {"-lossless"}} {
		t.Run(mode[0], func(t *testing.T) {
			out := filepath.Join(dir, "page"+mode[0]+".webp")
			if b, err := exec.Command(cwebp, append(mode, "-quiet", png, "-o", out)...).CombinedOutput(); err != nil {
				t.Fatalf("cwebp: %v: %s", err, b)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			doc := recognize(t, data)
			b := img.Bounds()
			assertScan(t, doc.Pages[0].Scan, layout.Scan{WidthPx: b.Dx(), HeightPx: b.Dy(), DPI: 300, DPISource: "assumed",
				ColorMode: "rgb", BitDepth: doc.Pages[0].Scan.BitDepth, Format: "webp"})
			assertText(t, doc, "請求書", "合計金額")
		})
	}
}

// TestConcurrentDocuments runs documents side by side through one pool:
// each client must only ever be used by its own worker.
func TestConcurrentDocuments(t *testing.T) {
	imgs := []*image.RGBA{invoicePage(t, 150), invoicePage(t, 200), invoicePage(t, 300)}
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			doc, err := testEngine(t).Recognize(context.Background(), imagefmttest.JPEG(imgs[i%3], 150+50*(i%3)), "c.jpg")
			if err != nil {
				t.Error(err)
				return
			}
			if !strings.Contains(strings.ReplaceAll(doc.Text(), " ", ""), "株式会社") {
				t.Errorf("document %d: %q", i, doc.Text())
			}
		}()
	}
	wg.Wait()
}

// TestJPEGInTIFF covers a codec Go lacks: the page goes to Leptonica.
func TestJPEGInTIFF(t *testing.T) {
	img := invoicePage(t, 300)
	data := imagefmttest.TIFF([]imagefmttest.TIFFPage{
		{Img: imagefmt.Gray(img), DPI: 300},
		{Img: imagefmt.Gray(img), DPI: 300, JPEG: true},
	})
	doc := recognize(t, data)
	if len(doc.Pages) != 2 {
		t.Fatalf("%d pages", len(doc.Pages))
	}
	assertText(t, &layout.Document{Pages: doc.Pages[1:]}, "請求書", "合計金額")
	if s := doc.Pages[1].Scan; s.ColorMode != "gray" || s.BitDepth != 8 || s.DPI != 300 {
		t.Errorf("scan %+v", s)
	}
}
