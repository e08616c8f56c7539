package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// Key is one labelled receipt.
type Key struct {
	Company string `json:"company"`
	Date    string `json:"date"`
	Address string `json:"address"`
	Total   string `json:"total"`
}

// fieldSpec is a scored field and its target accuracy in percent (0: none).
type fieldSpec struct {
	name   string
	target float64
}

// sroieFields are the SROIE key fields in print order, with the issue's
// targets for SROIE dev.
var sroieFields = []fieldSpec{{"company", 85}, {"date", 95}, {"address", 75}, {"total", 90}}

// Miss is one wrong or missing value.
type Miss struct {
	File, Field, Want, Got string
}

// Report counts correct values per field.
type Report struct {
	Title   string
	Fields  []fieldSpec
	Files   int
	NoKey   []string
	Correct map[string]int
	Scored  map[string]int
	Misses  []Miss
	// Kinds is each scored file's document type from its truth, for
	// timing per kind; empty for SROIE (all receipts).
	Kinds  map[string]string
	Timing *timing
	// Items scores line items against truth that has them; nil for SROIE.
	Items      *itemScore
	ItemMisses []Miss
}

func newReport(fields []fieldSpec) *Report {
	return &Report{Fields: fields, Correct: map[string]int{}, Scored: map[string]int{}, Kinds: map[string]string{}}
}

func scoreAll(results []Result, keyDir string, order normalize.Order) (*Report, error) {
	rep := newReport(sroieFields)
	for _, r := range results {
		base := baseName(r.File)
		var k Key
		ok, err := readKeyFile(keyDir, base, &k)
		if err != nil {
			return nil, err
		}
		if !ok {
			rep.NoKey = append(rep.NoKey, r.File)
			continue
		}
		rep.Files++
		rep.Kinds[base] = "receipt"
		rep.score(base, k, r.Fields, order)
	}
	return rep, nil
}

// readKeyFile decodes dir/base.json into v; ok is false when there is no
// such file.
func readKeyFile(dir, base string, v any) (ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, base+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("key %s: %w", base, err)
	}
	return true, nil
}

func (rep *Report) score(file string, k Key, f record.Fields, order normalize.Order) {
	check := func(name, want string, got *record.Field, same func(want, got string) bool) {
		if strings.TrimSpace(want) == "" {
			return
		}
		rep.Scored[name]++
		g := ""
		if got != nil {
			g = got.Value
		}
		if g != "" && same(want, g) {
			rep.Correct[name]++
			return
		}
		rep.Misses = append(rep.Misses, Miss{file, name, want, g})
	}
	check("company", k.Company, f.IssuerName, sameText)
	check("address", k.Address, f.IssuerAddress, sameText)
	check("date", k.Date, f.IssueDate, func(want, got string) bool { return sameDate(want, got, order) })
	check("total", k.Total, f.Total, sameAmount)
}

// TextKey is the dataset's comparison form: upper case, letters and
// digits only.
func TextKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func sameText(want, got string) bool { return TextKey(want) == TextKey(got) }

// sameDate compares a printed key date with an extracted ISO date.
func sameDate(want, got string, order normalize.Order) bool {
	w, err := normalize.ParseDate(want, order)
	if err != nil {
		return false
	}
	return w == got
}

// sameAmount compares amounts as numbers: "9.00" equals "9", "$8.20" 8.2.
func sameAmount(want, got string) bool {
	w, err := normalize.ParseAmount(want)
	if err != nil {
		return false
	}
	g, err := normalize.ParseAmount(got)
	return err == nil && w.Value.Cmp(g.Value) == 0
}

func (rep *Report) print(out io.Writer, verbose bool) {
	if rep.Title != "" {
		fmt.Fprintf(out, "== %s\n", rep.Title)
	}
	fmt.Fprintf(out, "files scored: %d%s\n", rep.Files, rep.kindCounts())
	if len(rep.NoKey) > 0 {
		fmt.Fprintf(out, "files without key (not scored): %d\n", len(rep.NoKey))
	}
	width := 8
	for _, f := range rep.Fields {
		width = max(width, len(f.name))
	}
	for _, f := range rep.Fields {
		n := rep.Scored[f.name]
		if n == 0 {
			continue
		}
		pct := 100 * float64(rep.Correct[f.name]) / float64(n)
		target := ""
		if f.target > 0 {
			verdict := "ok"
			if pct < f.target {
				verdict = "BELOW"
			}
			target = fmt.Sprintf("  target %3.0f%% %s", f.target, verdict)
		}
		fmt.Fprintf(out, "%-*s %6.1f%%  (%d/%d)%s\n", width, f.name, pct, rep.Correct[f.name], n, target)
	}
	if rep.Items != nil {
		rep.Items.print(out)
	}
	if rep.Timing != nil {
		rep.Timing.print(out, rep.Kinds)
	}
	if !verbose {
		return
	}
	for _, m := range append(rep.Misses, rep.ItemMisses...) {
		fmt.Fprintf(out, "MISS %s %-8s want %q got %q\n", m.File, m.Field, m.Want, m.Got)
	}
}

// kindCounts describes the mix of document types, when there is one.
func (rep *Report) kindCounts() string {
	n := map[string]int{}
	for _, k := range rep.Kinds {
		n[k]++
	}
	if len(n) < 2 {
		return ""
	}
	var parts []string
	for _, k := range sortedKeys(n) {
		parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
