package extract

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// Severity says what a finding means for the record's status.
type Severity string

// Severities. Errors and warnings both put a record in needs_review with
// their reasons; info is kept for the record but asks nothing of anyone.
const (
	SeverityError   Severity = "error"   // a value is wrong or a required one missing
	SeverityWarning Severity = "warning" // a value is doubtful
	SeverityInfo    Severity = "info"    // a fact worth keeping, no action
)

// Finding is one result of Validate, written for the person reviewing the
// record. Code is stable for programs; Reason is for people.
type Finding struct {
	Code     string   `json:"code"`
	Field    string   `json:"field,omitempty"` // JSON name of the field concerned
	Severity Severity `json:"severity"`
	Reason   string   `json:"reason"`
	Missing  []string `json:"missing,omitempty"` // qualified-invoice items not found
}

// Finding codes.
const (
	CodeMissingField     = "field.missing"
	CodeLowConfidence    = "field.low_confidence"
	CodeBadFormat        = "field.format"
	CodeRegFormat        = "registration_number.format"
	CodeRegCheckDigit    = "registration_number.check_digit"
	CodeTotalArithmetic  = "arithmetic.total"
	CodeTaxArithmetic    = "arithmetic.tax_rate"
	CodeQualifiedMissing = "qualified_invoice.missing"
	CodeItemsUnchecked   = "qualified_invoice.items_unchecked"
	CodeItemsSum         = "arithmetic.line_items"
	CodeDateFuture       = "date.future"
	CodeDateTooOld       = "date.too_old"
	CodeDueBeforeIssue   = "date.due_before_issue"
)

// InvoiceKind selects the qualified-invoice check (compliance.md row 15).
type InvoiceKind int

// Invoice kinds. Auto checks documents in yen or with a registration
// number, as simplified when their type is a receipt.
const (
	InvoiceAuto InvoiceKind = iota
	InvoiceQualified
	InvoiceSimplified
	InvoiceNotChecked
)

// ValidateOptions tune Validate; the zero value is usable.
type ValidateOptions struct {
	Now           time.Time   // "today" for the future-date check; zero means time.Now()
	MinConfidence float64     // key fields below this need review; zero means 0.5
	Invoice       InvoiceKind // which qualified-invoice items to require
}

// earliest is the first day a receipt in the archive can plausibly carry:
// the first day of 平成. Older dates are misreadings.
const earliest = "1989-01-01"

// Validate checks extracted fields: registration number format and check
// digit, totals and per-rate tax arithmetic, line items against the
// subtotal or tax bases (a note, not a review), the items of a qualified
// invoice, date sanity, and missing or low-confidence key fields.
func Validate(f record.Fields, opts ValidateOptions) []Finding {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.MinConfidence == 0 {
		opts.MinConfidence = 0.5
	}
	var out []Finding
	add := func(code, fieldName string, sev Severity, format string, args ...any) {
		out = append(out, Finding{Code: code, Field: fieldName, Severity: sev, Reason: fmt.Sprintf(format, args...)})
	}
	for _, k := range []struct {
		name string
		f    *record.Field
		what string
	}{{"issue_date", f.IssueDate, "date"}, {"total", f.Total, "total amount"}, {"issuer_name", f.IssuerName, "issuer name"}} {
		switch {
		case k.f == nil || k.f.Value == "":
			add(CodeMissingField, k.name, SeverityError, "no %s was found", k.what)
		case k.f.Confidence < opts.MinConfidence:
			add(CodeLowConfidence, k.name, SeverityWarning, "the %s %q was read with low confidence (%.2f)", k.what, k.f.Value, k.f.Confidence)
		}
	}
	// A registration number read with low confidence is a likely
	// misreading its check digit cannot catch: engines read a slashed 0
	// as 9, and 9 ≡ 0 modulo 9.
	if r := f.RegistrationNumber; r != nil && r.Value != "" && r.Confidence < opts.MinConfidence {
		add(CodeLowConfidence, "registration_number", SeverityWarning,
			"the registration number %q was read with low confidence (%.2f)", r.Value, r.Confidence)
	}
	out = append(out, checkRegistration(f.RegistrationNumber)...)
	out = append(out, checkDates(f, opts.Now)...)
	out = append(out, checkArithmetic(f)...)
	out = append(out, checkItems(f)...)
	out = append(out, checkQualified(f, opts.Invoice)...)
	return out
}

// NeedsReview reports whether any finding asks for a person's review.
func NeedsReview(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == SeverityError || f.Severity == SeverityWarning {
			return true
		}
	}
	return false
}

// Reasons returns the reasons of the findings that need review.
func Reasons(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Severity != SeverityInfo {
			out = append(out, f.Reason)
		}
	}
	return out
}

// RecordFindings converts the findings that need review into the form a
// record version stores; the pipeline marks a version needs_review when
// it has any. Info findings are left out.
func RecordFindings(fs []Finding) []record.Finding {
	var out []record.Finding
	for _, f := range fs {
		if f.Severity != SeverityInfo {
			out = append(out, record.Finding{Code: f.Code, Field: f.Field, Message: f.Reason})
		}
	}
	return out
}

func checkRegistration(r *record.Field) []Finding {
	if r == nil || r.Value == "" {
		return nil
	}
	v, err := normalize.RegistrationNumber(r.Value)
	switch {
	case errors.Is(err, normalize.ErrRegFormat):
		return []Finding{{Code: CodeRegFormat, Field: "registration_number", Severity: SeverityError,
			Reason: fmt.Sprintf("registration number %q is not T followed by 13 digits", r.Value)}}
	case errors.Is(err, normalize.ErrRegCheckDigit):
		// A corporation's number with a wrong check digit is a misreading;
		// sole proprietors' numbers may not follow the rule, so this asks
		// for review rather than rejecting (compliance.md).
		return []Finding{{Code: CodeRegCheckDigit, Field: "registration_number", Severity: SeverityWarning,
			Reason: fmt.Sprintf("registration number %s fails the check digit (expected %d): a misreading, unless it is a sole proprietor's number", v, normalize.CheckDigit(v[2:]))}}
	}
	return nil
}

func checkDates(f record.Fields, now time.Time) []Finding {
	var out []Finding
	today := now.Format("2006-01-02")
	for _, d := range []struct {
		name string
		f    *record.Field
	}{{"issue_date", f.IssueDate}, {"transaction_date", f.TransactionDate}} {
		if d.f == nil || d.f.Value == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d.f.Value); err != nil {
			out = append(out, Finding{Code: CodeBadFormat, Field: d.name, Severity: SeverityError,
				Reason: fmt.Sprintf("%s %q is not a YYYY-MM-DD date", d.name, d.f.Value)})
			continue
		}
		if d.f.Value > today {
			out = append(out, Finding{Code: CodeDateFuture, Field: d.name, Severity: SeverityError,
				Reason: fmt.Sprintf("%s %s is in the future", d.name, d.f.Value)})
		}
		if d.f.Value < earliest {
			out = append(out, Finding{Code: CodeDateTooOld, Field: d.name, Severity: SeverityError,
				Reason: fmt.Sprintf("%s %s is before 1989, probably a misreading", d.name, d.f.Value)})
		}
	}
	if f.DueDate != nil && f.IssueDate != nil && f.DueDate.Value != "" && f.DueDate.Value < f.IssueDate.Value {
		out = append(out, Finding{Code: CodeDueBeforeIssue, Field: "due_date", Severity: SeverityWarning,
			Reason: fmt.Sprintf("due date %s is before the issue date %s", f.DueDate.Value, f.IssueDate.Value)})
	}
	return out
}

// tolerance is one unit of the currency's smallest coin: 1 yen, else 0.01.
func tolerance(f record.Fields) *big.Rat {
	if f.Currency != nil && strings.EqualFold(f.Currency.Value, "JPY") {
		return big.NewRat(1, 1)
	}
	if f.Currency == nil && f.Total != nil && !strings.Contains(f.Total.Value, ".") {
		return big.NewRat(1, 1)
	}
	return big.NewRat(1, 100)
}

func decimal(f *record.Field) (*big.Rat, bool) {
	if f == nil || f.Value == "" {
		return nil, false
	}
	d, err := normalize.ParseDecimal(f.Value)
	if err != nil {
		return nil, false
	}
	return d.Rat(), true
}

func ratOf(s string) (*big.Rat, bool) {
	if s == "" {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

func within(a, b, tol *big.Rat) bool {
	d := new(big.Rat).Sub(a, b)
	return d.Abs(d).Cmp(tol) <= 0
}
