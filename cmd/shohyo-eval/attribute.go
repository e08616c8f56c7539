package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

// Attribution says, for every miss, whether the value is legible in the
// OCR text at all: if it is not, OCR lost it and no extraction rule could
// have read it; if it is, extraction missed it. "Legible" is strict: the
// value's letters and digits, as printed, appear in the text with spaces
// and punctuation ignored (a date or amount also counts when any reading
// of the text gives it).
type attribution struct {
	ocr, extraction map[string]int
}

// attribute classifies rep's misses using the layout documents of layoutDir
// and, for truth files, the text each value was printed as (its source).
func attribute(rep *Report, layoutDir, truthDir string) (*attribution, error) {
	at := &attribution{ocr: map[string]int{}, extraction: map[string]int{}}
	texts := map[string]string{}
	for _, m := range rep.Misses {
		text, ok := texts[m.File]
		if !ok {
			doc, err := readLayout(layoutPath(layoutDir, m.File))
			if err != nil {
				return nil, err
			}
			text = doc.Text()
			texts[m.File] = text
		}
		printed := []string{m.Want}
		if truthDir != "" {
			if src := truthSources(truthDir, m.File, m.Field); len(src) > 0 {
				printed = src
			}
		}
		if m.Want == "" || legible(text, m.Field, m.Want, printed) {
			at.extraction[m.Field]++
		} else {
			at.ocr[m.Field]++
		}
	}
	return at, nil
}

func layoutPath(dir, base string) string {
	if p := filepath.Join(dir, base+".layout.json"); fileExists(p) {
		return p
	}
	return filepath.Join(dir, base+".json")
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// truthSources returns the lines a truth field was printed as.
func truthSources(dir, base, field string) []string {
	b, err := os.ReadFile(filepath.Join(dir, base+".json"))
	if err != nil {
		return nil
	}
	// Fields one at a time: line_items is a list, not one field.
	var raw map[string]json.RawMessage
	var f struct {
		Source string `json:"source"`
	}
	if json.Unmarshal(b, &raw) != nil || json.Unmarshal(raw[field], &f) != nil || f.Source == "" {
		return nil
	}
	return strings.Split(f.Source, "\n")
}

// legible reports whether every printed line of a value is in text.
func legible(text, field, want string, printed []string) bool {
	key := normalize.AlnumKey(text)
	all := true
	for _, p := range printed {
		if k := normalize.AlnumKey(p); k != "" && !strings.Contains(key, k) {
			all = false
		}
	}
	if all {
		return true
	}
	switch field {
	case "date", "issue_date", "due_date":
		for _, line := range strings.Split(text, "\n") {
			for _, o := range []normalize.Order{normalize.OrderDMY, normalize.OrderYMD} {
				for _, m := range normalize.FindDates(normalize.Fold(line), o) {
					if m.ISO == want || sameDate(want, m.ISO, o) {
						return true
					}
				}
			}
		}
	case "total", "subtotal":
		for _, line := range strings.Split(text, "\n") {
			for _, m := range normalize.FindAmounts(normalize.Fold(line)) {
				if sameAmount(want, m.Amount.Value.String()) {
					return true
				}
			}
		}
	}
	return false
}

func (at *attribution) print(out io.Writer, fields []fieldSpec) {
	var parts []string
	for _, f := range fields {
		if n := at.ocr[f.name] + at.extraction[f.name]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d (OCR %d, extraction %d)", f.name, n, at.ocr[f.name], at.extraction[f.name]))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(out, "misses by cause: %s\n", strings.Join(parts, "; "))
	}
}
