package vendor

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// HintSource starts the source of a value read where a hint points.
const HintSource = "vendor hint"

// hintedFields are the fields hints fill, in order. The issuer's name and
// registration number are not among them: the vendor's confirmed facts
// supply those (Improve), which beats re-reading a region of a new scan.
// Nor is the recipient: its place is stable but its length is not (each
// document names another customer), so a region cut from one document
// truncates the next; the 御中/様 rules read it better.
var hintedFields = []string{"total", "subtotal", "issue_date", "transaction_date", "due_date", "invoice_number"}

// applyHints reads every field the matched vendor has a hint for where
// the vendor prints it: right of the learned label on its baseline when
// the label is printed, else in the learned region. The value is read by
// the extractor's own normaliser (extract.ReadHinted) and replaces what
// extraction found when they differ: a person corrected this vendor's
// field before, so extraction is known to go wrong on its layout. The
// confidence grows with the corrections that agree on the place and is
// scaled by how sure the match is.
func applyHints(f *record.Fields, d *layout.Document, m Match) []string {
	order := normalize.OrderUnknown
	if c := fieldValue(f.Currency); c == "" || c == "JPY" {
		order = normalize.OrderYMD
	}
	var changes []string
	for _, name := range hintedFields {
		h, n := m.Vendor.HintFor(name)
		if n == 0 {
			continue
		}
		for _, ws := range h.candidates(d) {
			text := joinWords(ws)
			value, ok := extract.ReadHinted(name, text, order)
			if !ok {
				continue
			}
			dst := hintFields[name](f)
			if old := fieldValue(*dst); old != value {
				b := ws[0].BBox
				for _, w := range ws[1:] {
					b = b.Union(w.BBox)
				}
				*dst = &record.Field{Value: value, Confidence: m.Score * (0.6 + 0.1*float64(min(n, 3))),
					Page: h.Page, BBox: &b, Source: HintSource + ": " + text}
				changes = append(changes, fmt.Sprintf("%s %q → %q (%s from %d correction(s), matched by %s)", name, old, value, HintSource, n, m.By))
			}
			break
		}
	}
	return changes
}

// candidates are the runs of words where the hint says the field is
// printed: right of each printing of the label, then the region.
func (h Hint) candidates(d *layout.Document) [][]layout.Word {
	var out [][]layout.Word
	p := hintPage(d, h.Page)
	if p == nil {
		return nil
	}
	if key := normalize.AlnumKey(h.Label); key != "" {
		for _, l := range p.Lines {
			acc := ""
			for _, w := range l.Words {
				acc += normalize.AlnumKey(w.Text)
				if strings.HasSuffix(acc, key) {
					if ws := rightOf(p, w.BBox); len(ws) > 0 {
						out = append(out, ws)
					}
					break
				}
			}
		}
	}
	if ws, _ := h.inRegion(d, 0.01); len(ws) > 0 {
		out = append(out, ws)
	}
	return out
}

// rightOf returns the words of p right of box b on its baseline, left to
// right.
func rightOf(p *layout.Page, b layout.BBox) []layout.Word {
	var ws []layout.Word
	for _, l := range p.Lines {
		for _, w := range l.Words {
			if w.BBox[0] >= b[2] && sameBaseline(w.BBox, b) {
				ws = append(ws, w)
			}
		}
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].BBox[0] < ws[j].BBox[0] })
	return ws
}
