package normalize

import (
	"fmt"
	"math"
)

// Kanji numerals, including the formal forms (大字) used on receipts so a
// written amount cannot be altered: 壱 cannot become 弐 the way 一 becomes 二.
var (
	kanjiDigit = map[rune]int64{
		'〇': 0, '零': 0, '一': 1, '壱': 1, '壹': 1, '二': 2, '弐': 2, '貳': 2, '三': 3, '参': 3, '參': 3,
		'四': 4, '肆': 4, '五': 5, '伍': 5, '六': 6, '陸': 6, '七': 7, '漆': 7, '八': 8, '捌': 8, '九': 9, '玖': 9,
		'0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7, '8': 8, '9': 9,
	}
	kanjiSmall = map[rune]int64{'十': 10, '拾': 10, '百': 100, '佰': 100, '陌': 100, '千': 1000, '阡': 1000, '仟': 1000}
	kanjiBig   = map[rune]int64{'万': 1e4, '萬': 1e4, '億': 1e8, '兆': 1e12}
)

// isKanjiNumeral reports whether r is a kanji digit or unit.
func isKanjiNumeral(r rune) bool {
	if r >= '0' && r <= '9' {
		return false
	}
	_, d := kanjiDigit[r]
	_, s := kanjiSmall[r]
	_, b := kanjiBig[r]
	return d || s || b
}

// kanjiSection is the part of a number below one big unit (万, 億).
type kanjiSection struct {
	value     int64 // sum of digit × small unit so far
	num       int64 // digits read since the last unit
	digits    int
	lastSmall int64 // smallest small unit used; 0 before any
	any       bool
}

// end returns the section's value. Digits after units may be one digit
// only: 千二百三 is 1203, but 千二百三四 is a misreading.
func (s kanjiSection) end() (int64, bool) {
	if s.lastSmall > 0 && s.digits > 1 {
		return 0, false
	}
	return s.value + s.num, true
}

// ParseKanjiNumber reads a number written in kanji, plain (千二百) or
// formal (壱萬弐阡), or mixed with ASCII digits (1万2千, 1,200万). Digits
// without units are positional (二〇二四 is 2024). Units must fall
// (千 before 百, 億 before 万), a small unit takes at most one digit and
// the part below a big unit stays under 10,000, so a jumble of numerals
// is rejected rather than summed into a wrong amount.
func ParseKanjiNumber(s string) (int64, error) {
	bad := func() (int64, error) { return 0, fmt.Errorf("%w: malformed kanji numeral %q", ErrAmount, s) }
	var total int64
	lastBig := int64(math.MaxInt64)
	var sec kanjiSection
	for _, r := range s {
		if d, ok := kanjiDigit[r]; ok {
			if sec.digits >= maxDigits {
				return bad()
			}
			sec.num = sec.num*10 + d
			sec.digits++
			sec.any = true
			continue
		}
		if r == ',' && sec.digits > 0 { // 1,200万
			continue
		}
		if u, ok := kanjiSmall[r]; ok {
			if sec.lastSmall > 0 && u >= sec.lastSmall || sec.digits > 1 {
				return bad()
			}
			n := sec.num
			if sec.digits == 0 {
				n = 1 // 十 alone is ten
			}
			sec.value += n * u
			sec.num, sec.digits, sec.lastSmall, sec.any = 0, 0, u, true
			continue
		}
		if u, ok := kanjiBig[r]; ok {
			v, ok := sec.end()
			if !ok || !sec.any || u >= lastBig || v >= 1e4 {
				return bad()
			}
			total += v * u
			lastBig, sec = u, kanjiSection{}
			continue
		}
		return bad()
	}
	v, ok := sec.end()
	if !ok || lastBig < math.MaxInt64 && v >= 1e4 || total == 0 && !sec.any {
		return bad()
	}
	total += v
	if total >= 1e15 {
		return bad()
	}
	return total, nil
}
