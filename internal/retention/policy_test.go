package retention_test

import (
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/retention"
)

func v1(mediaType string, stored time.Time, issue string) *record.Version {
	v := &record.Version{
		DocID:    "0123456789abcdef01234567",
		Original: record.Original{MediaType: mediaType, ReceivedAt: stored},
	}
	if issue != "" {
		v.Fields.IssueDate = &record.Field{Value: issue}
	}
	return v
}

func TestPolicyVersion1(t *testing.T) {
	p := retention.DefaultPolicy()
	p.Rules.Years = map[retention.Class]int{retention.ClassGeneral: 7}
	stored := time.Date(2024, 4, 11, 1, 0, 0, 0, time.UTC) // 10:00 JST

	v := v1("image/jpeg", stored, "2024-03-28")
	if err := p.Apply(nil, v); err != nil {
		t.Fatal(err)
	}
	a := v.Archival
	if a.Class != record.ClassImportant || a.Origin != record.OriginScan || a.ReceivedOn != "2024-04-11" {
		t.Errorf("defaults: %+v", a)
	}
	// Issued in FY ending 2024-03-31: 10 years from 2024-06-01.
	if got := a.RetainUntil.In(retention.JST).Format(time.DateOnly); got != "2034-06-01" || a.FiscalYearEnd != "2024-03-31" || a.RetentionYears != 10 {
		t.Errorf("retention: %s %s %d", got, a.FiscalYearEnd, a.RetentionYears)
	}
	if a.Input == nil || a.Input.Late || len(v.Findings) != 0 {
		t.Errorf("input on the day of receipt: %+v %v", a.Input, v.Findings)
	}

	// The paper was received 8 business days before it was stored.
	late := v1("image/jpeg", stored, "2024-03-28")
	late.Archival = &record.Archival{ReceivedOn: "2024-03-29"}
	if err := p.Apply(nil, late); err != nil {
		t.Fatal(err)
	}
	if !late.Archival.Input.Late || len(late.Findings) != 1 || late.Findings[0].Code != retention.FindingLateInput {
		t.Errorf("late input not flagged: %+v %v", late.Archival.Input, late.Findings)
	}

	// Electronic data has no input deadline; 過去分 neither.
	xml := v1("application/xml", stored, "")
	if err := p.Apply(nil, xml); err != nil || xml.Archival.Origin != record.OriginElectronic || xml.Archival.Input != nil {
		t.Errorf("electronic: %+v %v", xml.Archival, err)
	}
	past := v1("image/png", stored, "2020-01-10")
	past.Archival = &record.Archival{Class: "過去分", ReceivedOn: "2020-01-10"}
	if err := p.Apply(nil, past); err != nil || past.Archival.Input != nil || past.Archival.Class != record.ClassPast {
		t.Errorf("past: %+v %v", past.Archival, err)
	}

	bad := v1("image/jpeg", stored, "")
	bad.Archival = &record.Archival{ReceivedOn: "2024-05-01"}
	if err := p.Apply(nil, bad); err == nil {
		t.Error("received after it was stored: accepted")
	}
}

// TestPolicyNeverShortens: a correction to a class with a shorter period
// keeps the retention already in force; a later transaction date extends.
func TestPolicyNeverShortens(t *testing.T) {
	p := retention.DefaultPolicy()
	p.Rules.Years = map[retention.Class]int{retention.ClassGeneral: 7}
	stored := time.Date(2024, 4, 11, 1, 0, 0, 0, time.UTC)
	prev := v1("image/jpeg", stored, "2024-03-28")
	if err := p.Apply(nil, prev); err != nil {
		t.Fatal(err)
	}
	next := v1("image/jpeg", stored, "2024-03-28")
	a := *prev.Archival
	a.Class = record.ClassGeneral
	next.Archival = &a
	if err := p.Apply(prev, next); err != nil {
		t.Fatal(err)
	}
	if !next.Archival.RetainUntil.Equal(prev.Archival.RetainUntil) || next.Archival.Class != record.ClassGeneral {
		t.Errorf("class change shortened retention: %v → %v", prev.Archival.RetainUntil, next.Archival.RetainUntil)
	}
	later := v1("image/jpeg", stored, "2024-03-28")
	later.Fields.TransactionDate = &record.Field{Value: "2028-04-02"}
	if err := p.Apply(next, later); err != nil {
		t.Fatal(err)
	}
	if got := later.Archival.RetainUntil.In(retention.JST).Format(time.DateOnly); got != "2036-06-01" {
		t.Errorf("later transaction date: %s, want 2036-06-01 (FY to 2029-03-31, 7 years as general)", got)
	}
}
