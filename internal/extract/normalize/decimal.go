package normalize

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact amount: Units × 10^-Scale. "9.00" is {900, 2} and
// "1100" is {1100, 0}; the scale is kept as printed so values round-trip.
type Decimal struct {
	Units int64
	Scale int
}

// Limits keep every operation inside int64: amounts have at most
// maxDigits digits and at most maxScale decimals, so aligning scales and
// adding two amounts cannot overflow.
const (
	maxDigits = 15
	maxScale  = 3
)

// ErrAmount is returned for text that is not an amount.
var ErrAmount = errors.New("normalize: not an amount")

// ParseDecimal reads a plain decimal string as stored in records:
// optional "-", digits, optional "." and up to three decimals.
func ParseDecimal(s string) (Decimal, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" || !allDigits(intPart) || !allDigits(frac) || len(frac) > maxScale ||
		len(intPart)+len(frac) > maxDigits || strings.Contains(s, ".") && frac == "" {
		return Decimal{}, fmt.Errorf("%w: %q", ErrAmount, s)
	}
	u, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return Decimal{}, fmt.Errorf("%w: %q", ErrAmount, s)
	}
	if neg {
		u = -u
	}
	return Decimal{Units: u, Scale: len(frac)}, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// String formats d with exactly Scale decimals: "9.00", "1100", "-0.50".
func (d Decimal) String() string {
	u := d.Units
	sign := ""
	if u < 0 {
		sign, u = "-", -u
	}
	s := strconv.FormatInt(u, 10)
	if d.Scale <= 0 {
		return sign + s
	}
	for len(s) <= d.Scale {
		s = "0" + s
	}
	return sign + s[:len(s)-d.Scale] + "." + s[len(s)-d.Scale:]
}

// rescale returns d's units at a larger scale.
func (d Decimal) rescale(scale int) int64 {
	u := d.Units
	for s := d.Scale; s < scale; s++ {
		u *= 10
	}
	return u
}

func align(a, b Decimal) (int64, int64, int) {
	s := max(a.Scale, b.Scale)
	return a.rescale(s), b.rescale(s), s
}

// Add returns d + o at the larger scale.
func (d Decimal) Add(o Decimal) Decimal {
	a, b, s := align(d, o)
	return Decimal{a + b, s}
}

// Sub returns d − o at the larger scale.
func (d Decimal) Sub(o Decimal) Decimal {
	a, b, s := align(d, o)
	return Decimal{a - b, s}
}

// Cmp compares values, ignoring scale: "9.00" equals "9".
func (d Decimal) Cmp(o Decimal) int {
	a, b, _ := align(d, o)
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Sign is -1, 0 or 1.
func (d Decimal) Sign() int {
	return d.Cmp(Decimal{})
}

// Abs returns |d|.
func (d Decimal) Abs() Decimal {
	if d.Units < 0 {
		d.Units = -d.Units
	}
	return d
}

// Rat returns d as an exact rational, for arithmetic that multiplies
// (tax = base × rate) where int64 could overflow.
func (d Decimal) Rat() *big.Rat {
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Scale)), nil)
	return new(big.Rat).SetFrac(big.NewInt(d.Units), den)
}
