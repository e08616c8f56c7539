package main

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// truthFields are the fields scored against truth in record.Fields shape
// (the synthetic Japanese set), with the issue's targets. The fields
// without a target are printed for information.
var truthFields = []fieldSpec{
	{"registration_number", 98}, {"issue_date", 98}, {"total", 98}, {"tax_lines", 95},
	{"issuer_name", 90}, {"document_type", 99},
	{"subtotal", 0}, {"recipient", 0}, {"issuer_address", 0}, {"due_date", 0}, {"invoice_number", 0},
}

// scoreTruth scores results against truth files: the truth of FILE.ext is
// DIR/FILE.json, a record.Fields as internal/synth writes it. Every field
// is scored on every document: a value found where the truth has none is
// as wrong as a value missed.
func scoreTruth(results []Result, dir string) (*Report, error) {
	rep := newReport(truthFields)
	for _, r := range results {
		base := baseName(r.File)
		var t record.Fields
		ok, err := readKeyFile(dir, base, &t)
		if err != nil {
			return nil, err
		}
		if !ok {
			rep.NoKey = append(rep.NoKey, r.File)
			continue
		}
		rep.Files++
		kind := "other"
		if t.DocumentType != nil {
			kind = t.DocumentType.Value
		}
		rep.Kinds[base] = kind
		rep.scoreTruth(base, t, r.Fields)
	}
	return rep, nil
}

func (rep *Report) scoreTruth(file string, t, f record.Fields) {
	check := func(name string, want, got *record.Field, same func(want, got string) bool) {
		w, g := value(want), value(got)
		rep.Scored[name]++
		if w == g || w != "" && g != "" && same(w, g) {
			rep.Correct[name]++
			return
		}
		rep.Misses = append(rep.Misses, Miss{file, name, w, g})
	}
	exact := func(w, g string) bool { return w == g }
	check("registration_number", t.RegistrationNumber, f.RegistrationNumber, exact)
	check("issue_date", t.IssueDate, f.IssueDate, exact)
	check("total", t.Total, f.Total, sameAmount)
	check("issuer_name", t.IssuerName, f.IssuerName, sameName)
	check("document_type", t.DocumentType, f.DocumentType, exact)
	check("subtotal", t.Subtotal, f.Subtotal, sameAmount)
	check("recipient", t.Recipient, f.Recipient, sameName)
	check("issuer_address", t.IssuerAddress, f.IssuerAddress, sameName)
	check("due_date", t.DueDate, f.DueDate, exact)
	check("invoice_number", t.InvoiceNumber, f.InvoiceNumber, sameName)
	rep.scoreItems(file, t.LineItems, f.LineItems)
	w, g := taxKey(t.TaxLines), taxKey(f.TaxLines)
	rep.Scored["tax_lines"]++
	if w == g {
		rep.Correct["tax_lines"]++
	} else {
		rep.Misses = append(rep.Misses, Miss{file, "tax_lines", w, g})
	}
}

func value(f *record.Field) string {
	if f == nil {
		return ""
	}
	return f.Value
}

// sameName compares names and addresses as SROIE does, after NFKC: case,
// spaces and punctuation do not count ("旭電機 ( 株 )" is "旭電機(株)").
func sameName(want, got string) bool {
	return TextKey(normalize.Fold(want)) == TextKey(normalize.Fold(got))
}

// taxKey writes tax lines in a comparable form: sorted by rate, amounts
// as numbers. Every rate, base and tax must match; no lines is "".
func taxKey(tl *record.TaxLines) string {
	if tl == nil {
		return ""
	}
	num := func(s string) string {
		if s == "" {
			return "-"
		}
		if a, err := normalize.ParseAmount(s); err == nil {
			return a.Value.String()
		}
		return s
	}
	var parts []string
	for _, l := range tl.Value {
		parts = append(parts, fmt.Sprintf("%s%%:%s/%s", num(l.Rate), num(l.Base), num(l.Tax)))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

// baseName is the file name without directory and extension (and without
// .layout for golden layouts): the key of its truth.
func baseName(file string) string {
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	return strings.TrimSuffix(base, ".layout")
}

// itemScore counts line items for item-level precision, recall and F1.
// An extracted item is right when an item of the truth not yet matched
// has the same amount and quantity as numbers (a quantity the line does
// not print counts as 1) and the same description as sameName compares
// names, with × read as x (engines read the sign as a letter). Rates are
// not part of the match; RateRight counts the right items whose rate is
// right too.
type itemScore struct {
	Truth, Found, Right, RateRight int
	// Counted is how many found items match on amount and quantity
	// alone: the items whose only fault is a misread description.
	Counted int
}

func (s *itemScore) print(out io.Writer) {
	pct := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return 100 * float64(a) / float64(b)
	}
	p, r := pct(s.Right, s.Found), pct(s.Right, s.Truth)
	f1 := 0.0
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	fmt.Fprintf(out, "line_items  precision %.1f%%  recall %.1f%%  F1 %.1f%%  (right %d, found %d, truth %d; rate right on %d/%d;"+
		" amount and quantity right, description aside: %d)\n",
		p, r, f1, s.Right, s.Found, s.Truth, s.RateRight, s.Right, s.Counted)
}

// matchItems pairs each found item with the first unpaired truth item
// same accepts and returns, per found item, the truth index or -1.
func matchItems(truth, got []record.LineItem, same func(t, g record.LineItem) bool) []int {
	used := make([]bool, len(truth))
	out := make([]int, len(got))
	for gi, g := range got {
		out[gi] = -1
		for i, t := range truth {
			if !used[i] && same(t, g) {
				used[i], out[gi] = true, i
				break
			}
		}
	}
	return out
}

func (rep *Report) scoreItems(file string, truth, got []record.LineItem) {
	if rep.Items == nil {
		rep.Items = &itemScore{}
	}
	rep.Items.Truth += len(truth)
	rep.Items.Found += len(got)
	for _, i := range matchItems(truth, got, sameCount) {
		if i >= 0 {
			rep.Items.Counted++
		}
	}
	paired := make([]bool, len(truth))
	for gi, i := range matchItems(truth, got, sameItem) {
		if i < 0 {
			rep.ItemMisses = append(rep.ItemMisses, Miss{file, "line_items", "", itemKey(got[gi])})
			continue
		}
		paired[i] = true
		rep.Items.Right++
		if truth[i].Rate == got[gi].Rate {
			rep.Items.RateRight++
		}
	}
	for i, t := range truth {
		if !paired[i] {
			rep.ItemMisses = append(rep.ItemMisses, Miss{file, "line_items", itemKey(t), ""})
		}
	}
}

// sameCount compares amount and quantity, a quantity not printed being 1.
func sameCount(t, g record.LineItem) bool {
	qty := func(s string) string {
		if s == "" {
			return "1"
		}
		return s
	}
	return sameAmount(t.Amount, g.Amount) && sameAmount(qty(t.Quantity), qty(g.Quantity))
}

func sameItem(t, g record.LineItem) bool {
	times := strings.NewReplacer("×", "x")
	return sameCount(t, g) && sameName(times.Replace(t.Description), times.Replace(g.Description))
}

// itemKey writes an item for a miss: description, quantity, unit price,
// amount and rate.
func itemKey(it record.LineItem) string {
	return fmt.Sprintf("%s %s×%s=%s %s%%", it.Description, it.Quantity, it.UnitPrice, it.Amount, it.Rate)
}
