package normalize

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Registration number errors. ErrRegFormat means the text is not "T" and
// 13 digits; ErrRegCheckDigit means it is, but the check digit is wrong,
// which for a corporation means a misreading (see RegistrationNumber).
var (
	ErrRegFormat     = errors.New("normalize: registration number is not T + 13 digits")
	ErrRegCheckDigit = errors.New("normalize: registration number check digit mismatch")
)

var regNoRe = regexp.MustCompile(`^T\d{13}$`)

// RegistrationNumber normalises an invoice registration number
// (適格請求書発行事業者登録番号): NFKC, then spaces and hyphens removed
// (printed forms group the digits, "T1234-5678-9012-3"), "t" upper-cased,
// then ^T\d{13}$ and the 法人番号 check digit. It returns the normal form
// with ErrRegCheckDigit when only the check digit fails, so a caller can
// keep the value and warn: sole proprietors' numbers may not follow the
// rule (compliance.md).
func RegistrationNumber(s string) (string, error) {
	f := Fold(s)
	f = strings.NewReplacer(" ", "", "-", "").Replace(f)
	if strings.HasPrefix(f, "t") {
		f = "T" + f[1:]
	}
	if !regNoRe.MatchString(f) {
		return "", fmt.Errorf("%w: %q", ErrRegFormat, s)
	}
	if CheckDigit(f[2:]) != int(f[1]-'0') {
		return f, fmt.Errorf("%w: %s", ErrRegCheckDigit, f)
	}
	return f, nil
}

// CheckDigit computes the 法人番号 check digit over a 12-digit base:
// with P_n the n-th digit counted from the right and Q_n = 1 for odd n,
// 2 for even n, the check digit is 9 − (Σ P_n × Q_n mod 9). It returns
// -1 when base is not 12 digits.
func CheckDigit(base string) int {
	if len(base) != 12 || !allDigits(base) {
		return -1
	}
	sum := 0
	for n := 1; n <= 12; n++ {
		p := int(base[12-n] - '0')
		q := 1
		if n%2 == 0 {
			q = 2
		}
		sum += p * q
	}
	return 9 - sum%9
}

// regNoFindRe finds candidates in running text: "T" and 13 digits, with
// the separators printed forms and OCR put between them.
var regNoFindRe = regexp.MustCompile(`[Tt]\s?[-:]?\s?\d(?:[\s-]?\d){12}`)

// RegMatch is a registration number found in running text.
type RegMatch struct {
	Value      string // normal form, "T" + 13 digits
	Start, End int    // byte offsets in the searched string
	Err        error  // nil, or ErrRegCheckDigit
}

// FindRegistrationNumber returns the first registration number in s
// (Fold output). A number whose check digit fails is still returned,
// with Err set, so the caller can report it.
func FindRegistrationNumber(s string) (RegMatch, bool) {
	for _, m := range regNoFindRe.FindAllStringIndex(s, -1) {
		if m[0] > 0 && isASCIILetter(s[m[0]-1]) || m[1] < len(s) && isDigit(s[m[1]]) {
			continue
		}
		v, err := RegistrationNumber(strings.ReplaceAll(s[m[0]:m[1]], ":", ""))
		if v != "" {
			return RegMatch{Value: v, Start: m[0], End: m[1], Err: err}, true
		}
	}
	return RegMatch{}, false
}
