package normalize

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// AmountMatch is one amount found in a line of text.
type AmountMatch struct {
	Start, End int    // byte offsets in the searched string, markers included
	Text       string // the matched text
	Amount     Amount
	// Certainty is 1 for a clean number and lower when letters had to be
	// read as digits or the number is glued to other letters.
	Certainty float64
	// Money is true when the text looks like money rather than a count or
	// a code: a currency marker, decimals or thousands separators.
	Money bool
}

var (
	numRunRe   = regexp.MustCompile(`\d+(?:\s?(?:[.,']|,\.|\.,)\s?\d+)*`)
	kanjiAmtRe = regexp.MustCompile(`(?:金\s?)?[0-9,〇零一壱壹二弐貳三参參四肆五伍六陸七漆八捌九玖十拾百佰陌千阡仟万萬億兆]+\s?円\s?也?`)
)

// FindAmounts returns the amounts in s, which should be Fold output, in
// order of position. Numbers that belong to dates, times or phone numbers
// ("25/12/2018", "8:13", "03-1234-5678") are skipped.
func FindAmounts(s string) []AmountMatch {
	fixed := repairDigits(s) // same length: every repair is one ASCII byte for another
	var out []AmountMatch
	for _, m := range kanjiAmtRe.FindAllStringIndex(s, -1) {
		body := s[m[0]:m[1]]
		if strings.IndexFunc(body, isKanjiNumeral) < 0 {
			continue // plain digits with 円: the numeric pass reads them
		}
		if a, err := ParseAmount(body); err == nil {
			out = append(out, AmountMatch{Start: m[0], End: m[1], Text: body, Amount: a, Certainty: 1, Money: true})
		}
	}
	for _, m := range numRunRe.FindAllStringIndex(fixed, -1) {
		if overlaps(out, m[0], m[1]) || partOfOther(fixed, m[0], m[1]) {
			continue
		}
		if am, ok := readRun(s, fixed, m[0], m[1]); ok {
			out = append(out, am)
			continue
		}
		if am, ok := readClosingDigit(s, fixed, m[0], m[1]); ok {
			out = append(out, am)
			continue
		}
		// "1, 2, 3" or "9.00 10.00" glued by the spaces: read the parts.
		for _, part := range splitSpaces(m[0], m[1], fixed) {
			if am, ok := readRun(s, fixed, part[0], part[1]); ok {
				out = append(out, am)
			}
		}
	}
	sortMatches(out)
	return out
}

var doubledSep = strings.NewReplacer(",.", ",", ".,", ",")

// closingDigitRe is an amount with thousands separators whose last group
// has a digit or two too many: "3, 1909" for ３,１９０円, the 円 read as 9
// (or 6), and "2, 45079" for ２,４５０円, the 円 read as 79 (or 75) when
// the scan is soft. The group must be of three digits, so the extra
// digits cannot be part of the number.
var closingDigitRe = regexp.MustCompile(`^\d{1,3}(?:,\s?\d{3})+([69]|7[59])$`)

// readClosingDigit reads the run at [start,end) without its last digits
// when closingDigitRe says they are a closing mark OCR misread.
func readClosingDigit(s, fixed string, start, end int) (AmountMatch, bool) {
	m := closingDigitRe.FindStringSubmatch(fixed[start:end])
	if m == nil {
		return AmountMatch{}, false
	}
	am, ok := readRun(s, fixed, start, end-len(m[1]))
	if !ok || am.End != end-len(m[1]) {
		return AmountMatch{}, false
	}
	am.End, am.Text, am.Certainty, am.Money = end, s[am.Start:end], am.Certainty*0.6, true
	return am, true
}

func overlaps(ms []AmountMatch, start, end int) bool {
	for _, m := range ms {
		if start < m.End && m.Start < end {
			return true
		}
	}
	return false
}

// partOfOther reports whether the run at s[start:end] is a piece of a
// date, a time or a phone number.
func partOfOther(s string, start, end int) bool {
	joined := func(c byte) bool { return c == '/' || c == ':' || c == '-' }
	if start >= 2 && joined(s[start-1]) && isDigit(s[start-2]) {
		return true
	}
	if end+1 < len(s) && joined(s[end]) && isDigit(s[end+1]) {
		return true
	}
	return false
}

func splitSpaces(start, end int, s string) [][2]int {
	var parts [][2]int
	i := start
	for j := start; j <= end; j++ {
		if j == end || s[j] == ' ' {
			if j > i {
				parts = append(parts, [2]int{i, j})
			}
			i = j + 1
		}
	}
	return parts
}

// readRun parses the number at [start,end) and widens the match over its
// currency markers, sign and closing mark.
func readRun(s, fixed string, start, end int) (AmountMatch, bool) {
	// ",." is one separator OCR doubled ("3,.724").
	d, err := parseNumber(doubledSep.Replace(strings.ReplaceAll(fixed[start:end], " ", "")))
	if err != nil {
		return AmountMatch{}, false
	}
	if start > 0 && s[start-1] == '.' && (start == 1 || !isDigit(s[start-2])) && d.Scale == 0 && end-start <= 2 {
		// ".50": a decimal part without its leading zero.
		d = Decimal{Units: d.Units, Scale: end - start}
		start--
	}
	am := AmountMatch{Certainty: 1}
	if fixed[start:end] != s[start:end] {
		am.Certainty = 0.7
	}
	am.Money = d.Scale > 0 || strings.ContainsAny(s[start:end], ",.'")
	neg := false
	minus := func() bool { // a sign just before start, not a dash after a digit
		if start == 0 {
			return false
		}
		_, w := utf8.DecodeLastRuneInString(s[:start])
		if s[start-1] == '-' && (start == 1 || !isDigit(s[start-2])) ||
			strings.HasSuffix(s[:start], "△") || strings.HasSuffix(s[:start], "▲") {
			start -= w
			return true
		}
		return false
	}
	neg = minus()
	code, ms := markerBefore(s, start)
	if code == "" {
		code, end = markerAfter(s, end)
	} else {
		start = ms
		neg = neg || minus()
	}
	if code != "" {
		am.Money = true
	} else if !neg && start > 0 && isASCIILetter(s[start-1]) {
		am.Certainty *= 0.6 // a code like "A123" more likely than an amount
	}
	if neg {
		d.Units = -d.Units
	}
	if end < len(s) && s[end] == '-' && (end+1 == len(s) || s[end+1] == ' ') {
		end++ // ¥1,100- closing mark
	}
	am.Start, am.End, am.Text = start, end, s[start:end]
	am.Amount = Amount{Value: d, Currency: code}
	return am, true
}

func markerBefore(s string, start int) (string, int) {
	i := start
	if i > 0 && s[i-1] == ' ' {
		i--
	}
	up := strings.ToUpper(s[:i])
	for _, m := range prefixMarkers {
		if strings.HasSuffix(up, m.text) {
			j := i - len(m.text)
			if isASCIILetter(m.text[len(m.text)-1]) && j > 0 && isASCIILetter(s[j-1]) {
				continue // "FARM 9.00" is not RM
			}
			return m.code, j
		}
	}
	return "", start
}

func markerAfter(s string, end int) (string, int) {
	i := end
	if i < len(s) && s[i] == ' ' {
		i++
	}
	up := strings.ToUpper(s[i:])
	for _, m := range suffixMarkers {
		if strings.HasPrefix(up, m.text) {
			j := i + len(m.text)
			if isASCIILetter(m.text[0]) && j < len(s) && (isASCIILetter(s[j]) || isDigit(s[j])) {
				continue
			}
			if m.text == "F9" && i != end {
				continue // the misread 円 is glued to its number: "380F9", not "13F 9"
			}
			return m.code, j
		}
	}
	return "", end
}

func sortMatches(ms []AmountMatch) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Start < ms[j-1].Start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}
