package normalize

import (
	"fmt"
	"strconv"
	"strings"
)

// Amount is a parsed amount with the currency its marker named, if any.
type Amount struct {
	Value    Decimal
	Currency string // ISO 4217 from a marker (¥, 円, RM, $, €), or ""
}

// currencyMarkers maps printed markers to ISO codes. A backslash is the
// yen sign in Japanese fonts (Shift_JIS 0x5C), which OCR reads as "\";
// "F9" is 円 as OCR reads it, glued to the number ("380F9").
var (
	prefixMarkers = []struct{ text, code string }{
		{"US$", "USD"}, {"S$", "SGD"}, {"MYR", "MYR"}, {"JPY", "JPY"}, {"USD", "USD"}, {"EUR", "EUR"},
		{"SGD", "SGD"}, {"RM", "MYR"}, {"¥", "JPY"}, {"\\", "JPY"}, {"$", "USD"}, {"€", "EUR"}, {"£", "GBP"},
	}
	suffixMarkers = []struct{ text, code string }{
		{"円", "JPY"}, {"YEN", "JPY"}, {"JPY", "JPY"}, {"MYR", "MYR"}, {"EUR", "EUR"}, {"€", "EUR"}, {"USD", "USD"}, {"F9", "JPY"},
	}
)

// ocrDigit maps letters OCR engines confuse with digits.
var ocrDigit = map[byte]byte{'O': '0', 'o': '0', 'l': '1', 'I': '1', '|': '1', 'i': '1', 'S': '5', 's': '5'}

// ParseAmount reads one amount as printed: "￥1,100-", "RM 9.00",
// "1.234,56 €", "金壱萬弐阡円也", "9. OO". A trailing "-" is the Japanese
// closing mark (¥1,100- is 1100), not a sign; a leading "-", "△" or "▲",
// or parentheses, make the amount negative.
func ParseAmount(s string) (Amount, error) {
	f := strings.ReplaceAll(Fold(s), " ", "")
	var a Amount
	neg := false
	for changed := true; changed; {
		changed = false
		for _, p := range []string{"金", "-", "△", "▲", "(", "マイナス"} {
			if strings.HasPrefix(f, p) {
				f = f[len(p):]
				neg = neg || p != "金"
				changed = true
			}
		}
		for _, p := range []string{"也", "-", ")", "*", "※", "也"} {
			if strings.HasSuffix(f, p) {
				f = f[:len(f)-len(p)]
				changed = true
			}
		}
		for _, m := range prefixMarkers {
			if strings.HasPrefix(strings.ToUpper(f), m.text) {
				f, a.Currency, changed = f[len(m.text):], m.code, true
			}
		}
		for _, m := range suffixMarkers {
			if strings.HasSuffix(strings.ToUpper(f), m.text) {
				f, a.Currency, changed = f[:len(f)-len(m.text)], m.code, true
			}
		}
	}
	if f == "" {
		return Amount{}, fmt.Errorf("%w: %q", ErrAmount, s)
	}
	if strings.IndexFunc(f, isKanjiNumeral) >= 0 {
		n, err := ParseKanjiNumber(f)
		if err != nil {
			return Amount{}, err
		}
		a.Value = Decimal{Units: n}
		if a.Currency == "" && strings.Contains(s, "円") {
			a.Currency = "JPY"
		}
	} else {
		d, err := parseNumber(repairDigits(f))
		if err != nil {
			return Amount{}, fmt.Errorf("%w: %q", ErrAmount, s)
		}
		a.Value = d
	}
	if neg {
		a.Value.Units = -a.Value.Units
	}
	return a, nil
}

// repairDigits replaces OCR look-alike letters by digits. Within each
// token of letters, digits and separators that holds a real digit, every
// run of letters and digits made only of digits and look-alikes is
// repaired, so "1O.5O" and "9.OO" become numbers while "TOTAL9.00",
// "SDN" and "THIS IS" stay words. The result has the same length as s.
func repairDigits(s string) string {
	b := []byte(s)
	tokenChar := func(c byte) bool {
		return isDigit(c) || isASCIILetter(c) || c == '|' || c == '.' || c == ',' || c == '\''
	}
	wordChar := func(c byte) bool { return isDigit(c) || isASCIILetter(c) || c == '|' }
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && tokenChar(b[j]) {
			j++
		}
		if j == i {
			i++
			continue
		}
		if strings.IndexFunc(string(b[i:j]), func(r rune) bool { return r >= '0' && r <= '9' }) >= 0 {
			for k := i; k < j; {
				l := k
				for l < j && wordChar(b[l]) {
					l++
				}
				repairWord(b[k:l])
				k = l + 1
			}
		}
		i = j
	}
	return string(b)
}

// repairWord turns w into digits if it holds only digits and look-alikes.
func repairWord(w []byte) {
	for _, c := range w {
		if _, look := ocrDigit[c]; !isDigit(c) && !look {
			return
		}
	}
	for k, c := range w {
		if d, look := ocrDigit[c]; look {
			w[k] = d
		}
	}
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// parseNumber reads digits with thousands and decimal separators. With
// two kinds of separator the last is the decimal point ("1.234,56"); with
// one kind used once, three digits after it make it a thousands separator
// ("1,100", "1.100") and one or two make it a decimal point ("9,00").
// Spaces are thousands separators ("1 100").
func parseNumber(s string) (Decimal, error) {
	if s == "" || !isDigit(s[0]) || !isDigit(s[len(s)-1]) {
		return Decimal{}, ErrAmount
	}
	var groups []string
	var seps []byte
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
		case c == ',' || c == '.' || c == '\'' || c == ' ':
			if i == start {
				return Decimal{}, ErrAmount // two separators in a row
			}
			groups = append(groups, s[start:i])
			seps = append(seps, c)
			start = i + 1
		default:
			return Decimal{}, ErrAmount
		}
	}
	groups = append(groups, s[start:])
	intGroups, frac := groups, ""
	if n := len(seps); n > 0 {
		last := seps[n-1]
		lastLen := len(groups[n])
		mixed := false
		for _, c := range seps[:n-1] {
			if c != last {
				mixed = true
			}
		}
		decimal := last != ' ' && last != '\'' && (mixed || lastLen != 3 || n == 1 && groups[0] == "0")
		if decimal && n > 1 && !mixed && lastLen == 3 {
			decimal = false
		}
		if decimal {
			if lastLen > maxScale {
				return Decimal{}, ErrAmount
			}
			intGroups, frac = groups[:n], groups[n]
			seps = seps[:n-1]
		}
		for i, g := range intGroups[1:] {
			if len(g) != 3 || i > 0 && seps[i] != seps[0] {
				return Decimal{}, ErrAmount
			}
		}
		if len(intGroups) > 1 && len(intGroups[0]) > 3 {
			return Decimal{}, ErrAmount
		}
	}
	digits := strings.Join(intGroups, "") + frac
	if len(digits) > maxDigits {
		return Decimal{}, ErrAmount
	}
	u, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return Decimal{}, ErrAmount
	}
	return Decimal{Units: u, Scale: len(frac)}, nil
}
