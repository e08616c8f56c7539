package pipeline

import (
	"reflect"
	"testing"

	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

func TestSummarizeScan(t *testing.T) {
	page := func(n int, format, dpiSource string, dpi float64, mode string, depth int) layout.Page {
		return layout.Page{Number: n, Scan: layout.Scan{Format: format, DPISource: dpiSource, DPI: dpi, ColorMode: mode, BitDepth: depth}}
	}
	cases := []struct {
		name  string
		pages []layout.Page
		want  *record.ScanSummary
	}{
		{"colour scans", []layout.Page{page(1, "jpeg", "file", 300, "rgb", 24), page(2, "jpeg", "file", 200, "rgb", 24)},
			&record.ScanSummary{LowestDPI: 200, LowestDPIPage: 2}},
		{"gray and bilevel fax", []layout.Page{page(1, "png", "file", 300, "gray", 8), page(2, "tiff", "file", 204, "bilevel", 1)},
			&record.ScanSummary{LowestDPI: 204, LowestDPIPage: 2, NotColourPages: []int{1, 2}}},
		{"palette is not 24-bit", []layout.Page{page(1, "png", "file", 300, "palette", 8)},
			&record.ScanSummary{LowestDPI: 300, LowestDPIPage: 1, NotColourPages: []int{1}}},
		{"no stated dpi", []layout.Page{page(1, "jpeg", "assumed", 300, "rgb", 24)}, &record.ScanSummary{}},
		{"scanned PDF image", []layout.Page{page(1, "pdf-image", "pdf-page-size", 150, "rgb", 24)},
			&record.ScanSummary{LowestDPI: 150, LowestDPIPage: 1}},
		{"born-digital and rendered pages are not scans", []layout.Page{page(1, "pdf-text", "assumed", 72, "gray", 8), page(2, "pdf-image", "assumed", 300, "gray", 8)}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := summarizeScan(c.pages); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}
