package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

func TestScore(t *testing.T) {
	keys := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(keys, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("000.json", `{"company": "BOOK TA .K (TAMAN DAYA) SDN BHD", "date": "25/12/2018",
		"address": "NO.53 55,57 & 59, JALAN SAGU 18, TAMAN DAYA, 81100 JOHOR BAHRU, JOHOR.", "total": "9.00"}`)
	write("001.json", `{"company": "X SDN BHD", "date": "20180428", "address": "", "total": "$8.20"}`)
	input := strings.Join([]string{
		`{"file": "img/000.jpg", "fields": {"issuer_name": {"value": "Book Ta.K (Taman Daya) Sdn Bhd", "confidence": 0.9},` +
			` "issue_date": {"value": "2018-12-25"}, "total": {"value": "9"},` +
			` "issuer_address": {"value": "NO.53 55,57 & 59, JALAN SAGU 18, TAMAN DAYA, 81100 JOHOR BAHRU, JOHOR"}}}`,
		``,
		`{"file": "001.jpg", "fields": {"issuer_name": {"value": "Y SDN BHD"}, "issue_date": {"value": "2018-04-28"}, "total": {"value": "8.2"}}}`,
		`{"file": "999.jpg", "fields": {}}`,
	}, "\n")
	var out bytes.Buffer
	if err := run(options{keys: keys, verbose: true, order: normalize.OrderDMY}, nil, strings.NewReader(input), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"files scored: 2",
		"files without key (not scored): 1",
		"company    50.0%  (1/2)",
		"date      100.0%  (2/2)",
		"address   100.0%  (1/1)", // 001 has no address: not scored
		"total     100.0%  (2/2)",
		`MISS 001 company  want "X SDN BHD" got "Y SDN BHD"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

func TestReadResultsRejectsBadLines(t *testing.T) {
	for _, in := range []string{`{"fields": {}}`, `not json`} {
		if _, err := readResults(strings.NewReader(in)); err == nil {
			t.Errorf("readResults(%q) succeeded", in)
		}
	}
}

func TestExtractDirScoresLayouts(t *testing.T) {
	// The golden layouts have no SROIE keys: every file is reported as
	// without key, and none is scored.
	var out bytes.Buffer
	if err := run(options{keys: t.TempDir(), layoutDir: "../../testdata/extract", order: normalize.OrderDMY}, nil, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "files scored: 0") || !strings.Contains(out.String(), "files without key") {
		t.Errorf("unexpected output:\n%s", out.String())
	}
	out.Reset()
	if err := run(options{keys: t.TempDir(), layoutDir: "../../testdata/extract", emit: true, order: normalize.OrderDMY}, nil, nil, &out); err != nil {
		t.Fatal(err)
	}
	results, err := readResults(&out)
	if err != nil || len(results) == 0 {
		t.Fatalf("-emit output does not read back: %v", err)
	}
	for _, r := range results {
		if r.Fields.Total == nil {
			t.Errorf("%s: no total extracted", r.File)
		}
	}
}
