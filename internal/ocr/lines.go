package ocr

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/shohyo/shohyo/internal/layout"
)

// rawWord is one recognised word before it is grouped into lines; the
// engine and the PDF text layer both produce these.
type rawWord struct {
	text              string
	box               layout.BBox
	conf              float64 // [0,1]
	block, para, line int     // the producer's layout numbering
}

// buildLines groups words into lines, keeping the producer's order, and
// returns them with the page's mean confidence (weighted by characters,
// so one-character noise specks count for little).
func buildLines(words []rawWord) ([]layout.Line, float64) {
	var lines []layout.Line
	var confSum, chars float64
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && words[j].block == words[i].block && words[j].para == words[i].para && words[j].line == words[i].line {
			j++
		}
		l := layout.Line{Block: words[i].block, Para: words[i].para, Words: make([]layout.Word, 0, j-i)}
		var sb strings.Builder
		var lconf, lchars float64
		for _, w := range words[i:j] {
			t := strings.TrimSpace(w.text)
			if t == "" {
				continue
			}
			if sb.Len() > 0 && !joinsWithoutSpace(sb.String(), t) {
				sb.WriteByte(' ')
			}
			sb.WriteString(t)
			l.BBox = l.BBox.Union(w.box)
			l.Words = append(l.Words, layout.Word{Text: t, BBox: w.box, Conf: round3(w.conf)})
			n := float64(utf8.RuneCountInString(t))
			lconf += w.conf * n
			lchars += n
		}
		i = j
		if len(l.Words) == 0 {
			continue
		}
		l.Text = sb.String()
		l.Conf = round3(lconf / lchars)
		lines = append(lines, l)
		confSum += lconf
		chars += lchars
	}
	if chars == 0 {
		return lines, 0
	}
	return lines, round3(confSum / chars)
}

// joinsWithoutSpace reports whether next follows prev directly: Tesseract
// puts a space between CJK characters, which Japanese does not have.
func joinsWithoutSpace(prev, next string) bool {
	a, _ := utf8.DecodeLastRuneInString(prev)
	b, _ := utf8.DecodeRuneInString(next)
	return isCJK(a) && isCJK(b)
}

// isCJK covers the scripts and punctuation Japanese text is written in,
// including full-width forms (１２３, （株）) and the long vowel mark.
func isCJK(r rune) bool {
	switch {
	case r >= 0x3000 && r <= 0x30FF: // CJK punctuation, hiragana, katakana
	case r >= 0x31F0 && r <= 0x33FF: // katakana extensions, enclosed (㈱), compatibility (㍻)
	case r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xF900 && r <= 0xFAFF:
	case r >= 0xFF00 && r <= 0xFFEF: // full-width and half-width forms
	case r >= 0x20000 && r <= 0x2FA1F:
	default:
		return false
	}
	return true
}

func round3(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return math.Round(v*1000) / 1000
}

// clamp01 keeps a confidence in [0,1]; Tesseract gives -1 for words it
// did not classify and 0-100 otherwise.
func clamp01(v float64) float64 {
	return math.Max(0, math.Min(1, v))
}
