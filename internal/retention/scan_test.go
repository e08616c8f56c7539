package retention_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/retention"
)

// The scan standard (compliance checklist row 1): 200 dpi for every
// scanned class, 24-bit colour except for 一般書類; data received
// electronically is never judged.
func TestScanStandard(t *testing.T) {
	stored := time.Date(2024, 4, 11, 1, 0, 0, 0, time.UTC)
	colour300 := &record.ScanSummary{LowestDPI: 300, LowestDPIPage: 1}
	cases := []struct {
		name, class, media string
		scan               *record.ScanSummary
		want               []string // message fragments of scan findings
	}{
		{"important colour 300 dpi", "important", "image/jpeg", colour300, nil},
		{"important 150 dpi", "important", "image/jpeg", &record.ScanSummary{LowestDPI: 150, LowestDPIPage: 2}, []string{"page 2 was scanned at 150 dpi"}},
		{"important gray", "important", "image/png", &record.ScanSummary{LowestDPI: 300, LowestDPIPage: 1, NotColourPages: []int{1}}, []string{"not in 24-bit colour"}},
		{"important gray and 150 dpi", "important", "image/png", &record.ScanSummary{LowestDPI: 150, LowestDPIPage: 1, NotColourPages: []int{1}}, []string{"150 dpi", "24-bit colour"}},
		{"past gray", "past", "image/png", &record.ScanSummary{LowestDPI: 300, LowestDPIPage: 1, NotColourPages: []int{1}}, []string{"過去分"}},
		{"general gray 200 dpi", "general", "image/png", &record.ScanSummary{LowestDPI: 200, LowestDPIPage: 1, NotColourPages: []int{1}}, nil},
		{"general 150 dpi", "general", "image/png", &record.ScanSummary{LowestDPI: 150, LowestDPIPage: 1}, []string{"一般書類 needs at least 200 dpi"}},
		{"A4 page size rounding", "important", "application/pdf", &record.ScanSummary{LowestDPI: 199.99, LowestDPIPage: 1}, nil},
		{"no stated dpi", "important", "image/jpeg", &record.ScanSummary{}, nil},
		{"no scanned page", "important", "application/pdf", nil, nil},
		{"electronic", "important", "application/xml", &record.ScanSummary{LowestDPI: 72, LowestDPIPage: 1, NotColourPages: []int{1}}, nil},
	}
	p := retention.DefaultPolicy()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := v1(c.media, stored, "2024-04-10")
			v.Archival = &record.Archival{Class: c.class}
			v.OCR = &record.OCRSummary{Pages: 1, Scan: c.scan}
			if err := p.Apply(nil, v); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range v.Findings {
				if f.Code == retention.FindingScanBelowStandard {
					got = append(got, f.Message)
				}
			}
			if len(got) != len(c.want) {
				t.Fatalf("findings %q, want %d", got, len(c.want))
			}
			for i, frag := range c.want {
				if !strings.Contains(got[i], frag) {
					t.Errorf("finding %q lacks %q", got[i], frag)
				}
			}
		})
	}
}

// Correcting the class re-judges the scan instead of keeping or doubling
// the finding.
func TestScanStandardAfterClassCorrection(t *testing.T) {
	p := retention.DefaultPolicy()
	v := v1("image/png", time.Date(2024, 4, 11, 1, 0, 0, 0, time.UTC), "2024-04-10")
	v.OCR = &record.OCRSummary{Pages: 1, Scan: &record.ScanSummary{LowestDPI: 300, LowestDPIPage: 1, NotColourPages: []int{1}}}
	if err := p.Apply(nil, v); err != nil || len(v.Findings) != 1 {
		t.Fatalf("important gray: %v %v", v.Findings, err)
	}
	next := *v
	next.Archival = &record.Archival{Class: "general", ReceivedOn: v.Archival.ReceivedOn}
	if err := p.Apply(v, &next); err != nil || len(next.Findings) != 0 {
		t.Fatalf("after correction to general: %v %v", next.Findings, err)
	}
	again := next
	again.Archival = &record.Archival{Class: "important", ReceivedOn: v.Archival.ReceivedOn}
	if err := p.Apply(&next, &again); err != nil || len(again.Findings) != 1 {
		t.Fatalf("back to important: %v %v", again.Findings, err)
	}
}
