package deadline_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/deadline"
)

var jst = time.FixedZone("JST", 9*60*60)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 10, 0, 0, 0, jst) }

// holidaysOf lists the national holidays of a year as MM-DD.
func holidaysOf(c *deadline.Calendar, y int) []string {
	var out []string
	for t := d(y, 1, 1); t.Year() == y; t = t.AddDate(0, 0, 1) {
		if _, ok := c.Holiday(t); ok {
			out = append(out, t.Format("01-02"))
		}
	}
	return out
}

// TestNationalHolidays compares with the Cabinet Office's published lists
// (内閣府「国民の祝日について」) for years that exercise substitute
// holidays, a 国民の休日 between two holidays, and the 2019–2021 changes.
func TestNationalHolidays(t *testing.T) {
	c := &deadline.Calendar{}
	want := map[int][]string{
		2019: {"01-01", "01-14", "02-11", "03-21", "04-29", "04-30", "05-01", "05-02", "05-03", "05-04", "05-05", "05-06", "07-15", "08-11", "08-12", "09-16", "09-23", "10-14", "10-22", "11-03", "11-04", "11-23"},
		2021: {"01-01", "01-11", "02-11", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "07-22", "07-23", "08-08", "08-09", "09-20", "09-23", "11-03", "11-23"},
		2024: {"01-01", "01-08", "02-11", "02-12", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-15", "08-11", "08-12", "09-16", "09-22", "09-23", "10-14", "11-03", "11-04", "11-23"},
		2025: {"01-01", "01-13", "02-11", "02-23", "02-24", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-21", "08-11", "09-15", "09-23", "10-13", "11-03", "11-23", "11-24"},
		2026: {"01-01", "01-12", "02-11", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-20", "08-11", "09-21", "09-22", "09-23", "10-12", "11-03", "11-23"},
	}
	for y, w := range want {
		if got := holidaysOf(c, y); !slices.Equal(got, w) {
			t.Errorf("%d:\n got  %v\n want %v", y, got, w)
		}
	}
	if name, _ := c.Holiday(d(2026, 9, 22)); name != "国民の休日" {
		t.Errorf("2026-09-22 is %q", name)
	}
}

func TestBusinessDays(t *testing.T) {
	c := &deadline.Calendar{Closed: []time.Time{d(2024, 12, 30), d(2024, 12, 31)}}
	// Golden week 2024: 4/29 and 5/3–5/6 are holidays.
	if got := c.AddBusinessDays(d(2024, 4, 26), 7).Format(time.DateOnly); got != "2024-05-10" {
		t.Errorf("7 business days after 2024-04-26: %s", got)
	}
	if n := c.BusinessDays(d(2024, 4, 26), d(2024, 5, 10)); n != 7 {
		t.Errorf("business days 04-26..05-10: %d", n)
	}
	if c.IsBusinessDay(d(2024, 12, 30)) || !c.IsBusinessDay(d(2024, 12, 27)) {
		t.Error("company closing days not honoured")
	}
	if n := c.BusinessDays(d(2024, 5, 10), d(2024, 5, 1)); n != 0 {
		t.Errorf("backwards: %d", n)
	}
	// 15:30 UTC is already the next day in Japan.
	if got := c.AddBusinessDays(time.Date(2024, 4, 1, 15, 30, 0, 0, time.UTC), 1).Format(time.DateOnly); got != "2024-04-03" {
		t.Errorf("one business day after 2024-04-02 JST: %s", got)
	}
}

func TestLateInput(t *testing.T) {
	c := &deadline.Calendar{}
	received := d(2024, 4, 1) // a Monday
	early := deadline.DefaultRules()
	cycle := deadline.DefaultRules()
	cycle.Method = deadline.MethodCycle
	cases := []struct {
		name               string
		rules              deadline.Rules
		input              time.Time
		days               int
		lateEarly, lateCyc bool
		late               bool
	}{
		{"business day 7 is in time", early, d(2024, 4, 10), 7, false, false, false},
		{"business day 8 is late for early input", early, d(2024, 4, 11), 8, true, false, true},
		{"business day 8 is fine under the cycle method", cycle, d(2024, 4, 11), 8, true, false, false},
		// 2 months after 04-01 is 06-01 (a Saturday); 7 business days
		// later is 06-11 (April 20 + May 21 + June 7 = 48 business days).
		{"last day of the cycle", cycle, d(2024, 6, 11), 48, true, false, false},
		{"day after the cycle", cycle, d(2024, 6, 12), 49, true, true, true},
		{"business day 70", cycle, c.AddBusinessDays(received, 70), 70, true, true, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.rules.Check(c, received, tc.input)
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(r.BusinessDays, r.LateEarly, r.LateCycle, r.Late)
			want := fmt.Sprint(tc.days, tc.lateEarly, tc.lateCyc, tc.late)
			if got != want {
				t.Errorf("days late-early late-cycle late = %s, want %s (%+v)", got, want, r)
			}
			if r.EarlyDeadline != "2024-04-10" || r.CycleDeadline != "2024-06-11" {
				t.Errorf("deadlines %s %s", r.EarlyDeadline, r.CycleDeadline)
			}
		})
	}
}

func TestRulesValidate(t *testing.T) {
	bad := []deadline.Rules{
		{Method: "later", BusinessDays: 7, CycleMonths: 2},
		{Method: deadline.MethodEarly, BusinessDays: 0, CycleMonths: 2},
		{Method: deadline.MethodCycle, BusinessDays: 7, CycleMonths: 3},
	}
	for _, r := range bad {
		if _, err := r.Check(&deadline.Calendar{}, d(2024, 4, 1), d(2024, 4, 2)); err == nil {
			t.Errorf("%+v accepted", r)
		}
	}
	if _, err := deadline.DefaultRules().Check(&deadline.Calendar{}, time.Time{}, d(2024, 4, 2)); err == nil {
		t.Error("missing receipt date accepted")
	}
}
