package normalize

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// extraFold maps characters NFKC leaves alone but that OCR output and
// Japanese documents use interchangeably with ASCII punctuation.
var extraFold = strings.NewReplacer(
	"\u2212", "-", // minus sign
	"\u2010", "-", // hyphen
	"\u2011", "-", // non-breaking hyphen
	"\u2012", "-", // figure dash
	"\u2013", "-", // en dash
	"\u2014", "-", // em dash
	"\u2015", "-", // horizontal bar
	"\u301c", "~", // wave dash, used for ranges in Japanese
	"\u2018", "'",
	"\u2019", "'",
	"\u201c", "\"",
	"\u201d", "\"",
)

// Fold returns s in the form used for matching: NFKC (full-width letters,
// digits and ￥ become ASCII or ¥, half-width katakana become full-width),
// dashes unified, whitespace runs collapsed to one space and trimmed. Case
// is kept; use Key for case-insensitive comparison.
func Fold(s string) string {
	s = extraFold.Replace(norm.NFKC.String(s))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == 0 {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Key returns Fold(s) in upper case, for comparing labels and names.
func Key(s string) string {
	return strings.ToUpper(Fold(s))
}

// AlnumKey keeps only letters and digits of Key(s): the comparison used
// for names and addresses, where OCR spacing and punctuation vary.
func AlnumKey(s string) string {
	var b strings.Builder
	for _, r := range Key(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// IsCJK reports whether r is a Han, Hiragana or Katakana character, or
// the prolonged sound mark. Japanese text has no spaces between words, so
// OCR engines insert arbitrary ones; matching drops spaces next to these.
func IsCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 'ー' || r == '々'
}

// HasCJK reports whether s contains a CJK character.
func HasCJK(s string) bool {
	for _, r := range s {
		if IsCJK(r) {
			return true
		}
	}
	return false
}

// JoinCJK drops the spaces OCR engines put between Japanese characters
// ("株式会社 サンプル" → "株式会社サンプル"), for values shown to people.
// Spaces next to Latin letters or digits stay.
func JoinCJK(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && IsCJK(rs[i-1]) && IsCJK(rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
