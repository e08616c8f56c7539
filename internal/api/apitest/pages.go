package apitest

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"slices"
	"testing"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/imagefmt/imagefmttest"
)

// twoPagePDF is a PDF of an A4 portrait and an A4 landscape page, each
// with a red square (a seal must stay red), plus tag in a comment so
// every call is a new document.
func twoPagePDF(tag string) []byte {
	square := imagefmttest.Stream("", []byte("1 0 0 rg 100 100 200 200 re f"))
	return append(imagefmttest.PDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 5 0 R >>",
		square,
	), []byte("% "+tag+"\n")...)
}

// PageImages fetches pages of a PNG scan and of a two-page PDF as PNG,
// checks their size and colour, that a page past the end is a 404 with
// code no_such_page, and that each page shown is an original_viewed
// event with the page, by the token's person.
func PageImages(t *testing.T, tg *Target) {
	sp := loadSpec(t)
	run := runID()
	viewer := tg.Token(t, "pages-"+run, auth.Viewer)
	scan, err := os.ReadFile(sample())
	if err != nil {
		t.Fatal(err)
	}
	// The scan's content is fixed: another suite or run may have seeded it.
	scanID := tg.SeedFile(t, append(scan, []byte(run)...), "scan.png", "image/png")
	pdfID := tg.SeedFile(t, twoPagePDF(run), "invoice.pdf", "application/pdf")
	want, _, err := image.DecodeConfig(bytes.NewReader(scan))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id            string
		page          string
		width, height int // ±1 pixel for PDF rounding
		red           bool
	}{
		{scanID, "1", want.Width, want.Height, false},
		{pdfID, "1", 1240, 1754, true}, // A4 at 150 dpi
		{pdfID, "2", 1754, 1240, true},
	} {
		path := "/api/v1/documents/" + c.id + "/pages/" + c.page
		r := tg.do(t, viewer, "GET", path, "", nil)
		sp.check(t, "GET", path, r)
		if r.status != 200 || r.ctype != "image/png" {
			t.Errorf("%s: %d %s %.200s", path, r.status, r.ctype, r.body)
			continue
		}
		img, err := png.Decode(bytes.NewReader(r.body))
		if err != nil {
			t.Errorf("%s: not a PNG: %v", path, err)
			continue
		}
		b := img.Bounds()
		if abs(b.Dx()-c.width) > 1 || abs(b.Dy()-c.height) > 1 {
			t.Errorf("%s: %d×%d, want %d×%d", path, b.Dx(), b.Dy(), c.width, c.height)
		}
		// The square is 100..300 pt from the bottom left, drawn at 150 dpi.
		if c.red {
			x, y := 200*150/72, b.Dy()-200*150/72
			if r, g, bl, _ := img.At(x, y).RGBA(); r < 0xe000 || g > 0x2000 || bl > 0x2000 {
				t.Errorf("%s: pixel (%d,%d) is %x/%x/%x, want red", path, x, y, r, g, bl)
			}
		}
	}
	r := tg.do(t, viewer, "GET", "/api/v1/documents/"+pdfID+"/pages/3", "", nil)
	sp.check(t, "GET", "/api/v1/documents/"+pdfID+"/pages/3", r)
	if r.status != 404 || r.code() != "no_such_page" {
		t.Errorf("page 3 of 2: %d %s, want 404 no_such_page", r.status, r.body)
	}
	tr, err := audit.ReadTrail(context.Background(), tg.Archive)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	tr.Events(func(_ *audit.Segment, ev audit.Event, _ string) {
		if ev.Type == audit.OriginalViewed && ev.Actor.Name == "pages-"+run {
			seen = append(seen, ev.DocID[:4]+" "+ev.Detail["page"])
		}
	})
	if w := []string{scanID[:4] + " 1", pdfID[:4] + " 1", pdfID[:4] + " 2"}; !slices.Equal(seen, w) {
		t.Errorf("original_viewed events %v, want %v", seen, w)
	}
}

func abs(x int) int { return max(x, -x) }
