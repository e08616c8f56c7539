package normalize

import "regexp"

// OCR misreadings of the separators in numeric dates: "/" read as 7, 1,
// l, I or | ("09701/2019"), or lost between day and month ("1202/2018").
var (
	badSepRe  = regexp.MustCompile(`(\d{1,2})([/.-]|[71lI|])(\d{1,2})([/.-]|[71lI|])(\d{4}|\d{2})`)
	lostSepRe = regexp.MustCompile(`(\d{2})(\d{2})[/.-](\d{4})`)
)

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
