package retention

import (
	"fmt"
	"slices"

	"github.com/shohyo/shohyo/internal/record"
)

// FindingScanBelowStandard is the finding code of a scan under the
// resolution or colour the class requires (規則2条6項2号; compliance
// checklist row 1).
const FindingScanBelowStandard = "scan_below_standard"

// MinScanDPI is the resolution every scanned class needs; 一般書類 may be
// grayscale, the others need 24-bit colour.
const MinScanDPI = 200

// dpiTolerance absorbs rounding where dpi is derived from a PDF page size
// (an A4 page 1,654 px wide reads 199.99 dpi).
const dpiTolerance = 0.5

// scanFindings judges the weakest scanned page of v against its class.
// Only scans are judged: data received electronically has no scan.
func scanFindings(class Class, a record.Archival, v *record.Version) []record.Finding {
	if a.Origin != record.OriginScan || v.OCR == nil || v.OCR.Scan == nil {
		return nil
	}
	s := v.OCR.Scan
	var out []record.Finding
	if s.LowestDPIPage > 0 && s.LowestDPI < MinScanDPI-dpiTolerance {
		out = append(out, record.Finding{Code: FindingScanBelowStandard, Field: "scan",
			Message: fmt.Sprintf("page %d was scanned at %.0f dpi; a %s needs at least %d dpi: rescan it", s.LowestDPIPage, s.LowestDPI, class.Label(), MinScanDPI)})
	}
	if class != ClassGeneral && len(s.NotColourPages) > 0 {
		out = append(out, record.Finding{Code: FindingScanBelowStandard, Field: "scan",
			Message: fmt.Sprintf("pages %v are not in 24-bit colour; a %s needs a colour scan: rescan in colour, or correct the class to general (一般書類) if it is one", s.NotColourPages, class.Label())})
	}
	return out
}

// replaceFindings swaps v's findings of code for fresh ones, so a
// correction (of the class, say) re-judges rather than accumulates.
func replaceFindings(v *record.Version, code string, fresh []record.Finding) {
	v.Findings = slices.DeleteFunc(v.Findings, func(f record.Finding) bool { return f.Code == code })
	v.Findings = append(v.Findings, fresh...)
}
