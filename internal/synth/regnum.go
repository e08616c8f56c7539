package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// CheckDigit returns the check digit of a 12-digit 法人番号 base, the digit
// printed first in a 13-digit corporate (and registration) number: with P_n
// the n-th digit counted from the right and Q_n 1 for odd n, 2 for even n,
// check = 9 − (Σ P_n × Q_n mod 9).
func CheckDigit(base string) (int, error) {
	if len(base) != 12 {
		return 0, fmt.Errorf("synth: check digit: base %q is not 12 digits", base)
	}
	sum := 0
	for n := 1; n <= 12; n++ {
		c := base[12-n]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("synth: check digit: base %q is not 12 digits", base)
		}
		q := 1
		if n%2 == 0 {
			q = 2
		}
		sum += int(c-'0') * q
	}
	return 9 - sum%9, nil
}

// ValidRegistration reports whether s is "T" followed by 13 ASCII digits
// whose first digit is the check digit of the other twelve. It expects the
// normalised form; full-width input must be NFKC-normalised first.
func ValidRegistration(s string) bool {
	digits, ok := strings.CutPrefix(s, "T")
	if !ok || len(digits) != 13 {
		return false
	}
	check, err := CheckDigit(digits[1:])
	return err == nil && int(digits[0]-'0') == check
}

// registrationNumber draws a valid 13-digit number (without the "T"). Real
// corporate numbers start their base with a registry office code, so the
// base mimics one ("0104" is Tokyo) instead of being uniformly random.
func registrationNumber(r *rand.Rand) string {
	offices := []string{"0104", "0100", "0110", "0111", "1200", "0201", "1801", "2900"}
	var b strings.Builder
	b.WriteString(pick(r, offices))
	b.WriteString(pick(r, []string{"01", "02", "03"}))
	for b.Len() < 12 {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	base := b.String()
	check, _ := CheckDigit(base) // base is 12 ASCII digits by construction
	return fmt.Sprintf("%d%s", check, base)
}

// pick returns a uniformly chosen element of xs.
func pick[T any](r *rand.Rand, xs []T) T {
	return xs[r.IntN(len(xs))]
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool {
	return r.Float64() < p
}
