package vendor

import (
	"sort"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// Hint says where one vendor prints one field: the region of the page, as
// fractions of its width and height (so scans at any resolution compare),
// and the label printed before the value on its line ("ご請求金額"). It is
// learned from one correction; a vendor's hints for a field agree when
// its layout is stable.
type Hint struct {
	Field     string     `json:"field"` // JSON name in record.Fields: total, issue_date, issuer_name, ...
	Page      int        `json:"page"`
	Region    [4]float64 `json:"region"` // x0, y0, x1, y1 in [0,1]
	Label     string     `json:"label,omitempty"`
	DocID     string     `json:"doc_id"`
	Version   int        `json:"version"`
	LearnedAt time.Time  `json:"learned_at"`
}

// hintFields are the fields hints are learned for.
var hintFields = map[string]func(*record.Fields) **record.Field{
	"total":               func(f *record.Fields) **record.Field { return &f.Total },
	"subtotal":            func(f *record.Fields) **record.Field { return &f.Subtotal },
	"issue_date":          func(f *record.Fields) **record.Field { return &f.IssueDate },
	"due_date":            func(f *record.Fields) **record.Field { return &f.DueDate },
	"transaction_date":    func(f *record.Fields) **record.Field { return &f.TransactionDate },
	"issuer_name":         func(f *record.Fields) **record.Field { return &f.IssuerName },
	"recipient":           func(f *record.Fields) **record.Field { return &f.Recipient },
	"invoice_number":      func(f *record.Fields) **record.Field { return &f.InvoiceNumber },
	"registration_number": func(f *record.Fields) **record.Field { return &f.RegistrationNumber },
}

// LearnHints returns a hint for every field whose value a person changed
// from before to after and whose new value is printed in d: where it is,
// and the label before it. A value printed in several places gives the
// first; a value not found (OCR misread it beyond recognition) teaches
// nothing.
func LearnHints(d *layout.Document, before, after record.Fields) []Hint {
	if d == nil {
		return nil
	}
	names := make([]string, 0, len(hintFields))
	for n := range hintFields {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Hint
	for _, name := range names {
		get := hintFields[name]
		want := fieldValue(*get(&after))
		if want == "" || want == fieldValue(*get(&before)) {
			continue
		}
		if h, ok := locate(d, name, want); ok {
			out = append(out, h)
		}
	}
	return out
}

// locate finds value, a field's normal form, in the words of d.
func locate(d *layout.Document, field, value string) (Hint, bool) {
	for _, p := range d.Pages {
		w, h := p.Scan.WidthPx, p.Scan.HeightPx
		if w <= 0 || h <= 0 {
			continue
		}
		for _, l := range p.Lines {
			for i := range l.Words {
				for j := i; j < len(l.Words) && j < i+6; j++ {
					text := joinWords(l.Words[i : j+1])
					if !means(field, text, value) {
						continue
					}
					b := layout.BBox{}
					for _, wd := range l.Words[i : j+1] {
						b = b.Union(wd.BBox)
					}
					return Hint{
						Field:  field,
						Page:   p.Number,
						Region: [4]float64{float64(b[0]) / float64(w), float64(b[1]) / float64(h), float64(b[2]) / float64(w), float64(b[3]) / float64(h)},
						Label:  labelLeftOf(p, b),
					}, true
				}
			}
		}
	}
	return Hint{}, false
}

func joinWords(ws []layout.Word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.Text
	}
	return normalize.Fold(strings.Join(parts, " "))
}

// means reports whether text, a run of words, is exactly a field's value:
// an amount equal to it, a date on it, the same registration number, or
// the same letters and digits.
func means(field, text, value string) bool {
	switch field {
	case "total", "subtotal":
		ms := normalize.FindAmounts(text)
		if len(ms) != 1 || ms[0].Start != 0 || ms[0].End != len(text) {
			return false
		}
		v, err := normalize.ParseDecimal(value)
		return err == nil && ms[0].Amount.Value.Cmp(v) == 0
	case "issue_date", "due_date", "transaction_date":
		ms := normalize.FindDates(text, normalize.OrderYMD)
		return len(ms) == 1 && ms[0].Start == 0 && ms[0].End == len(text) && ms[0].ISO == value
	case "registration_number":
		v, err := normalize.RegistrationNumber(text)
		return (err == nil || v != "") && v == value
	}
	return normalize.AlnumKey(text) == normalize.AlnumKey(value)
}

// labelLeftOf is the text printed left of box b on its baseline (on any
// line: engines often return a label and its value as two), without
// punctuation, at most twelve characters back. The label ends at a gap
// wider than three times the value's height: beyond it is another column
// (a letter's body beside the issuer block), not the label.
func labelLeftOf(p layout.Page, b layout.BBox) string {
	var ws []layout.Word
	for _, l := range p.Lines {
		for _, w := range l.Words {
			if w.BBox[2] <= b[0] && sameBaseline(w.BBox, b) {
				ws = append(ws, w)
			}
		}
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].BBox[0] < ws[j].BBox[0] })
	for i := len(ws) - 1; i > 0; i-- {
		if ws[i].BBox[0]-ws[i-1].BBox[2] > 3*(b[3]-b[1]) {
			ws = ws[i:]
			break
		}
	}
	s := strings.Trim(normalize.JoinCJK(joinWords(ws)), " :")
	if rs := []rune(s); len(rs) > 12 {
		s = string(rs[len(rs)-12:])
	}
	return s
}

// sameBaseline reports whether two boxes overlap vertically by at least
// half the height of the smaller.
func sameBaseline(a, b layout.BBox) bool {
	ov := min(a[3], b[3]) - max(a[1], b[1])
	return 2*ov >= min(a[3]-a[1], b[3]-b[1])
}

// HintFor returns where the vendor prints field: the region most of its
// hints for the field agree on (boxes that overlap by half are one
// place), with the number of corrections behind it.
func (v *Vendor) HintFor(field string) (Hint, int) {
	var hs []Hint
	for _, h := range v.Hints {
		if h.Field == field {
			hs = append(hs, h)
		}
	}
	best, bestN := Hint{}, 0
	for _, h := range hs {
		n := 0
		for _, o := range hs {
			if o.Page == h.Page && overlap(h.Region, o.Region) >= 0.5 {
				n++
			}
		}
		if n > bestN || n == bestN && h.LearnedAt.After(best.LearnedAt) {
			best, bestN = h, n
		}
	}
	return best, bestN
}

// overlap is the intersection of two regions over the smaller of them.
func overlap(a, b [4]float64) float64 {
	w := min(a[2], b[2]) - max(a[0], b[0])
	h := min(a[3], b[3]) - max(a[1], b[1])
	if w <= 0 || h <= 0 {
		return 0
	}
	area := func(r [4]float64) float64 { return (r[2] - r[0]) * (r[3] - r[1]) }
	return w * h / min(area(a), area(b))
}

// Read returns the text of d's words inside the hint's region, widened by
// margin (a fraction of the page) for scans that are shifted or skewed:
// what the vendor printed where it prints the field. An extractor reads
// the field's value from it with its own rules.
func (h Hint) Read(d *layout.Document, margin float64) string {
	ws, _ := h.inRegion(d, margin)
	return joinWords(ws)
}

// inRegion returns the words of the hint's page whose centre lies in its
// region widened by margin, and the page.
func (h Hint) inRegion(d *layout.Document, margin float64) ([]layout.Word, *layout.Page) {
	p := hintPage(d, h.Page)
	if p == nil {
		return nil, nil
	}
	r := [4]float64{h.Region[0] - margin, h.Region[1] - margin, h.Region[2] + margin, h.Region[3] + margin}
	var out []layout.Word
	for _, l := range p.Lines {
		for _, w := range l.Words {
			cx := float64(w.BBox[0]+w.BBox[2]) / 2 / float64(p.Scan.WidthPx)
			cy := float64(w.BBox[1]+w.BBox[3]) / 2 / float64(p.Scan.HeightPx)
			if cx >= r[0] && cx <= r[2] && cy >= r[1] && cy <= r[3] {
				out = append(out, w)
			}
		}
	}
	return out, p
}

// hintPage is page number n of d when it has a known size.
func hintPage(d *layout.Document, n int) *layout.Page {
	if d == nil {
		return nil
	}
	for i := range d.Pages {
		p := &d.Pages[i]
		if p.Number == n && p.Scan.WidthPx > 0 && p.Scan.HeightPx > 0 {
			return p
		}
	}
	return nil
}
