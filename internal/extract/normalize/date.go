package normalize

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Order is the order of day, month and year in an all-numeric date. Only
// dates whose parts could be read either way need it; "2018-03-23" and
// "25/12/2018" decide their own order.
type Order int

// Date orders.
const (
	OrderUnknown Order = iota
	OrderDMY
	OrderMDY
	OrderYMD
)

func (o Order) String() string {
	return [...]string{"unknown", "DMY", "MDY", "YMD"}[o]
}

// OrderForCurrency returns the usual date order where code (ISO 4217) is
// the currency: the document's currency is the best hint a receipt gives
// about its locale.
func OrderForCurrency(code string) Order {
	switch strings.ToUpper(code) {
	case "":
		return OrderUnknown
	case "JPY", "CNY", "KRW", "TWD", "HUF":
		return OrderYMD
	case "USD", "PHP":
		return OrderMDY
	default: // MYR, SGD, EUR, GBP, AUD, INR, THB, ...: day first
		return OrderDMY
	}
}

// ErrNoDate is returned when a string holds no readable date.
var ErrNoDate = errors.New("normalize: no valid date")

// DateMatch is one date found in a string.
type DateMatch struct {
	Start, End int    // byte offsets of the match in the searched string
	Text       string // the matched text
	ISO        string // YYYY-MM-DD
	// Certainty is 1 when the text fixes the date (an era, a four-digit
	// year first, a month name, a day above 12) and lower when the order
	// of day and month came from the hint.
	Certainty float64
}

var (
	eraDateRe   = regexp.MustCompile(`(令\s?和|平\s?成|昭\s?和|\b[RHSrhs])\s?(元|O?\d{1,2})\s?(?:年|[./-])\s?(\d{1,2})\s?(?:月|[./-])\s?(\d{1,2})(?:\s?日)?`)
	kanjiDateRe = regexp.MustCompile(`(\d{4}|\d{2})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})(?:\s?日)?`)
	numDateRe   = regexp.MustCompile(`(\d{1,4})(?:\s?([/-])\s?|(\.))(\d{1,2})(?:\s?([/-])\s?|(\.))(\d{1,4})`)
	compactRe   = regexp.MustCompile(`(?:19|20)\d{6}`)
	dmyNameRe   = regexp.MustCompile(`(?i)(\d{1,2})(?:st|nd|rd|th)?[\s/.-]?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s,/.-]*'?(\d{4}|\d{2})`)
	mdyNameRe   = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s?(\d{1,2})(?:st|nd|rd|th)?,?\s?(\d{4})`)
)

var monthNames = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// ParseDate returns the first date in s as YYYY-MM-DD. hint orders
// all-numeric dates whose day and month could be swapped.
func ParseDate(s string, hint Order) (string, error) {
	m := FindDates(Fold(s), hint)
	if len(m) == 0 {
		return "", fmt.Errorf("%w in %q", ErrNoDate, s)
	}
	return m[0].ISO, nil
}

// FindDates returns the valid dates in s, which should be Fold output,
// in order of position. Overlapping readings keep the earliest and, among
// those, the longest: "R6.4.1" is an era date, not the numeric "6.4.1".
func FindDates(s string, hint Order) []DateMatch {
	var all []DateMatch
	text := s // the matched text is reported as written, before repairs
	keep := func(start, end int, iso string, cert float64) {
		all = append(all, DateMatch{Start: start, End: end, Text: text[start:end], ISO: iso, Certainty: cert})
	}
	add := func(start, end int, iso string, cert float64) {
		if iso != "" && boundary(s, start, end) {
			keep(start, end, iso, cert)
		}
	}
	for _, m := range eraDateRe.FindAllStringSubmatchIndex(s, -1) {
		era := strings.ReplaceAll(sub(s, m, 1), " ", "")
		year := strings.Replace(sub(s, m, 2), "O", "0", 1) // "RO6/06/15"
		d, cert := repairDate(year, sub(s, m, 3), sub(s, m, 4), func(y, mo, d string) string {
			return eraDate(era, y, atoi(mo), atoi(d))
		})
		add(m[0], m[1], d, cert)
	}
	for _, m := range kanjiDateRe.FindAllStringSubmatchIndex(s, -1) {
		if afterEraName(s[:m[0]]) { // an era date rejected above
			continue
		}
		d, cert := repairDate(sub(s, m, 1), sub(s, m, 2), sub(s, m, 3), func(y, mo, d string) string {
			return iso(yearOf(y), atoi(mo), atoi(d))
		})
		add(m[0], m[1], d, cert)
	}
	// Numeric dates are read with OCR look-alikes repaired ("O7/01/18");
	// repairDigits keeps byte offsets, so spans still index s.
	orig := s
	s = repairDigits(s)
	for from := 0; from < len(s); {
		loc := numDateRe.FindStringSubmatchIndex(s[from:])
		if loc == nil {
			break
		}
		m := make([]int, len(loc))
		for i, v := range loc {
			m[i] = v
			if v >= 0 {
				m[i] = v + from
			}
		}
		sep1, sep2 := sub(s, m, 2)+sub(s, m, 3), sub(s, m, 5)+sub(s, m, 6)
		if sep1 != sep2 || m[0] > 0 && isASCIILetter(s[m[0]-1]) {
			// "#19- 10/03/2018": try again after the first number; a
			// number glued to letters is a product code ("HD03-04-06").
			from = m[3]
			continue
		}
		d, cert := numericDate(sub(s, m, 1), sub(s, m, 4), sub(s, m, 7), hint)
		if d == "" && len(sub(s, m, 1)) == 4 { // "2924/11/12": year first, misread
			d, cert = repairDate(sub(s, m, 1), sub(s, m, 4), sub(s, m, 7), func(y, mo, d string) string {
				return iso(atoi(y), atoi(mo), atoi(d))
			})
		}
		add(m[0], m[1], d, cert)
		from = m[1]
	}
	// YYYYMMDD, as printed by some tills ("20180428/191204"): a reading
	// of last resort, since order and document numbers look the same.
	for _, m := range compactRe.FindAllStringIndex(s, -1) {
		t := s[m[0]:m[1]]
		if d := iso(atoi(t[:4]), atoi(t[4:6]), atoi(t[6:])); d != "" && digitBoundary(s, m[0], m[1]) {
			keep(m[0], m[1], d, 0.5)
		}
	}
	s = orig
	for _, m := range dmyNameRe.FindAllStringSubmatchIndex(s, -1) {
		y := sub(s, m, 3)
		add(m[0], m[1], iso(yearOf(y), monthNames[strings.ToLower(sub(s, m, 2))], atoi(sub(s, m, 1))), 1)
	}
	for _, m := range mdyNameRe.FindAllStringSubmatchIndex(s, -1) {
		add(m[0], m[1], iso(atoi(sub(s, m, 3)), monthNames[strings.ToLower(sub(s, m, 1))], atoi(sub(s, m, 2))), 1)
	}
	all = append(all, misreadMonths(s)...)
	return dropOverlaps(all)
}

// repairDate returns build(y, m, d), or, when that is no date, the one
// date that replacing a 6, 8 or 9 by 0 in one of the parts makes: engines
// read a 0 next to 日 as 6 ("12月36日") and a slashed 0 as 9 ("2924年").
// A repaired date has certainty 0.6; no date, or two possible repairs,
// give "".
func repairDate(y, m, d string, build func(y, m, d string) string) (string, float64) {
	if v := build(y, m, d); v != "" {
		return v, 1
	}
	parts := [3]string{y, m, d}
	found := ""
	for i, p := range parts {
		for j := 0; j < len(p); j++ {
			if p[j] != '6' && p[j] != '8' && p[j] != '9' {
				continue
			}
			q := parts
			q[i] = p[:j] + "0" + p[j+1:]
			v := build(q[0], q[1], q[2])
			switch {
			case v == "" || v == found:
			case found != "":
				return "", 0
			default:
				found = v
			}
		}
	}
	if found == "" {
		return "", 0
	}
	return found, 0.6
}

// boundary rejects matches cut out of a longer number, such as a part of
// a phone number or a product code.
func boundary(s string, start, end int) bool {
	if start > 0 && isDigit(s[start-1]) {
		return false
	}
	if end < len(s) && (isDigit(s[end]) || (s[end] == '.' || s[end] == '/') && end+1 < len(s) && isDigit(s[end+1])) {
		return false
	}
	return true
}

// digitBoundary rejects only matches inside a longer run of digits.
func digitBoundary(s string, start, end int) bool {
	return (start == 0 || !isDigit(s[start-1])) && (end == len(s) || !isDigit(s[end]))
}

func afterEraName(before string) bool {
	before = strings.TrimRight(before, " ")
	for name := range eras {
		if len(name) > 1 && strings.HasSuffix(before, name) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func dropOverlaps(all []DateMatch) []DateMatch {
	// Sort by start, then longest first (insertion sort: lists are tiny).
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && (all[j].Start < all[j-1].Start ||
			all[j].Start == all[j-1].Start && all[j].End > all[j-1].End); j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	var out []DateMatch
	end := -1
	for _, m := range all {
		if m.Start >= end {
			out = append(out, m)
			end = m.End
		}
	}
	return out
}

// numericDate reads a-b-c in the orders the digit counts allow, preferring
// the hint; a reading that is the only valid one is certain.
func numericDate(a, b, c string, hint Order) (string, float64) {
	var orders []Order
	switch {
	case len(a) == 4:
		orders = []Order{OrderYMD}
	case len(a) == 3 || len(c) == 3 || len(c) == 1 && len(a) == 1:
		return "", 0
	case len(c) == 4:
		orders = []Order{OrderDMY, OrderMDY}
	case len(c) == 1:
		orders = []Order{OrderYMD}
	default:
		orders = []Order{OrderDMY, OrderYMD, OrderMDY}
	}
	for i, o := range orders { // move the hint to the front
		if o == hint {
			copy(orders[1:i+1], orders[:i])
			orders[0] = o
		}
	}
	var first string
	valid := 0
	for _, o := range orders {
		var d string
		switch o {
		case OrderYMD:
			d = iso(yearOf(a), atoi(b), atoi(c))
		case OrderDMY:
			d = iso(yearOf(c), atoi(b), atoi(a))
		case OrderMDY:
			d = iso(yearOf(c), atoi(a), atoi(b))
		}
		if d == "" {
			continue
		}
		if first == "" {
			first = d
		}
		if d != first {
			valid++
		}
	}
	switch {
	case first == "":
		return "", 0
	case valid == 0 && (len(a) == 4 || len(c) == 4):
		return first, 1
	case valid == 0:
		return first, 0.9 // two-digit year, but only one reading is valid
	case hint != OrderUnknown:
		return first, 0.7
	default:
		return first, 0.5
	}
}

// yearOf reads a two- or four-digit year.
func yearOf(s string) int {
	y := atoi(s)
	if len(s) <= 2 {
		return fullYear(y)
	}
	return y
}

// fullYear maps a two-digit year into 1970..2069: receipts are recent, and
// the archive only starts in the 1980s.
func fullYear(y int) int {
	if y < 70 {
		return 2000 + y
	}
	return 1900 + y
}

// iso formats a date, or returns "" when it does not exist.
func iso(y, m, d int) string {
	if y < 1868 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return ""
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return ""
	}
	return t.Format("2006-01-02")
}

func sub(s string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
