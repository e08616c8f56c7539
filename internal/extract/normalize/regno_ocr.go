package normalize

import "unicode/utf8"

// Registration numbers as OCR misreads them. The "T" is read as 1, 7, I,
// l, |, r or 丁, or lost; digits as look-alike letters (O for 0, I for 1,
// S for 5); a slashed 0 as "09". Such a reading is worth something only because the 法人番号
// check digit confirms it: a wrong guess passes one time in nine.

// regPrefix are the misreadings of the leading T.
var regPrefix = map[rune]bool{'T': true, 't': true, '1': true, '7': true, 'I': true, 'l': true, '|': true, 'r': true, '丁': true}

// regDigit maps the characters read for a digit to the digit.
var regDigit = map[rune]byte{'O': '0', 'o': '0', 'D': '0', 'Q': '0', 'I': '1', 'l': '1', 'i': '1', '|': '1', 'S': '5', 's': '5'}

// RegRepair says how a misread registration number was read.
type RegRepair int

// Repairs, from the surest to the least sure.
const (
	RegAsPrinted   RegRepair = iota // "T" and 13 digits
	RegPrefixRead                   // the T misread, the digits clean: "14180102099109"
	RegLettersRead                  // digits read as letters: "TI290001829036"
	RegNoPrefix                     // 13 digits alone: the T lost
)

// RegReading is a registration number read from misread text.
type RegReading struct {
	Value      string // "T" + 13 digits, check digit valid
	Start, End int    // byte offsets in the searched string
	Repair     RegRepair
}

// FindRegistrationMisread returns the registration numbers that s (Fold
// output) holds in misread form, each with a valid check digit, in order
// of position. Numbers printed correctly are left to
// FindRegistrationNumber.
func FindRegistrationMisread(s string) []RegReading {
	var out []RegReading
	for i := 0; i < len(s); {
		_, w := utf8.DecodeRuneInString(s[i:])
		if i > 0 && alnumBefore(s[:i]) {
			i += w
			continue
		}
		if m, ok := readReg(s, i); ok {
			out = append(out, m)
			i = m.End
			continue
		}
		i += w
	}
	return out
}

func alnumBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r < utf8.RuneSelf && (isDigit(byte(r)) || isASCIILetter(byte(r)))
}

// readReg reads a misread number starting at s[i]: an optional prefix,
// then 13 digits or look-alikes with single spaces or hyphens between,
// not followed by another digit.
func readReg(s string, i int) (RegReading, bool) {
	try := func(start int, prefixed bool, prefix rune) (RegReading, bool) {
		j := start
		if prefixed {
			_, w := utf8.DecodeRuneInString(s[j:])
			j += w
			for j < len(s) && (s[j] == ' ' || s[j] == ':' || s[j] == '-') && j-start < 4 {
				j++
			}
		}
		var digits []byte
		letters := false
		for j < len(s) && len(digits) < 14 {
			r, w := utf8.DecodeRuneInString(s[j:])
			switch d, look := regDigit[r]; {
			case r < utf8.RuneSelf && isDigit(byte(r)):
				digits = append(digits, byte(r))
			case look:
				digits, letters = append(digits, d), true
			case (r == ' ' || r == '-') && len(digits) > 0 && j+1 < len(s) && s[j+1] != ' ' && s[j+1] != '-':
			default:
				return RegReading{}, false
			}
			j += w
		}
		if len(digits) < 13 || j < len(s) && isDigit(s[j]) {
			return RegReading{}, false
		}
		if len(digits) == 14 {
			// A slashed 0 read as "09": "T12900093414638". Only after a
			// printed T, and only when one such deletion gives a number.
			if !prefixed || prefix != 'T' && prefix != 't' {
				return RegReading{}, false
			}
			fixed := ""
			for k := 1; k < 14; k++ {
				if digits[k] != '9' || digits[k-1] != '0' {
					continue
				}
				c := string(digits[:k]) + string(digits[k+1:])
				if CheckDigit(c[1:]) == int(c[0]-'0') && c != fixed {
					if fixed != "" {
						return RegReading{}, false
					}
					fixed = c
				}
			}
			if fixed == "" {
				return RegReading{}, false
			}
			digits, letters = []byte(fixed), true
		}
		if j < len(s) {
			if r, _ := utf8.DecodeRuneInString(s[j:]); regDigit[r] != 0 {
				return RegReading{}, false
			}
		}
		v := "T" + string(digits)
		if CheckDigit(v[2:]) != int(v[1]-'0') {
			return RegReading{}, false
		}
		m := RegReading{Value: v, Start: start, End: j}
		switch {
		case prefixed && (prefix == 'T' || prefix == 't') && !letters:
			return RegReading{}, false // printed correctly: not a misreading
		case letters:
			m.Repair = RegLettersRead
		case prefixed:
			m.Repair = RegPrefixRead
		default:
			m.Repair = RegNoPrefix
		}
		return m, true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	if regPrefix[r] {
		if m, ok := try(i, true, r); ok {
			return m, true
		}
	}
	return try(i, false, 0)
}
