package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestScoreTruth(t *testing.T) {
	dir := t.TempDir()
	f := func(v, src string) *record.Field { return &record.Field{Value: v, Source: src} }
	truth := record.Fields{
		DocumentType:       f("invoice", "請 求 書"),
		IssuerName:         f("旭電機(株)", "旭電機㈱"),
		RegistrationNumber: f("T4011001098993", "T4011001098993"),
		IssueDate:          f("2024-08-16", "令和6年8月16日"),
		Total:              f("459736", "￥459,736-"),
		TaxLines: &record.TaxLines{Value: []record.TaxLine{{Rate: "10", Base: "417000", Tax: "41700"}, {Rate: "8", Base: "960", Tax: "76"}},
			Source: "10%対象 ￥417,000-\n8%対象 ￥960-"},
	}
	writeJSON(t, filepath.Join(dir, "001.json"), truth)
	writeJSON(t, filepath.Join(dir, "002.json"), truth)
	got := truth
	got.IssuerName = f("旭電機 ( 株 )", "") // spaces and punctuation do not count
	got.TaxLines = &record.TaxLines{Value: []record.TaxLine{{Rate: "8", Base: "960", Tax: "76"}, {Rate: "10", Base: "417000", Tax: "41700"}}}
	bad := truth
	bad.Total = f("459.7", "")
	bad.RegistrationNumber = nil
	bad.Recipient = f("誰か", "") // found where the truth has none: wrong
	bad.TaxLines = &record.TaxLines{Value: []record.TaxLine{{Rate: "10", Base: "417000", Tax: "41700"}}}
	var in strings.Builder
	enc := json.NewEncoder(&in)
	for _, r := range []Result{{File: "x/001.png", Fields: got}, {File: "x/002.jpg", Fields: bad}, {File: "x/003.jpg"}} {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := run(options{truth: dir, verbose: true, title: "ja"}, nil, strings.NewReader(in.String()), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"== ja",
		"files scored: 2\n",
		"files without key (not scored): 1",
		"registration_number   50.0%  (1/2)  target  98% BELOW",
		"issue_date           100.0%  (2/2)  target  98% ok",
		"total                 50.0%  (1/2)",
		"tax_lines             50.0%  (1/2)",
		"issuer_name          100.0%  (2/2)",
		"recipient             50.0%  (1/2)",
		`MISS 002 tax_lines want "10%:417000/41700 8%:960/76" got "10%:417000/41700"`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestAttribute(t *testing.T) {
	dir, lay := t.TempDir(), t.TempDir()
	truth := record.Fields{
		IssuerName: &record.Field{Value: "(株)大和企画", Source: "㈱大和企画"},
		Total:      &record.Field{Value: "4706", Source: "4,706円"},
		// Printed on two lines with the phone between: legible only line
		// by line, from its source.
		IssuerAddress: &record.Field{Value: "〒100-0001 東京都千代田区", Source: "〒100-0001\n東京都千代田区"},
		// A list beside the fields must not hide their sources.
		LineItems: []record.LineItem{{Description: "おにぎり", Amount: "160", Source: "おにぎり 160円"}},
	}
	writeJSON(t, filepath.Join(dir, "001.json"), truth)
	// OCR garbled the name beyond recognition but read the total and the
	// address.
	doc := layout.Document{Pages: []layout.Page{{Number: 1, Lines: []layout.Line{{Text: "WAALS"}, {Text: "〒100-0001"},
		{Text: "TEL 03-1234-5678"}, {Text: "東京都千代田区"}, {Text: "合計 4, 706 円"}}}}}
	writeJSON(t, filepath.Join(lay, "001.json"), doc)
	rep := newReport(truthFields)
	rep.scoreTruth("001", truth, record.Fields{Total: &record.Field{Value: "4766"}})
	at, err := attribute(rep, lay, dir)
	if err != nil {
		t.Fatal(err)
	}
	if at.ocr["issuer_name"] != 1 || at.extraction["total"] != 1 || at.ocr["total"] != 0 || at.extraction["issuer_address"] != 1 {
		t.Errorf("ocr %v, extraction %v; want the name lost by OCR and the total missed by extraction", at.ocr, at.extraction)
	}
	var out bytes.Buffer
	at.print(&out, truthFields)
	if !strings.Contains(out.String(), "issuer_name 1 (OCR 1, extraction 0)") {
		t.Errorf("print: %s", out.String())
	}
}
