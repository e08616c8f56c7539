package extract_test

import (
	"slices"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/record"
)

func fld(v string) *record.Field { return &record.Field{Value: v, Confidence: 0.9} }

// qualifiedBase is a complete qualified invoice; cases change one thing.
func qualifiedBase() record.Fields {
	return record.Fields{
		DocumentType:       fld("invoice"),
		IssuerName:         fld("株式会社サンプル商会"),
		RegistrationNumber: fld("T7010705000725"),
		Recipient:          fld("株式会社山田商事"),
		IssueDate:          fld("2024-04-01"),
		Currency:           fld("JPY"),
		Total:              fld("110000"),
		Subtotal:           fld("100000"),
		TaxLines:           &record.TaxLines{Value: []record.TaxLine{{Rate: "10", Base: "100000", Tax: "10000"}}, Confidence: 0.9},
	}
}

func TestValidate(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		edit    func(*record.Fields)
		opts    extract.ValidateOptions
		want    []string // codes needing review, in any order
		missing []string // qualified items reported missing
	}{
		{name: "complete", edit: func(*record.Fields) {}},
		{name: "check digit", edit: func(f *record.Fields) { f.RegistrationNumber = fld("T2835678256246") },
			want: []string{extract.CodeRegCheckDigit}},
		{name: "format", edit: func(f *record.Fields) { f.RegistrationNumber = fld("T123") },
			want: []string{extract.CodeRegFormat}},
		{name: "future", edit: func(f *record.Fields) { f.IssueDate = fld("2025-06-01") },
			want: []string{extract.CodeDateFuture}},
		{name: "too old", edit: func(f *record.Fields) { f.IssueDate = fld("1975-10-01") },
			want: []string{extract.CodeDateTooOld}},
		{name: "due before issue", edit: func(f *record.Fields) { f.DueDate = fld("2024-03-01") },
			want: []string{extract.CodeDueBeforeIssue}},
		{name: "missing total and date", edit: func(f *record.Fields) { f.Total, f.IssueDate = nil, nil },
			want: []string{extract.CodeMissingField, extract.CodeMissingField, extract.CodeQualifiedMissing}, missing: []string{extract.ItemDate}},
		{name: "low confidence issuer", edit: func(f *record.Fields) { f.IssuerName.Confidence = 0.2 },
			want: []string{extract.CodeLowConfidence}},
		{name: "total off", edit: func(f *record.Fields) { f.Total = fld("110500") },
			want: []string{extract.CodeTotalArithmetic}},
		{name: "tax inclusive subtotal is fine", edit: func(f *record.Fields) {
			f.Subtotal = fld("110000")
			f.TaxLines.Value = []record.TaxLine{{Rate: "10", Base: "110000", Tax: "10000"}}
		}},
		{name: "tax within one yen", edit: func(f *record.Fields) {
			f.TaxLines.Value = []record.TaxLine{{Rate: "8", Base: "1234", Tax: "98"}} // 98.72
			f.Subtotal, f.Total = fld("1234"), fld("1332")
		}},
		{name: "tax off by more than a yen", edit: func(f *record.Fields) {
			f.TaxLines.Value[0].Tax = "10002"
			f.Total = fld("110002")
		}, want: []string{extract.CodeTaxArithmetic}},
		{name: "not qualified: no number, no recipient", edit: func(f *record.Fields) { f.RegistrationNumber, f.Recipient = nil, nil },
			want: []string{extract.CodeQualifiedMissing}, missing: []string{extract.ItemIssuer, extract.ItemRecipient}},
		{name: "simplified needs no recipient", edit: func(f *record.Fields) { f.DocumentType, f.Recipient = fld("receipt"), nil }},
		{name: "simplified: rate without tax suffices", edit: func(f *record.Fields) {
			f.DocumentType, f.Recipient = fld("receipt"), nil
			f.TaxLines.Value = []record.TaxLine{{Rate: "8", Base: "1080"}}
			f.Subtotal = nil
		}},
		{name: "qualified needs tax per rate", edit: func(f *record.Fields) {
			f.TaxLines.Value = []record.TaxLine{{Rate: "10", Base: "100000"}}
			f.Subtotal = nil
		}, want: []string{extract.CodeQualifiedMissing}, missing: []string{extract.ItemRateTax}},
		{name: "no tax lines at all", edit: func(f *record.Fields) { f.TaxLines, f.Subtotal = nil, nil },
			want: []string{extract.CodeQualifiedMissing}, missing: []string{extract.ItemRateTotals, extract.ItemRateTax}},
		{name: "ringgit receipt is not checked as a qualified invoice", edit: func(f *record.Fields) {
			f.Currency, f.RegistrationNumber, f.Recipient, f.TaxLines = fld("MYR"), nil, nil, nil
			f.Total, f.Subtotal = fld("10.60"), fld("10.00")
		}},
		{name: "forced simplified check", edit: func(f *record.Fields) { f.Currency, f.RegistrationNumber = fld("MYR"), nil },
			opts: extract.ValidateOptions{Invoice: extract.InvoiceSimplified},
			want: []string{extract.CodeQualifiedMissing}, missing: []string{extract.ItemIssuer}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := qualifiedBase()
			tt.edit(&f)
			opts := tt.opts
			opts.Now = now
			fs := extract.Validate(f, opts)
			var got []string
			var missing []string
			for _, x := range fs {
				if x.Reason == "" {
					t.Errorf("finding %s has no reason", x.Code)
				}
				if x.Severity != extract.SeverityInfo {
					got = append(got, x.Code)
				}
				missing = append(missing, x.Missing...)
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("codes = %v, want %v (%+v)", got, want, fs)
			}
			if !slices.Equal(missing, tt.missing) {
				t.Errorf("missing items = %v, want %v", missing, tt.missing)
			}
			if rf := extract.RecordFindings(fs); len(rf) != len(tt.want) {
				t.Errorf("RecordFindings = %+v, want %d", rf, len(tt.want))
			}
			if extract.NeedsReview(fs) != (len(tt.want) > 0) || len(extract.Reasons(fs)) != len(tt.want) {
				t.Errorf("NeedsReview = %v, Reasons = %v for %v", extract.NeedsReview(fs), extract.Reasons(fs), tt.want)
			}
		})
	}
}

func TestValidateLowConfidenceRegistration(t *testing.T) {
	f := record.Fields{
		IssueDate:          &record.Field{Value: "2024-04-01", Confidence: 0.9},
		Total:              &record.Field{Value: "1100", Confidence: 0.9},
		IssuerName:         &record.Field{Value: "テスト商店", Confidence: 0.9},
		RegistrationNumber: &record.Field{Value: "T7919491944175", Confidence: 0.37},
	}
	found := false
	for _, x := range extract.Validate(f, extract.ValidateOptions{Invoice: extract.InvoiceNotChecked}) {
		if x.Code == extract.CodeLowConfidence && x.Field == "registration_number" {
			found = true
		}
	}
	if !found {
		t.Error("a registration number read with confidence 0.37 does not ask for review")
	}
}

// TestValidateLineItems: items that do not add up to their rate's base or
// to the subtotal are noted, never a reason for review; a document with
// items is no longer reported as having its goods unchecked.
func TestValidateLineItems(t *testing.T) {
	item := func(amount, rate string) record.LineItem {
		return record.LineItem{Description: "品", Amount: amount, Rate: rate, Confidence: 0.9}
	}
	tests := []struct {
		name  string
		items []record.LineItem
		want  []string // info codes
	}{
		{"no items: goods unchecked", nil, []string{extract.CodeItemsUnchecked}},
		{"items fit the base", []record.LineItem{item("60000", "10"), item("40000", "10")}, nil},
		{"items off the base", []record.LineItem{item("60000", "10"), item("30000", "10")}, []string{extract.CodeItemsSum}},
		{"a rate without a tax line", []record.LineItem{item("100000", "10"), item("500", "8")},
			[]string{extract.CodeItemsSum}},
		{"without rates, against the subtotal", []record.LineItem{item("60000", ""), item("40000", "")}, nil},
		{"without rates, off the subtotal by one yen is fine", []record.LineItem{item("60000", ""), item("39999", "")}, nil},
		{"without rates, off the subtotal", []record.LineItem{item("60000", ""), item("39000", "")}, []string{extract.CodeItemsSum}},
		{"a discount line counts negative", []record.LineItem{item("100500", "10"), item("-500", "10")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := qualifiedBase()
			f.LineItems = tt.items
			fs := extract.Validate(f, extract.ValidateOptions{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
			var got []string
			for _, x := range fs {
				got = append(got, x.Code)
			}
			if !slices.Equal(got, tt.want) || extract.NeedsReview(fs) {
				t.Errorf("findings %+v, want info %v only", fs, tt.want)
			}
		})
	}
}
