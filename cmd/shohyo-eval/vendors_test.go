package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

// TestKeyTruth: a SROIE key becomes the fields a clerk would confirm, in
// the extractor's forms, and its vendor is the company as the keys spell
// it, whatever the spacing or case.
func TestKeyTruth(t *testing.T) {
	keys := t.TempDir()
	for name, body := range map[string]string{
		"001.json": `{"company": "MR. D.I.Y. (M) SDN BHD", "date": "14-03-18", "address": "LOT 1851-A, JALAN KPB 6", "total": "RM37.10"}`,
		"002.json": `{"company": "mr. d. i. y. (m) sdn bhd", "date": "", "total": "37"}`,
	} {
		if err := os.WriteFile(filepath.Join(keys, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	truth := keyTruth(keys, normalize.OrderDMY)
	f, v1, ok, err := truth("001")
	if err != nil || !ok {
		t.Fatalf("001: ok %v, err %v", ok, err)
	}
	for name, got := range map[string]string{
		"issuer_name": value(f.IssuerName), "issuer_address": value(f.IssuerAddress),
		"issue_date": value(f.IssueDate), "total": value(f.Total),
	} {
		want := map[string]string{"issuer_name": "MR. D.I.Y. (M) SDN BHD", "issuer_address": "LOT 1851-A, JALAN KPB 6",
			"issue_date": "2018-03-14", "total": "37.10"}[name]
		if got != want {
			t.Errorf("001 %s = %q, want %q", name, got, want)
		}
	}
	f, v2, ok, err := truth("002")
	if err != nil || !ok {
		t.Fatalf("002: ok %v, err %v", ok, err)
	}
	if f.IssueDate != nil || f.IssuerAddress != nil {
		t.Errorf("002: empty key fields gave %+v, %+v", f.IssueDate, f.IssuerAddress)
	}
	if v1 == "" || v1 != v2 {
		t.Errorf("vendors %q and %q: want one non-empty vendor", v1, v2)
	}
	if _, _, ok, err := truth("003"); ok || err != nil {
		t.Errorf("a file without key: ok %v, err %v; want not ok, no error", ok, err)
	}
}
