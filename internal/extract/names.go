package extract

import (
	"regexp"
	"strings"
	"unicode"
)

// cleanName repairs the OCR slips that are common in printed business
// names and safe to undo: a company number printed after the name, stray
// punctuation before or after it, "¥" for a "Y" between letters, and a
// misread legal form ("SON BHD" for SDN BHD) when the form's other word
// stands next to it.
func (d *doc) cleanName(s string) string {
	trim := func(words []string) []string {
		for len(words) > 0 && !hasAlnum(words[0]) {
			words = words[1:]
		}
		for len(words) > 0 && !hasAlnum(words[len(words)-1]) {
			words = words[:len(words)-1]
		}
		return words
	}
	s = strings.Join(trim(strings.Fields(s)), " ")
	if loc := trailingIDRe.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = s[:loc[0]]
	}
	words := trim(strings.Fields(yenAsY(s)))
	d.repairLegalForm(words)
	return strings.Join(words, " ")
}

func hasAlnum(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// yenAsY reads "¥" as "Y" where it stands among letters ("D.I.¥."), not
// before a number.
func yenAsY(s string) string {
	rs := []rune(s)
	for i, r := range rs {
		if r != '¥' {
			continue
		}
		next := ' '
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		prevLetter := i > 0 && (unicode.IsLetter(rs[i-1]) || rs[i-1] == '.')
		if prevLetter && !unicode.IsDigit(next) {
			rs[i] = 'Y'
		}
	}
	return string(rs)
}

// repairLegalForm rewrites words that are one letter off a multi-word
// legal form whose other words match exactly or also nearly, keeping the
// word's punctuation and case style ("Sda Bhd" → "Sdn Bhd").
func (d *doc) repairLegalForm(words []string) {
	// A last word with a digit in it, one letter off a one-word legal
	// form, is that form misread ("8HD" for BHD).
	if k := len(words) - 1; k > 0 {
		core := strings.ToUpper(strings.Trim(words[k], ".,;:"))
		if strings.IndexFunc(core, unicode.IsDigit) >= 0 {
			for _, p := range d.v.legal {
				if len(p.words) == 1 && len(p.words[0]) >= 3 && withinOne(core, p.words[0]) {
					words[k] = replaceCore(words[k], p.words[0])
					break
				}
			}
		}
	}
	for _, p := range d.v.legal {
		n := len(p.words)
		if n < 2 {
			continue
		}
		for i := 0; i+n <= len(words); i++ {
			exact, ok := 0, true
			for k, w := range p.words {
				core := strings.ToUpper(strings.Trim(words[i+k], ".,;:"))
				switch {
				case core == w:
					exact++
				case len(core) >= 3 && withinOne(core, w), splitH(core) == w:
				default:
					ok = false
				}
			}
			if !ok || exact == 0 {
				continue
			}
			for k, w := range p.words {
				words[i+k] = replaceCore(words[i+k], w)
			}
		}
	}
}

// splitGlyphRe is an H that OCR split into two strokes ("BILD", "BELD"
// for BHD): two of I, L, E, 1 and |.
var splitGlyphRe = regexp.MustCompile(`[ILE1|]{2}`)

// splitH returns word with its first split H joined again.
func splitH(word string) string {
	if loc := splitGlyphRe.FindStringIndex(word); loc != nil {
		return word[:loc[0]] + "H" + word[loc[1]:]
	}
	return word
}

// replaceCore puts canonical in place of the letters and digits of word
// ("3HD" is a misread BHD), keeping
// surrounding punctuation and title or lower case.
func replaceCore(word, canonical string) string {
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	start := strings.IndexFunc(word, alnum)
	end := strings.LastIndexFunc(word, alnum)
	if start < 0 {
		return word
	}
	core := word[start : end+1]
	c := canonical
	switch {
	case strings.ToLower(core) == core:
		c = strings.ToLower(canonical)
	case len(core) > 1 && strings.ToLower(core[1:]) == core[1:]:
		c = canonical[:1] + strings.ToLower(canonical[1:])
	}
	return word[:start] + c + word[end+1:]
}

// trailingIDRe is a company number after a name on the same line, "(126926-H)",
// "(139386 X)", with OCR's letters-for-digits ("(S19S37-X)") and brackets
// ("{139386 X)"), and a slash for a digit ("862/25-U").
var trailingIDRe = regexp.MustCompile(`\s*(?:[(<\[{]\s*(?:CO\.?\s*(?:REG\.?\s*)?(?:NO\.?)?\s*[:.]?\s*)?[\dSOIl.]{4,}[\s.-]*[A-Z]?\s*[)>\]}]?|\d[\d/]{4,}-\s?[A-Z])\s*$`)
