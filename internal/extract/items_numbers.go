package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

// readNumbers reads r from its numbers, right to left: the amount ends
// the row (tax codes and reduced-rate marks may follow it); before it
// "@price × qty", "qty × price", or two plain numbers whose product is
// the amount give quantity and unit price; the description is what
// comes before them. It returns nil when r does not end in an amount.
func (d *doc) readNumbers(r *row) *itemRead {
	as := r.amounts()
	if len(as) == 0 {
		return nil
	}
	total := as[len(as)-1]
	if !d.trailing(r, total.End) || !total.Money && total.Certainty < 1 || codeNumber(r, total) || gluedToLatin(r, total) {
		return nil
	}
	it := &itemRead{total: &total}
	var nums []amountAt // standalone numbers before the amount
	for _, a := range as[:len(as)-1] {
		if standalone(r, a) {
			nums = append(nums, a)
		}
	}
	descEnd := total.Start
	take := func(q, p amountAt, start int) {
		it.qty, it.price, descEnd = &q, &p, start
	}
	if n := len(nums); n >= 1 {
		b := nums[n-1]
		var a amountAt
		if n >= 2 {
			a = nums[n-2]
		}
		switch {
		case n >= 2 && unitPriceMark(r, a.Start) && timesBetween(r, a.End, b.Start):
			take(b, a, markStart(r, a.Start)) // "@260 x 3"
		case unitPriceMark(r, b.Start) && n >= 2 && timesBetween(r, a.End, b.Start):
			take(a, b, a.Start) // "3 x @260"
		case n >= 2 && timesBetween(r, a.End, b.Start):
			q, p := quantityFirst(a, b)
			c := &itemRead{qty: &q, price: &p, total: &total}
			if c.fits() {
				take(q, p, a.Start) // "2 X 4.50"
			}
		case n >= 2 && adjacent(r, a, b):
			q, p := quantityFirst(a, b)
			c := &itemRead{qty: &q, price: &p, total: &total}
			if c.fits() {
				take(q, p, a.Start) // "10 5,000" under unreadable headings
			}
		case unitPriceMark(r, b.Start):
			it.price, descEnd = &b, markStart(r, b.Start) // "@260" alone
		}
	}
	it.desc = r.wordsIn(0, max(0, descEnd-1))
	if it.qty != nil {
		it.unit = unitAfter(r, *it.qty)
	}
	return it
}

// trailing reports whether only marks and tax codes follow off in r:
// reduced-rate marks, two-letter codes (SR, ZR), 円.
func (d *doc) trailing(r *row, off int) bool {
	for _, f := range strings.Fields(r.text[off:]) {
		f = strings.Trim(f, "()[]")
		if f == "" || slices.Contains(d.v.marks, f) || f == "円" || f == "-" {
			continue
		}
		if len(f) <= 2 && isASCIILetters(f) {
			continue
		}
		return false
	}
	return true
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

// codeNumber reports whether a is a number of something rather than
// money: written with leading zeros ("0004"), or after No., # or 番号.
func codeNumber(r *row, a amountAt) bool {
	if !a.Money && len(a.Text) > 1 && a.Text[0] == '0' {
		return true
	}
	before := strings.TrimRight(r.up[:a.Start], " .,:")
	return strings.HasSuffix(before, "NO") || strings.HasSuffix(before, "#") || strings.HasSuffix(before, "番号")
}

// gluedToLatin reports whether a Latin letter or a digit touches a: "5F"
// is a floor, "509ml" a size.
func gluedToLatin(r *row, a amountAt) bool {
	latin := func(c byte) bool { return isDigitByte(c) || isASCIILetters(string(c)) }
	return a.Start > 0 && latin(r.text[a.Start-1]) || a.End < len(r.text) && latin(r.text[a.End])
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// standalone reports whether a is a number of its own, not part of a
// word ("A4", "500ml" are descriptions): nothing but a space, "@" or "x"
// before it, and nothing but a space, "x" or a unit in Japanese after it.
func standalone(r *row, a amountAt) bool {
	if a.Start > 0 {
		prev, _ := utf8.DecodeLastRuneInString(r.text[:a.Start])
		if prev != ' ' && prev != '@' && !isTimes(prev) {
			return false
		}
	}
	if a.End < len(r.text) {
		next, _ := utf8.DecodeRuneInString(r.text[a.End:])
		if next != ' ' && !isTimes(next) && !normalize.IsCJK(next) {
			return false
		}
	}
	return true
}

func isTimes(c rune) bool { return c == 'x' || c == 'X' || c == '×' || c == '*' }

// unitPriceMark reports whether "@" stands right before off.
func unitPriceMark(r *row, off int) bool {
	return strings.HasSuffix(strings.TrimRight(r.text[:off], " "), "@")
}

// markStart is the offset of the "@" before off.
func markStart(r *row, off int) int {
	return strings.LastIndex(r.text[:off], "@")
}

// timesBetween reports whether a multiplication sign, and perhaps a unit,
// is all that stands between two numbers.
func timesBetween(r *row, from, to int) bool {
	between := strings.Fields(r.text[from:to])
	sign := false
	for _, f := range between {
		switch {
		case f == "@":
		case strings.ContainsFunc(f, isTimes) && utf8.RuneCountInString(f) <= 2:
			sign = true
		case strings.IndexFunc(f, normalize.IsCJK) >= 0 && utf8.RuneCountInString(f) <= 3:
		default:
			return false
		}
	}
	return sign || strings.ContainsFunc(r.text[from:to], isTimes)
}

// adjacent reports whether only spaces, or a quantity's unit in
// Japanese ("3 件 670"), stand between a and b.
func adjacent(r *row, a, b amountAt) bool {
	between := strings.TrimSpace(r.text[a.End:b.Start])
	return between == "" || utf8.RuneCountInString(between) <= 3 && !strings.ContainsFunc(between, func(c rune) bool { return !normalize.IsCJK(c) && c != ' ' })
}

// quantityFirst orders two numbers as quantity and unit price: the
// quantity is a whole count written without separators, and of two such
// counts the smaller ("430 x 3" whose @ was lost).
func quantityFirst(a, b amountAt) (q, p amountAt) {
	count := func(x amountAt) bool { return x.Amount.Value.Scale == 0 && !x.Money }
	switch {
	case count(b) && !count(a):
		return b, a
	case count(a) && count(b) && b.Amount.Value.Cmp(a.Amount.Value) < 0:
		return b, a
	}
	return a, b
}

// unitAfter is the unit glued to a quantity in Japanese ("3個").
func unitAfter(r *row, q amountAt) string {
	rest := r.text[q.End:]
	end := strings.IndexFunc(rest, func(c rune) bool { return !normalize.IsCJK(c) || c == '円' })
	if end < 0 {
		end = len(rest)
	}
	return rest[:end]
}
