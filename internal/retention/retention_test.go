package retention_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/retention"
)

func jst(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, retention.JST)
}

func day(t time.Time) string { return t.In(retention.JST).Format(time.DateOnly) }

func TestCompute(t *testing.T) {
	march := retention.DefaultRules()
	march.Years = map[retention.Class]int{retention.ClassGeneral: 7, retention.ClassImportant: 7}
	december := march
	december.FiscalYearEndMonth, december.FiscalYearEndDay = time.December, 31
	loss := march
	loss.LossFiscalYears = []int{2025}
	extended := march
	extended.FilingMonths = 3

	cases := []struct {
		name                   string
		rules                  retention.Rules
		date                   time.Time
		class                  retention.Class
		fyEnd, deadline, until string
		years                  int
		lossYear               bool
	}{
		// FY 2023-04-01..2024-03-31, return due 2024-05-31, seven years
		// from 2024-06-01: the last day kept is 2031-05-31.
		{"march year end, 7 years", march, jst(2024, 2, 15), retention.ClassImportant, "2024-03-31", "2024-05-31", "2031-06-01", 7, false},
		{"first day of the next fiscal year", march, jst(2024, 4, 1), retention.ClassGeneral, "2025-03-31", "2025-05-31", "2032-06-01", 7, false},
		{"last day of the fiscal year", march, jst(2024, 3, 31), retention.ClassGeneral, "2024-03-31", "2024-05-31", "2031-06-01", 7, false},
		// 2024-03-31T16:00Z is already 2024-04-01 in Tokyo.
		{"UTC evening is the next day in Japan", march, time.Date(2024, 3, 31, 16, 0, 0, 0, time.UTC), retention.ClassGeneral, "2025-03-31", "2025-05-31", "2032-06-01", 7, false},
		{"unconfigured class keeps the default 10", march, jst(2024, 2, 15), retention.ClassPast, "2024-03-31", "2024-05-31", "2034-06-01", 10, false},
		{"default rules: 10 years", retention.DefaultRules(), jst(2024, 2, 15), retention.ClassGeneral, "2024-03-31", "2024-05-31", "2034-06-01", 10, false},
		// A December year end is due at the end of February, not on
		// March 3 as naive month arithmetic would give.
		{"december year end, common year", december, jst(2024, 6, 1), retention.ClassImportant, "2024-12-31", "2025-02-28", "2032-03-01", 7, false},
		{"december year end, leap year", december, jst(2023, 12, 31), retention.ClassImportant, "2023-12-31", "2024-02-29", "2031-03-01", 7, false},
		{"loss year: 10 years", loss, jst(2024, 10, 1), retention.ClassGeneral, "2025-03-31", "2025-05-31", "2035-06-01", 10, true},
		{"year after a loss year: 7 again", loss, jst(2025, 10, 1), retention.ClassGeneral, "2026-03-31", "2026-05-31", "2033-06-01", 7, false},
		{"filing extended by a month", extended, jst(2024, 2, 15), retention.ClassGeneral, "2024-03-31", "2024-06-30", "2031-07-01", 7, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.rules.Compute(c.date, c.class)
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprintf("%s %s %s %d %v", day(p.FiscalYearEnd), day(p.FilingDeadline), day(p.Until), p.Years, p.LossYear)
			want := fmt.Sprintf("%s %s %s %d %v", c.fyEnd, c.deadline, c.until, c.years, c.lossYear)
			if got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			// Until is midnight in Tokyo: deletion becomes possible at the
			// start of that day, not at midnight UTC nine hours later.
			if u := p.Until.In(retention.JST); u.Hour() != 0 || u.Minute() != 0 {
				t.Errorf("until %v is not midnight JST", p.Until)
			}
		})
	}
}

func TestFiscalYearEndOnFeb29(t *testing.T) {
	r := retention.DefaultRules()
	r.FiscalYearEndMonth, r.FiscalYearEndDay = time.February, 29
	if got := day(r.FiscalYearEnd(jst(2023, 2, 28))); got != "2023-02-28" {
		t.Errorf("common year: %s", got)
	}
	if got := day(r.FiscalYearEnd(jst(2024, 2, 29))); got != "2024-02-29" {
		t.Errorf("leap year: %s", got)
	}
	if got := day(r.FiscalYearEnd(jst(2024, 3, 1))); got != "2025-02-28" {
		t.Errorf("day after: %s", got)
	}
	// Feb 28 is the month's last day in 2025, so the return is due at the
	// end of April.
	if got := day(r.FilingDeadline(jst(2025, 2, 28))); got != "2025-04-30" {
		t.Errorf("deadline: %s", got)
	}
}

func TestValidateRefusesShortPeriods(t *testing.T) {
	bad := []func(*retention.Rules){
		func(r *retention.Rules) { r.DefaultYears = 5 },
		func(r *retention.Rules) { r.Years = map[retention.Class]int{retention.ClassGeneral: 6} },
		func(r *retention.Rules) { r.Years = map[retention.Class]int{"misc": 7} },
		func(r *retention.Rules) { r.LossYears = 9 },
		func(r *retention.Rules) { r.FiscalYearEndMonth = 13 },
		func(r *retention.Rules) { r.FiscalYearEndDay = 0 },
		func(r *retention.Rules) { r.FilingMonths = 0 },
	}
	for i, f := range bad {
		r := retention.DefaultRules()
		f(&r)
		if err := r.Validate(); err == nil {
			t.Errorf("case %d: %+v accepted", i, r)
		}
		if _, err := r.Compute(jst(2024, 1, 1), retention.ClassGeneral); err == nil {
			t.Errorf("case %d: Compute accepted bad rules", i)
		}
	}
	if _, err := retention.DefaultRules().Compute(time.Time{}, retention.ClassGeneral); err == nil {
		t.Error("a zero date was accepted")
	}
	if _, err := retention.DefaultRules().Compute(jst(2024, 1, 1), "misc"); err == nil {
		t.Error("an unknown class was accepted")
	}
}

func TestCheckChange(t *testing.T) {
	cur := jst(2031, 6, 1)
	if err := retention.CheckChange(cur, jst(2034, 6, 1)); err != nil {
		t.Errorf("extending: %v", err)
	}
	if err := retention.CheckChange(cur, cur); err != nil {
		t.Errorf("same date: %v", err)
	}
	if err := retention.CheckChange(time.Time{}, cur); err != nil {
		t.Errorf("first retention: %v", err)
	}
	if err := retention.CheckChange(cur, cur.Add(-time.Second)); !errors.Is(err, retention.ErrShorten) {
		t.Errorf("shortening by a second: %v, want ErrShorten", err)
	}
	if err := retention.CheckChange(cur, time.Time{}); !errors.Is(err, retention.ErrShorten) {
		t.Errorf("removing: %v, want ErrShorten", err)
	}
}

func TestParseClass(t *testing.T) {
	for in, want := range map[string]retention.Class{
		"important": retention.ClassImportant, "重要書類": retention.ClassImportant,
		"一般書類": retention.ClassGeneral, " general ": retention.ClassGeneral,
		"過去分": retention.ClassPast,
	} {
		got, err := retention.ParseClass(in)
		if err != nil || got != want {
			t.Errorf("ParseClass(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := retention.ParseClass("misc"); err == nil {
		t.Error("misc accepted")
	}
	if retention.ClassImportant.Label() != "重要書類" {
		t.Error(retention.ClassImportant.Label())
	}
}

func ExampleRules_Compute() {
	r := retention.DefaultRules()
	r.Years = map[retention.Class]int{retention.ClassGeneral: 7}
	p, _ := r.Compute(time.Date(2024, 9, 30, 0, 0, 0, 0, retention.JST), retention.ClassGeneral)
	fmt.Println(p.FiscalYearEnd.Format(time.DateOnly), p.FilingDeadline.Format(time.DateOnly), p.Until.Format(time.RFC3339))
	// Output: 2025-03-31 2025-05-31 2032-06-01T00:00:00+09:00
}

func TestLongest(t *testing.T) {
	r := retention.DefaultRules()
	r.Years = map[retention.Class]int{retention.ClassGeneral: 7, retention.ClassImportant: 7, retention.ClassPast: 7}
	got, err := r.Longest(jst(2024, 2, 15))
	if err != nil {
		t.Fatal(err)
	}
	// Seven years for every class, but a loss year would need ten.
	if day(got) != "2034-06-01" {
		t.Errorf("Longest = %s, want 2034-06-01", day(got))
	}
	r.Years[retention.ClassPast] = 12
	if got, _ := r.Longest(jst(2024, 2, 15)); day(got) != "2036-06-01" {
		t.Errorf("Longest with a 12-year class = %s", day(got))
	}
}
