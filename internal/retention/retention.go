// Package retention computes until when a document must be kept
// (retain_until) under the Electronic Bookkeeping Act and the Corporation
// Tax Act, and the rule that a retention may be extended but never
// shortened.
//
// The rule (法人税法施行規則; compliance checklist row 12): books and
// vouchers are kept for 7 years from the day after the filing deadline of
// the fiscal year they belong to; the filing deadline is normally the
// fiscal year end plus 2 months; a fiscal year with a loss carried forward
// (欠損金) needs 10 years. A company that configures nothing gets 10 years
// for every class, the safe default. Years are configurable per document
// class (重要書類, 一般書類, 過去分).
//
// Dates are civil dates in Japan (JST, UTC+9, no daylight saving): a
// fiscal year ends at the end of its last day in Tokyo, whatever the
// server's time zone. retain_until is the first instant at which deletion
// is allowed: 00:00 JST of the day after the last day of retention.
//
// Applying a retention to stored objects is the job of storage.Locker;
// this package only computes dates and judges changes.
package retention

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// JST is Japan Standard Time. A fixed zone needs no tzdata in the binary,
// and Japan has had no daylight saving since 1951.
var JST = time.FixedZone("JST", 9*60*60)

// Class is a document's class under the scanner-storage rules.
type Class string

// Document classes (compliance checklist row 2).
const (
	// ClassImportant is 重要書類: contracts, invoices, receipts, delivery
	// notes, tied to money or goods.
	ClassImportant Class = "important"
	// ClassGeneral is 一般書類: quotes, orders, inspection slips.
	ClassGeneral Class = "general"
	// ClassPast is 過去分: papers received before the scanner-storage
	// application, scanned afterwards (過去分重要書類).
	ClassPast Class = "past"
)

// Classes lists every class, in a stable order.
var Classes = []Class{ClassImportant, ClassGeneral, ClassPast}

// ParseClass accepts a class by its code or its Japanese name.
func ParseClass(s string) (Class, error) {
	switch strings.TrimSpace(s) {
	case "important", "重要書類", "重要":
		return ClassImportant, nil
	case "general", "一般書類", "一般":
		return ClassGeneral, nil
	case "past", "過去分", "過去分重要書類":
		return ClassPast, nil
	}
	return "", fmt.Errorf("retention: unknown document class %q (want important, general or past)", s)
}

// Label is the class's Japanese name, for people.
func (c Class) Label() string {
	switch c {
	case ClassImportant:
		return "重要書類"
	case ClassGeneral:
		return "一般書類"
	case ClassPast:
		return "過去分"
	}
	return string(c)
}

// Rules is a company's retention configuration.
type Rules struct {
	// FiscalYearEndMonth and FiscalYearEndDay give the last day of the
	// fiscal year, for example March 31. A day past the month's end (Feb
	// 29 in a common year) means the month's last day.
	FiscalYearEndMonth time.Month
	FiscalYearEndDay   int
	// FilingMonths is how long after the fiscal year end the tax return
	// is due: 2, or 3 with an approved extension (申告期限の延長).
	FilingMonths int
	// DefaultYears applies to a class without an entry in Years.
	DefaultYears int
	// Years overrides the retention period per class.
	Years map[Class]int
	// LossYears is the minimum period for a fiscal year with a loss
	// carried forward.
	LossYears int
	// LossFiscalYears names those fiscal years by the calendar year in
	// which they end.
	LossFiscalYears []int
}

// DefaultRules is a March year end, filing two months later, and 10
// years for everything: the longest period the law asks for, so a company
// that has configured nothing deletes nothing too early.
func DefaultRules() Rules {
	return Rules{
		FiscalYearEndMonth: time.March,
		FiscalYearEndDay:   31,
		FilingMonths:       2,
		DefaultYears:       10,
		LossYears:          10,
	}
}

// minYears is the shortest period any document may be kept: the 7 years
// of the Corporation Tax Act. Configuring less is refused, not clamped, so
// a typo cannot silently shorten what the law asks for.
const minYears = 7

// Validate reports a configuration that would keep documents too briefly
// or that names impossible dates.
func (r Rules) Validate() error {
	var errs []error
	if r.FiscalYearEndMonth < time.January || r.FiscalYearEndMonth > time.December {
		errs = append(errs, fmt.Errorf("fiscal year end month %d", r.FiscalYearEndMonth))
	}
	if r.FiscalYearEndDay < 1 || r.FiscalYearEndDay > 31 {
		errs = append(errs, fmt.Errorf("fiscal year end day %d", r.FiscalYearEndDay))
	}
	if r.FilingMonths < 1 || r.FilingMonths > 12 {
		errs = append(errs, fmt.Errorf("filing months %d (want 1..12)", r.FilingMonths))
	}
	if r.DefaultYears < minYears {
		errs = append(errs, fmt.Errorf("default years %d (the law asks for at least %d)", r.DefaultYears, minYears))
	}
	if r.LossYears < 10 {
		errs = append(errs, fmt.Errorf("loss years %d (the law asks for 10 in a loss year)", r.LossYears))
	}
	for c, y := range r.Years {
		if !slices.Contains(Classes, c) {
			errs = append(errs, fmt.Errorf("years for unknown class %q", c))
		}
		if y < minYears {
			errs = append(errs, fmt.Errorf("years for %s: %d (at least %d)", c, y, minYears))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("retention: bad rules: %w", errors.Join(errs...))
	}
	return nil
}

// civil returns the calendar date of t in Japan, at 00:00 JST.
func civil(t time.Time) time.Time {
	y, m, d := t.In(JST).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, JST)
}

// lastDay returns the last day of month m of year y.
func lastDay(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, JST).Day()
}

// yearEnd returns the fiscal year end date in calendar year y.
func (r Rules) yearEnd(y int) time.Time {
	d := min(r.FiscalYearEndDay, lastDay(y, r.FiscalYearEndMonth))
	return time.Date(y, r.FiscalYearEndMonth, d, 0, 0, 0, 0, JST)
}

// FiscalYearEnd returns the last day (00:00 JST) of the fiscal year that
// contains the date of t.
func (r Rules) FiscalYearEnd(t time.Time) time.Time {
	day := civil(t)
	end := r.yearEnd(day.Year())
	if day.After(end) {
		end = r.yearEnd(day.Year() + 1)
	}
	return end
}

// FilingDeadline returns the due date of the tax return for the fiscal
// year ending on fyEnd. A year ending on a month's last day is due on the
// last day of the month FilingMonths later (Dec 31 → Feb 28/29, not Mar 3
// as plain month arithmetic would say).
func (r Rules) FilingDeadline(fyEnd time.Time) time.Time {
	y, m, d := civil(fyEnd).Date()
	ty, tm := y, m+time.Month(r.FilingMonths)
	for tm > 12 {
		ty, tm = ty+1, tm-12
	}
	if d == lastDay(y, m) {
		return time.Date(ty, tm, lastDay(ty, tm), 0, 0, 0, 0, JST)
	}
	return time.Date(ty, tm, min(d, lastDay(ty, tm)), 0, 0, 0, 0, JST)
}

// Period is the outcome of the rules for one document, with the
// intermediate dates so a person can check the arithmetic.
type Period struct {
	Class          Class     `json:"class"`
	FiscalYearEnd  time.Time `json:"fiscal_year_end"`
	FilingDeadline time.Time `json:"filing_deadline"`
	Years          int       `json:"years"`
	LossYear       bool      `json:"loss_year,omitempty"`
	// Until is the first instant deletion is allowed: 00:00 JST of the
	// day after the last day of retention.
	Until time.Time `json:"retain_until"`
}

// Compute returns the retention of a document of class c dated docDate
// (the transaction date the books record it under; the caller falls back
// to the issue or receipt date).
func (r Rules) Compute(docDate time.Time, c Class) (Period, error) {
	if err := r.Validate(); err != nil {
		return Period{}, err
	}
	if !slices.Contains(Classes, c) {
		return Period{}, fmt.Errorf("retention: unknown class %q", c)
	}
	if docDate.IsZero() {
		return Period{}, errors.New("retention: no document date")
	}
	p := Period{Class: c, FiscalYearEnd: r.FiscalYearEnd(docDate)}
	p.FilingDeadline = r.FilingDeadline(p.FiscalYearEnd)
	p.Years = r.DefaultYears
	if y, ok := r.Years[c]; ok {
		p.Years = y
	}
	if slices.Contains(r.LossFiscalYears, p.FiscalYearEnd.Year()) {
		p.LossYear = true
		p.Years = max(p.Years, r.LossYears)
	}
	// "N years from the day after the deadline": the period starts on the
	// day after the deadline and its last day is the day before the same
	// date N years later, so deletion is first allowed at that date.
	start := p.FilingDeadline.AddDate(0, 0, 1)
	p.Until = start.AddDate(p.Years, 0, 0)
	return p, nil
}

// ErrShorten is returned for a retention change that would end sooner
// than the retention already in force.
var ErrShorten = errors.New("retention: a retention may be extended, never shortened")

// CheckChange reports whether moving a retention from cur to next is
// allowed: only a later (or equal) date is. A zero cur means none yet.
func CheckChange(cur, next time.Time) error {
	if next.IsZero() {
		return fmt.Errorf("%w: the new date is empty", ErrShorten)
	}
	if !cur.IsZero() && next.Before(cur) {
		return fmt.Errorf("%w: %s is before the current %s", ErrShorten,
			next.In(JST).Format(time.RFC3339), cur.In(JST).Format(time.RFC3339))
	}
	return nil
}

// Longest returns the latest retain_until any document dated t can get
// (over every class, and as a loss year): what the audit trail written at
// t must be kept for, since it is the evidence for all of them.
func (r Rules) Longest(t time.Time) (time.Time, error) {
	loss := r
	loss.LossFiscalYears = append(slices.Clone(r.LossFiscalYears), r.FiscalYearEnd(t).Year())
	var until time.Time
	for _, c := range Classes {
		p, err := loss.Compute(t, c)
		if err != nil {
			return time.Time{}, err
		}
		if p.Until.After(until) {
			until = p.Until
		}
	}
	return until, nil
}
