package retention

import (
	"fmt"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/deadline"
	"github.com/shohyo/shohyo/internal/record"
)

// FindingLateInput is the finding code of a scan input after its deadline.
const FindingLateInput = "late_input"

// Policy derives a record version's archival facts (class, origin, dates,
// input check, retain_until) from the company's rules. The pipeline
// applies it to version 1, and docstore to every correction, so what a
// person changes (class, receipt date, transaction date) is reflected in
// the deadline check and the retention.
type Policy struct {
	Rules    Rules
	Input    deadline.Rules
	Calendar *deadline.Calendar
	// DefaultClass is the class of a new document; a person corrects it.
	DefaultClass Class
	// PDFOrigin is the origin assumed for a PDF: scanners produce PDFs
	// too, so it is configurable; images are scans, XML is electronic.
	PDFOrigin string
}

// DefaultPolicy is the default rules, 重要書類 for new documents (the
// stricter scan requirements) and PDFs taken as scans.
func DefaultPolicy() *Policy {
	return &Policy{
		Rules: DefaultRules(), Input: deadline.DefaultRules(), Calendar: &deadline.Calendar{},
		DefaultClass: ClassImportant, PDFOrigin: record.OriginScan,
	}
}

// Apply fills v.Archival. prev is the version before v (nil for version
// 1); its retain_until is never moved earlier, because the storage lock
// cannot be shortened and the record must not claim otherwise. Values a
// person set on v.Archival (class, origin, received_on) are kept.
func (p *Policy) Apply(prev, v *record.Version) error {
	a := record.Archival{}
	switch {
	case v.Archival != nil:
		a = *v.Archival
	case prev != nil && prev.Archival != nil:
		a = *prev.Archival
	}
	if a.Class == "" {
		a.Class = string(p.DefaultClass)
	}
	class, err := ParseClass(a.Class)
	if err != nil {
		return err
	}
	a.Class = string(class)
	if a.Origin == "" {
		a.Origin = p.originOf(v.Original.MediaType)
	}
	if a.Origin != record.OriginScan && a.Origin != record.OriginElectronic {
		return fmt.Errorf("retention: unknown origin %q (want scan or electronic)", a.Origin)
	}
	if !v.Original.ReceivedAt.IsZero() {
		a.InputAt = v.Original.ReceivedAt.UTC()
	}
	if a.InputAt.IsZero() {
		return fmt.Errorf("retention: %s: no input time", v.DocID)
	}
	if a.ReceivedOn == "" {
		a.ReceivedOn = a.InputAt.In(JST).Format(time.DateOnly)
	}
	receivedOn, err := time.ParseInLocation(time.DateOnly, a.ReceivedOn, JST)
	if err != nil {
		return fmt.Errorf("retention: received_on %q: %w", a.ReceivedOn, err)
	}
	if receivedOn.After(a.InputAt) {
		return fmt.Errorf("retention: received on %s, after it was stored (%s)", a.ReceivedOn, a.InputAt.In(JST).Format(time.DateOnly))
	}

	// 過去分 follows its own procedure (an application listing the
	// papers), so the 7-business-day deadline does not apply to it.
	a.Input = nil
	if a.Origin == record.OriginScan && class != ClassPast {
		res, err := p.Input.Check(p.Calendar, receivedOn, a.InputAt)
		if err != nil {
			return err
		}
		a.Input = &res
	}

	period, err := p.Rules.Compute(docDate(v, receivedOn), class)
	if err != nil {
		return err
	}
	a.RetainUntil, a.RetentionYears = period.Until, period.Years
	a.FiscalYearEnd = period.FiscalYearEnd.Format(time.DateOnly)
	if prev != nil && prev.Archival != nil && prev.Archival.RetainUntil.After(a.RetainUntil) {
		a.RetainUntil = prev.Archival.RetainUntil
	}
	v.Archival = &a

	var late []record.Finding
	if a.Input != nil && a.Input.Late {
		late = append(late, record.Finding{
			Code:  FindingLateInput,
			Field: "received_on",
			Message: fmt.Sprintf("input on %s, %d business days after receipt on %s; the deadline was %s",
				a.Input.InputOn, a.Input.BusinessDays, a.Input.ReceivedOn, deadlineOf(p.Input.Method, a.Input)),
		})
	}
	replaceFindings(v, FindingLateInput, late)
	replaceFindings(v, FindingScanBelowStandard, scanFindings(class, a, v))
	return nil
}

func deadlineOf(m deadline.Method, r *deadline.Result) string {
	if m == deadline.MethodCycle {
		return r.CycleDeadline + " (業務処理サイクル)"
	}
	return r.EarlyDeadline + " (早期入力)"
}

func (p *Policy) originOf(mediaType string) string {
	switch {
	case strings.HasPrefix(mediaType, "image/"):
		return record.OriginScan
	case strings.Contains(mediaType, "xml"):
		return record.OriginElectronic
	case p.PDFOrigin != "":
		return p.PDFOrigin
	}
	return record.OriginScan
}

// docDate is the date the books record the document under: the
// transaction date, else the issue date, else the day it was received.
func docDate(v *record.Version, receivedOn time.Time) time.Time {
	for _, f := range []*record.Field{v.Fields.TransactionDate, v.Fields.IssueDate} {
		if f == nil {
			continue
		}
		if d, err := time.ParseInLocation(time.DateOnly, f.Value, JST); err == nil {
			return d
		}
	}
	return receivedOn
}
