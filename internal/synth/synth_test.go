package synth_test

import (
	"bytes"
	"encoding/binary"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/synth"
	"golang.org/x/text/unicode/norm"
)

// needFonts skips when the IPA fonts are not installed, as on a laptop
// without the fonts-ipafont packages.
func needFonts(t testing.TB) {
	t.Helper()
	for _, p := range []string{synth.DefaultGothic, synth.DefaultMincho} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("IPA font missing: %v", err)
		}
	}
}

// fileDPI reads the resolution recorded in a PNG pHYs chunk or a JPEG
// JFIF APP0 segment.
func fileDPI(t *testing.T, b []byte) int {
	t.Helper()
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		for p := 8; p+8 <= len(b); {
			n := int(binary.BigEndian.Uint32(b[p:]))
			if string(b[p+4:p+8]) == "pHYs" && b[p+16] == 1 {
				return int(math.Round(float64(binary.BigEndian.Uint32(b[p+8:])) * 0.0254))
			}
			p += 12 + n
		}
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF, 0xE0}) && string(b[6:11]) == "JFIF\x00" && b[13] == 1:
		return int(binary.BigEndian.Uint16(b[14:]))
	}
	t.Fatal("no resolution recorded in the file")
	return 0
}

func TestGenerateInvoiceA4(t *testing.T) {
	needFonts(t)
	s, err := synth.Generate(7, synth.Options{Kind: synth.KindInvoice, Degrade: &synth.Degradation{}})
	if err != nil {
		t.Fatal(err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(s.Image))
	if err != nil {
		t.Fatal(err)
	}
	// A4 at 200 dpi is 210 × 297 mm = 1654 × 2339 px.
	if format != "png" || s.Ext != "png" || cfg.Width != 1654 || cfg.Height != 2339 {
		t.Errorf("got %s %d×%d (ext %s), want png 1654×2339", format, cfg.Width, cfg.Height, s.Ext)
	}
	if s.Width != cfg.Width || s.Height != cfg.Height || s.DPI != 200 {
		t.Errorf("Sample says %d×%d at %d dpi, file is %d×%d", s.Width, s.Height, s.DPI, cfg.Width, cfg.Height)
	}
	if got := fileDPI(t, s.Image); got != 200 {
		t.Errorf("recorded dpi %d, want 200", got)
	}
	if s.Truth.InvoiceNumber == nil || s.Truth.DueDate == nil || s.Truth.Recipient == nil {
		t.Errorf("invoice truth lacks number, due date or recipient: %+v", s.Truth)
	}
}

func TestGenerateDegradedFormats(t *testing.T) {
	needFonts(t)
	cases := []struct {
		deg    synth.Degradation
		format string
		gray   bool
	}{
		{synth.Degradation{JPEGQuality: 80, Rotate: 1.5, Noise: 4}, "jpeg", false},
		{synth.Degradation{Grayscale: true, Blur: 0.8}, "png", true},
		{synth.Degradation{Grayscale: true, JPEGQuality: 70, Rotate: -2}, "jpeg", true},
	}
	for _, tc := range cases {
		s, err := synth.Generate(3, synth.Options{Kind: synth.KindReceipt, DPI: 150, Degrade: &tc.deg})
		if err != nil {
			t.Fatal(err)
		}
		img, format, err := image.Decode(bytes.NewReader(s.Image))
		if err != nil {
			t.Fatalf("%+v: %v", tc.deg, err)
		}
		_, isGray := img.(*image.Gray)
		if format != tc.format || isGray != tc.gray || fileDPI(t, s.Image) != 150 {
			t.Errorf("%+v: got %s gray=%v dpi=%d", tc.deg, format, isGray, fileDPI(t, s.Image))
		}
		// The receipt is the slip width (80 or 58 mm) plus a 4 mm border of
		// scanner lid each side; rotation keeps the size.
		wantW := []int{int(math.Round(88 * 150 / 25.4)), int(math.Round(66 * 150 / 25.4))}
		if b := img.Bounds(); (b.Dx() != wantW[0] && b.Dx() != wantW[1]) || b.Dy() < b.Dx() {
			t.Errorf("%+v: receipt is %d×%d, want width %v and taller than wide", tc.deg, b.Dx(), b.Dy(), wantW)
		}
		for name, f := range boxes(s.Truth) {
			if f[0] < 0 || f[1] < 0 || f[2] > s.Width || f[3] > s.Height || f[0] >= f[2] || f[1] >= f[3] {
				t.Errorf("%+v: %s box %v outside %d×%d", tc.deg, name, f, s.Width, s.Height)
			}
		}
	}
}

func boxes(f record.Fields) map[string][4]int {
	out := map[string][4]int{}
	for name, fld := range map[string]*record.Field{"total": f.Total, "issue_date": f.IssueDate, "registration_number": f.RegistrationNumber, "issuer_name": f.IssuerName} {
		if fld != nil && fld.BBox != nil {
			out[name] = *fld.BBox
		}
	}
	return out
}

func TestGenerateDeterministic(t *testing.T) {
	needFonts(t)
	opts := synth.Options{DPI: 72}
	a, err := synth.Generate(42, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := synth.Generate(42, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Image, b.Image) || a.Truth.Total.Value != b.Truth.Total.Value {
		t.Error("same seed gave different output")
	}
	c, err := synth.Generate(43, opts)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Image, c.Image) {
		t.Error("seeds 42 and 43 gave the same image")
	}
	// Forcing a degradation keeps the content of the seed.
	d, err := synth.Generate(42, synth.Options{DPI: 72, Degrade: &synth.Degradation{}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Truth.Total.Value != a.Truth.Total.Value || d.Truth.RegistrationNumber.Value != a.Truth.RegistrationNumber.Value {
		t.Error("changing the degradation changed the content")
	}
}

var nonDigits = regexp.MustCompile(`[^0-9]`)

// printedAmount reads the digits of an amount as printed (￥1,100-).
func printedAmount(s string) string { return nonDigits.ReplaceAllString(norm.NFKC.String(s), "") }

// TestTruthConsistency renders documents of both kinds and checks the
// truth as an extractor test would rely on it: printed amounts equal the
// values, per-rate tax is floored once, totals add up, the registration
// number is valid and dates are ISO.
func TestTruthConsistency(t *testing.T) {
	needFonts(t)
	for seed := range uint64(8) {
		s, err := synth.Generate(seed, synth.Options{DPI: 50, Degrade: &synth.Degradation{}})
		if err != nil {
			t.Fatal(err)
		}
		f := s.Truth
		if f.DocumentType.Value != s.Kind || f.Currency.Value != "JPY" {
			t.Errorf("seed %d: type %q currency %q", seed, f.DocumentType.Value, f.Currency.Value)
		}
		if !synth.ValidRegistration(f.RegistrationNumber.Value) {
			t.Errorf("seed %d: registration %s invalid", seed, f.RegistrationNumber.Value)
		}
		if got := "T" + nonDigits.ReplaceAllString(norm.NFKC.String(f.RegistrationNumber.Source), ""); got != f.RegistrationNumber.Value {
			t.Errorf("seed %d: printed %q, truth %s", seed, f.RegistrationNumber.Source, f.RegistrationNumber.Value)
		}
		for _, d := range []*record.Field{f.IssueDate, f.TransactionDate, f.DueDate} {
			if d == nil {
				continue
			}
			if _, err := time.Parse("2006-01-02", d.Value); err != nil {
				t.Errorf("seed %d: date %q not ISO", seed, d.Value)
			}
		}
		for _, a := range []*record.Field{f.Total, f.Subtotal} {
			if printedAmount(a.Source) != a.Value {
				t.Errorf("seed %d: printed %q, truth %s", seed, a.Source, a.Value)
			}
		}
		total, _ := strconv.ParseInt(f.Total.Value, 10, 64)
		subtotal, _ := strconv.ParseInt(f.Subtotal.Value, 10, 64)
		inclusive := strings.Contains(f.TaxLines.Source, "内消費税")
		var bases, taxes int64
		for _, tl := range f.TaxLines.Value {
			rate, _ := strconv.ParseInt(tl.Rate, 10, 64)
			base, _ := strconv.ParseInt(tl.Base, 10, 64)
			tax, _ := strconv.ParseInt(tl.Tax, 10, 64)
			want := base * rate / 100
			if inclusive {
				want = base * rate / (100 + rate)
			}
			if (rate != 8 && rate != 10) || tax != want {
				t.Errorf("seed %d: %d%% of %d is %d, want %d", seed, rate, base, tax, want)
			}
			bases += base
			taxes += tax
		}
		wantTotal := subtotal + taxes
		if inclusive {
			wantTotal = subtotal
		}
		if bases != subtotal || total != wantTotal {
			t.Errorf("seed %d: bases %d subtotal %d taxes %d total %d", seed, bases, subtotal, taxes, total)
		}
		// Items: quantity × price is the amount, printed where the truth
		// says, and the items of a rate add up to its base.
		perRate := map[string]int64{}
		for i, it := range f.LineItems {
			q, _ := strconv.ParseInt(it.Quantity, 10, 64)
			p, _ := strconv.ParseInt(it.UnitPrice, 10, 64)
			a, _ := strconv.ParseInt(it.Amount, 10, 64)
			if q*p != a || it.BBox == nil || !strings.Contains(printedAmount(it.Source), it.Amount) {
				t.Errorf("seed %d: item %d %+v: %d × %d, printed %q", seed, i, it, q, p, it.Source)
			}
			perRate[it.Rate] += a
		}
		for _, tl := range f.TaxLines.Value {
			if base, _ := strconv.ParseInt(tl.Base, 10, 64); perRate[tl.Rate] != base {
				t.Errorf("seed %d: items at %s%% add up to %d, base %d", seed, tl.Rate, perRate[tl.Rate], base)
			}
		}
		if len(f.LineItems) == 0 {
			t.Errorf("seed %d: no line items", seed)
		}
	}
}

func TestGenerateRejectsBadOptions(t *testing.T) {
	for _, o := range []synth.Options{
		{DPI: 10},
		{Kind: "quote"},
		{Degrade: &synth.Degradation{JPEGQuality: 101}},
		{GothicFont: "/nonexistent/font.ttf"},
	} {
		if _, err := synth.Generate(1, o); err == nil {
			t.Errorf("%+v: want an error", o)
		}
	}
}
