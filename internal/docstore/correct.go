package docstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"time"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// fieldRefs maps the JSON names of the correctable record fields to the
// field in a version. tax_lines and line_items have their own shapes and
// are not correctable by name=value.
func fieldRefs(f *record.Fields) map[string]**record.Field {
	return map[string]**record.Field{
		"document_type":       &f.DocumentType,
		"issuer_name":         &f.IssuerName,
		"issuer_address":      &f.IssuerAddress,
		"registration_number": &f.RegistrationNumber,
		"recipient":           &f.Recipient,
		"issue_date":          &f.IssueDate,
		"transaction_date":    &f.TransactionDate,
		"due_date":            &f.DueDate,
		"invoice_number":      &f.InvoiceNumber,
		"currency":            &f.Currency,
		"total":               &f.Total,
		"subtotal":            &f.Subtotal,
		"withholding_tax":     &f.WithholdingTax,
		"voucher_number":      &f.VoucherNumber,
	}
}

// archivalRefs maps the correctable archival facts.
func archivalRefs(a *record.Archival) map[string]*string {
	return map[string]*string{"class": &a.Class, "origin": &a.Origin, "received_on": &a.ReceivedOn}
}

// CorrectableFields lists every name Correct accepts, sorted.
func CorrectableFields() []string {
	var names []string
	for k := range fieldRefs(&record.Fields{}) {
		names = append(names, k)
	}
	for k := range archivalRefs(&record.Archival{}) {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

var (
	regNoRe = regexp.MustCompile(`^T[0-9]{13}$`)
	ccyRe   = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Dates outside these years are typing mistakes, not documents: the
// archive holds papers of the last decades, and fiscal-year indexes and
// retention arithmetic assume four-digit years.
const minYear, maxYear = 1900, 2199

// ValueError is a corrected value not in the form its field needs.
type ValueError struct {
	Field, Value, Want string
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("docstore: %s: %q is not %s", e.Field, e.Value, e.Want)
}

// ErrUnknownField means a correction names a field that cannot be
// corrected.
var ErrUnknownField = errors.New("docstore: no such correctable field")

// checkValue holds corrected values to the normal forms the record uses
// (design.md, record version): people type into the same fields the
// machine fills, and search relies on the forms. Amounts are held to
// what extraction itself can produce (normalize.ParseDecimal: at most 15
// digits, 3 decimals), so a stored amount is one every later sum can add.
func checkValue(name, v string) error {
	if v == "" {
		return nil // clearing a field
	}
	want := ""
	switch name {
	case "issue_date", "transaction_date", "due_date", "received_on":
		if d, err := time.Parse(time.DateOnly, v); err != nil || d.Year() < minYear || d.Year() > maxYear {
			want = fmt.Sprintf("a date YYYY-MM-DD between %d and %d", minYear, maxYear)
		}
	case "total", "subtotal":
		// Negative: a credit note (返品, 値引き) records a negative total.
		if _, err := normalize.ParseDecimal(v); err != nil {
			want = "an amount: digits with an optional '-' and up to 3 decimals, at most 15 digits, no commas or currency signs"
		}
	case "withholding_tax":
		if d, err := normalize.ParseDecimal(v); err != nil || d.Units < 0 {
			want = "a non-negative amount: digits and up to 3 decimals, at most 15 digits, no commas or currency signs"
		}
	case "registration_number":
		if !regNoRe.MatchString(v) {
			want = "a registration number: T and 13 digits, no spaces or hyphens"
		}
	case "currency":
		if !ccyRe.MatchString(v) {
			want = "an ISO 4217 currency code such as JPY"
		}
	case "class":
		if !slices.Contains([]string{record.ClassImportant, record.ClassGeneral, record.ClassPast}, v) {
			want = "a class: important, general or past"
		}
	case "origin":
		if v != record.OriginScan && v != record.OriginElectronic {
			want = "an origin: scan or electronic"
		}
	}
	if want != "" {
		return &ValueError{Field: name, Value: v, Want: want}
	}
	return nil
}

// ErrNoChange means a correction would change nothing.
var ErrNoChange = errors.New("docstore: the correction changes nothing")

// Correct stores a new version of the document: the latest version with
// the fields in set changed, by a person, with a reason. Every change is
// listed with its old and new value; nothing stored is rewritten. Names
// are those of CorrectableFields; an empty value clears a field.
func (s *Store) Correct(ctx context.Context, id string, actor record.Actor, reason string, set map[string]string) (*record.Version, Ref, error) {
	if actor.Kind != record.ActorPerson || actor.Name == "" || reason == "" {
		return nil, Ref{}, errors.New("docstore: a correction needs a person and a reason")
	}
	if len(set) == 0 {
		return nil, Ref{}, ErrNoChange
	}
	sum, err := s.Summarize(ctx, id)
	if err != nil {
		return nil, Ref{}, err
	}
	if sum.Deleted {
		return nil, Ref{}, fmt.Errorf("%w: %s cannot be corrected", ErrDeleted, id)
	}
	prev, err := s.Latest(ctx, id)
	if err != nil {
		return nil, Ref{}, err
	}
	next, err := clone(prev)
	if err != nil {
		return nil, Ref{}, err
	}
	next.Actor, next.Reason, next.CreatedAt = actor, reason, s.now().UTC()
	next.Changes = nil
	// A version from before archival facts were recorded gets them only
	// if one is corrected (or the policy derives them).
	arch := next.Archival
	if arch == nil {
		arch = &record.Archival{}
	}
	fields, archival := fieldRefs(&next.Fields), archivalRefs(arch)
	names := make([]string, 0, len(set))
	for k := range set {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		val := set[name]
		if err := checkValue(name, val); err != nil {
			return nil, Ref{}, err
		}
		if f, ok := fields[name]; ok {
			old := ""
			if *f != nil {
				old = (*f).Value
			}
			if old == val {
				continue
			}
			next.Changes = append(next.Changes, record.Change{Field: name, Old: old, New: val})
			if val == "" {
				*f = nil
			} else {
				// A person's value: certain, and read from no page.
				*f = &record.Field{Value: val, Confidence: 1, Source: "corrected by " + actor.Name}
			}
			continue
		}
		if a, ok := archival[name]; ok {
			if *a == val {
				continue
			}
			next.Changes = append(next.Changes, record.Change{Field: name, Old: *a, New: val})
			*a = val
			next.Archival = arch
			continue
		}
		return nil, Ref{}, fmt.Errorf("%w: %q (fields: %v)", ErrUnknownField, name, CorrectableFields())
	}
	if len(next.Changes) == 0 {
		return nil, Ref{}, ErrNoChange
	}
	// A person looked at the fields they changed: their findings are
	// settled; findings about other fields stay for review.
	next.Findings = slices.DeleteFunc(next.Findings, func(f record.Finding) bool {
		return slices.ContainsFunc(next.Changes, func(c record.Change) bool { return c.Field == f.Field })
	})
	if s.policy != nil {
		if err := s.policy.Apply(prev, next); err != nil {
			return nil, Ref{}, err
		}
	}
	next.Status = record.StatusReady
	if len(next.Findings) > 0 {
		next.Status = record.StatusNeedsReview
	}
	ref, err := s.AppendVersionRef(ctx, next)
	if err != nil {
		return nil, Ref{}, err
	}
	if next.Archival != nil {
		if err := s.Lock(ctx, id, next.Archival.RetainUntil); err != nil {
			return next, ref, fmt.Errorf("%w: %s v%d: %w", ErrNotLocked, id, next.Version, err)
		}
	}
	return next, ref, nil
}

// clone deep-copies a version through its JSON form, the form it is
// stored in, so nothing is shared with the previous version.
func clone(v *record.Version) (*record.Version, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("docstore: copy version: %w", err)
	}
	var c record.Version
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("docstore: copy version: %w", err)
	}
	return &c, nil
}
