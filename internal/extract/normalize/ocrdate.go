package normalize

import (
	"regexp"
	"strings"
)

// OCR misreadings of the separators in numeric dates: "/" read as 7, 1,
// l, I or | ("09701/2019"), or lost between day and month ("1202/2018").
var (
	badSepRe  = regexp.MustCompile(`(\d{1,2})([/.-]|[71lI|])(\d{1,2})([/.-]|[71lI|])(\d{4}|\d{2})`)
	lostSepRe = regexp.MustCompile(`(\d{2})(\d{2})[/.-](\d{4})`)
	// nameSepRe is a day, a three-letter month and a four-digit year
	// between the same separators ("14/JUN/2017"), the month as read.
	nameSepRe = regexp.MustCompile(`\b(\d{1,2})([/-])([A-Za-z]{3})([/-])(\d{4})\b`)
)

// misreadMonths reads "14/dun/2017" as 14 June 2017: a month name one
// letter off exactly one month's abbreviation, in the dd/MMM/yyyy form
// tills print, which nothing else has. Certainty 0.6, as for a repaired
// digit.
func misreadMonths(s string) []DateMatch {
	var out []DateMatch
	for _, m := range nameSepRe.FindAllStringSubmatchIndex(s, -1) {
		if sub(s, m, 2) != sub(s, m, 4) {
			continue
		}
		got := strings.ToLower(sub(s, m, 3))
		if _, exact := monthNames[got]; exact {
			continue // read by dmyNameRe
		}
		month, matches := 0, 0
		for name, n := range monthNames {
			if oneLetterOff(got, name) {
				month, matches = n, matches+1
			}
		}
		if matches != 1 {
			continue // none, or "jxn": January or June
		}
		if d := iso(atoi(sub(s, m, 5)), month, atoi(sub(s, m, 1))); d != "" {
			out = append(out, DateMatch{Start: m[0], End: m[1], Text: s[m[0]:m[1]], ISO: d, Certainty: 0.6})
		}
	}
	return out
}

// oneLetterOff reports whether a and b, of the same length, differ in
// exactly one byte.
func oneLetterOff(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	n := 0
	for i := range len(a) {
		if a[i] != b[i] {
			n++
		}
	}
	return n == 1
}

// FindDatesLenient is FindDates, and where that finds nothing, also reads
// dates whose separators OCR misread or lost. The readings are guesses
// (certainty at most 0.5), so use it only where a label says a date
// follows ("DATE: 09701/2019").
func FindDatesLenient(s string, hint Order) []DateMatch {
	if m := FindDates(s, hint); len(m) > 0 {
		return m
	}
	var out []DateMatch
	for _, m := range badSepRe.FindAllStringSubmatchIndex(s, -1) {
		real := func(sep string) bool { return sep == "/" || sep == "." || sep == "-" }
		if !digitBoundary(s, m[0], m[1]) || !real(sub(s, m, 2)) && !real(sub(s, m, 4)) {
			continue // both separators misread: too little left to go on
		}
		if d, cert := numericDate(sub(s, m, 1), sub(s, m, 3), sub(s, m, 5), hint); d != "" {
			out = append(out, DateMatch{Start: m[0], End: m[1], Text: s[m[0]:m[1]], ISO: d, Certainty: cert * 0.5})
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, m := range lostSepRe.FindAllStringSubmatchIndex(s, -1) {
		if !digitBoundary(s, m[0], m[1]) {
			continue
		}
		if d, cert := numericDate(sub(s, m, 1), sub(s, m, 2), sub(s, m, 3), hint); d != "" {
			out = append(out, DateMatch{Start: m[0], End: m[1], Text: s[m[0]:m[1]], ISO: d, Certainty: cert * 0.5})
		}
	}
	return out
}
