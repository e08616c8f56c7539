// Package deadline checks whether a paper document was input (scanned
// and stored) in time under the scanner-storage rules (電子帳簿保存法
// 施行規則 2条6項1号; compliance checklist row 3).
//
// Two methods are allowed, and a company uses one of them:
//
//   - 早期入力 (early input): within about 7 business days of receiving
//     the paper;
//   - 業務処理サイクル (business cycle): after the company's normal
//     processing period of at most 2 months, within about 7 business days
//     more. The company must have written rules (事務処理規程) for it.
//
// Both results are computed for every document so a reviewer can see how
// late an input was under either method; Late follows the configured one.
//
// Business days are Monday to Friday except Japanese national holidays
// and the company's own closing days (Calendar.Closed). Counting: the day
// the paper was received is day 0, the next business day is day 1, so an
// input on business day 8 is late for 早期入力.
package deadline

import (
	"fmt"
	"sync"
	"time"
)

// jst is Japan Standard Time: receipt and input dates are civil dates in
// Japan, whatever the server's zone.
var jst = time.FixedZone("JST", 9*60*60)

// date returns a civil date as midnight UTC, the form used as map key.
func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// civil returns the date of t in Japan.
func civil(t time.Time) time.Time {
	y, m, d := t.In(jst).Date()
	return date(y, m, d)
}

// Calendar tells business days from closed days.
type Calendar struct {
	// Closed lists the company's own closing days (year-end closure,
	// summer break) and any holiday the built-in rules do not know.
	Closed []time.Time

	once     sync.Once
	closed   map[time.Time]bool
	mu       sync.Mutex
	holidays map[int]map[time.Time]string
}

// IsBusinessDay reports whether the date of t (in Japan) is a business day.
func (c *Calendar) IsBusinessDay(t time.Time) bool {
	d := civil(t)
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	c.once.Do(func() {
		c.closed = map[time.Time]bool{}
		for _, x := range c.Closed {
			c.closed[civil(x)] = true
		}
	})
	if c.closed[d] {
		return false
	}
	_, holiday := c.Holiday(d)
	return !holiday
}

// Holiday returns the name of the national holiday on the date of t.
func (c *Calendar) Holiday(t time.Time) (string, bool) {
	d := civil(t)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.holidays == nil {
		c.holidays = map[int]map[time.Time]string{}
	}
	h, ok := c.holidays[d.Year()]
	if !ok {
		h = nationalHolidays(d.Year())
		c.holidays[d.Year()] = h
	}
	name, ok := h[d]
	return name, ok
}

// AddBusinessDays returns the date n business days after the date of t.
func (c *Calendar) AddBusinessDays(t time.Time, n int) time.Time {
	d := civil(t)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsBusinessDay(d) {
			n--
		}
	}
	return d
}

// BusinessDays counts the business days after the date of from up to and
// including the date of to; 0 when to is on or before from.
func (c *Calendar) BusinessDays(from, to time.Time) int {
	d, end := civil(from), civil(to)
	n := 0
	for d.Before(end) {
		d = d.AddDate(0, 0, 1)
		if c.IsBusinessDay(d) {
			n++
		}
	}
	return n
}

// Method is how a company inputs paper documents.
type Method string

// Input methods.
const (
	MethodEarly Method = "early" // 早期入力
	MethodCycle Method = "cycle" // 業務処理サイクル
)

// Rules is a company's input-deadline configuration.
type Rules struct {
	Method Method
	// BusinessDays is "about 7 business days" in both methods.
	BusinessDays int
	// CycleMonths is the company's processing period under the cycle
	// method, at most 2.
	CycleMonths int
}

// DefaultRules is 早期入力 with 7 business days, the stricter method.
func DefaultRules() Rules {
	return Rules{Method: MethodEarly, BusinessDays: 7, CycleMonths: 2}
}

// Validate reports rules the law does not allow.
func (r Rules) Validate() error {
	if r.Method != MethodEarly && r.Method != MethodCycle {
		return fmt.Errorf("deadline: unknown input method %q (want early or cycle)", r.Method)
	}
	if r.BusinessDays < 1 || r.BusinessDays > 10 {
		return fmt.Errorf("deadline: %d business days (the law says about 7)", r.BusinessDays)
	}
	if r.CycleMonths < 1 || r.CycleMonths > 2 {
		return fmt.Errorf("deadline: cycle of %d months (at most 2)", r.CycleMonths)
	}
	return nil
}

// Result is the input-deadline check of one document. Dates are
// YYYY-MM-DD in Japan.
type Result struct {
	ReceivedOn    string `json:"received_on"`
	InputOn       string `json:"input_on"`
	BusinessDays  int    `json:"business_days"`
	EarlyDeadline string `json:"early_deadline"`
	CycleDeadline string `json:"cycle_deadline"`
	LateEarly     bool   `json:"late_early,omitempty"`
	LateCycle     bool   `json:"late_cycle,omitempty"`
	// Late is the verdict under the configured method.
	Late bool `json:"late,omitempty"`
}

// Check judges an input at input of a paper received at received.
func (r Rules) Check(cal *Calendar, received, input time.Time) (Result, error) {
	if err := r.Validate(); err != nil {
		return Result{}, err
	}
	if received.IsZero() || input.IsZero() {
		return Result{}, fmt.Errorf("deadline: receipt or input date missing")
	}
	early := cal.AddBusinessDays(received, r.BusinessDays)
	cycle := cal.AddBusinessDays(addMonths(civil(received), r.CycleMonths), r.BusinessDays)
	in := civil(input)
	res := Result{
		ReceivedOn:    civil(received).Format(time.DateOnly),
		InputOn:       in.Format(time.DateOnly),
		BusinessDays:  cal.BusinessDays(received, input),
		EarlyDeadline: early.Format(time.DateOnly),
		CycleDeadline: cycle.Format(time.DateOnly),
		LateEarly:     in.After(early),
		LateCycle:     in.After(cycle),
	}
	res.Late = res.LateEarly
	if r.Method == MethodCycle {
		res.Late = res.LateCycle
	}
	return res, nil
}

// addMonths adds n months, clamping to the month's last day (Jan 31 + 1
// month is Feb 28/29, not Mar 2/3).
func addMonths(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	first := date(y, m, 1).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return date(first.Year(), first.Month(), min(day, last))
}
