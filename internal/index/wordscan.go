package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// The text analyzer's own word splitter (textanalyzer.go). bleve's
// `unicode` tokenizer runs the full UAX#29 word-break state machine of
// github.com/blevesearch/segment and allocates a token per segment, then
// cjk_bigram splits every Japanese segment into a token per character
// again. OCR text after Fold uses a small part of Unicode: ASCII,
// kana, kanji and Japanese punctuation. For those characters the word
// breaks reduce to a few rules of adjacency (below), and a text made only
// of them is split here; any other text goes through bleve's tokenizer.
// wordscan_test.go checks every character classed here against it.

// wbClass is a character's role in word breaking (UAX#29 as the segment
// package implements it, Unicode 8).
type wbClass uint8

const (
	wbUnknown   wbClass = iota // not classed here: the text takes bleve's path
	wbSpace                    // ends a word and is no token: spaces, punctuation, symbols
	wbLetter                   // ALetter: Latin letters, 々
	wbDigit                    // Numeric
	wbMidLetter                // MidLetter (:): joins two letters
	wbMidNum                   // MidNum (, ;): joins two digits
	wbMidNumLet                // MidNumLet and Single_Quote (. ' ‘ ’): joins two letters or two digits
	wbUnder                    // ExtendNumLet (_): joins letters, digits and katakana
	wbKatakana                 // Katakana, ー among them: runs of it are one word
	wbIdeo                     // Han and Hiragana: one word each
)

// asciiClass classes the ASCII characters; controls and newlines are
// breaks like spaces, since the text has no combining marks to attach.
var asciiClass = func() (t [utf8.RuneSelf]wbClass) {
	for c := range t {
		t[c] = wbSpace
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = wbLetter, wbLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = wbDigit
	}
	t[':'] = wbMidLetter
	t[','], t[';'] = wbMidNum, wbMidNum
	t['.'], t['\''] = wbMidNumLet, wbMidNumLet
	t['_'] = wbUnder
	return t
}()

// classOf classes the rune at b[i:] and returns its length.
func classOf(b []byte, i int) (wbClass, int) {
	if c := b[i]; c < utf8.RuneSelf {
		return asciiClass[c], 1
	}
	r, n := utf8.DecodeRune(b[i:])
	return runeClass(r), n
}

// runeClass classes the non-ASCII characters a folded Japanese text is
// made of. Ranges stop where Unicode 8 (the segment package's tables)
// stopped assigning them.
func runeClass(r rune) wbClass {
	switch {
	case r >= 0x4E00 && r <= 0x9FD5, r >= 0x3400 && r <= 0x4DB5, // kanji
		r >= 0x3041 && r <= 0x3096, r == 0x309D, r == 0x309E, // hiragana, ゝゞ
		r == 0x3007: // 〇
		return wbIdeo
	case r >= 0x30A0 && r <= 0x30FA, r >= 0x30FC && r <= 0x30FE: // katakana, ー, ヽヾ (not ・)
		return wbKatakana
	case r == 0x3005: // 々 is a letter to UAX#29, not an ideograph
		return wbLetter
	case r == 0x2018, r == 0x2019: // ‘ ’
		return wbMidNumLet
	case r >= 0x3001 && r <= 0x3004, r >= 0x3008 && r <= 0x3020, r == 0x30FB, // 、。〃 brackets 〒 〜 ・
		r >= 0x2010 && r <= 0x2015, r >= 0x201C && r <= 0x201F, // dashes, double quotes
		r == 0x2020, r == 0x2021, r == 0x2022, r == 0x2025, r == 0x2026, r == 0x203B, // † ‡ • ‥ … ※
		r >= 0x2190 && r <= 0x2193,                           // arrows
		r >= 0x25A0 && r <= 0x25CF, r == 0x2605, r == 0x2606, // ■□▲△○● ★☆
		r == 0xA5, r == 0xA7, r == 0xB0, r == 0xB1, r == 0xD7, r == 0xF7: // ¥ § ° ± × ÷
		return wbSpace
	}
	return wbUnknown
}

// scannable reports whether every character of b is classed, and an
// upper bound of the tokens the text analyzer makes of it (one per
// ideograph or kana, one per start of another word).
func scannable(b []byte) (bool, int) {
	n, inWord := 0, false
	for i := 0; i < len(b); {
		c, size := classOf(b, i)
		switch c {
		case wbUnknown:
			return false, 0
		case wbIdeo, wbKatakana:
			n++
			inWord = false
		case wbLetter, wbDigit, wbUnder:
			if !inWord {
				n++
			}
			inWord = true
		default:
			inWord = false
		}
		i += size
	}
	return true, n
}

// scanWord returns the end of the word that starts at b[i] (a letter,
// digit, _ or katakana) and its token type, by the word-break rules for
// the classes above: letters and digits join each other (WB5, WB8-10);
// katakana join katakana (WB13); _ joins all of them and itself (WB13a,
// b); a mid character joins two letters (: . ' ‘ ’) or two digits (, ; .
// ' ‘ ’) (WB6-7, WB11-12); anything else ends the word. A word of only
// katakana is Ideographic, one of digits (with _ and mid characters)
// Numeric (the segmenter's WordKatakana and WordNumeric win ties with
// Word), any other AlphaNumeric.
func scanWord(b []byte, i int) (int, analysis.TokenType) {
	var prev wbClass
	var kata, other, letters, digits bool
	for i < len(b) {
		c, size := classOf(b, i)
		switch c {
		case wbLetter, wbDigit:
			if prev == wbKatakana {
				return i, wordType(kata, other, letters, digits)
			}
		case wbKatakana:
			if prev == wbLetter || prev == wbDigit {
				return i, wordType(kata, other, letters, digits)
			}
		case wbUnder:
		case wbMidLetter, wbMidNum, wbMidNumLet:
			if i+size >= len(b) {
				return i, wordType(kata, other, letters, digits)
			}
			next, nsize := classOf(b, i+size)
			joins := prev == wbLetter && next == wbLetter && c != wbMidNum ||
				prev == wbDigit && next == wbDigit && c != wbMidLetter
			if !joins {
				return i, wordType(kata, other, letters, digits)
			}
			i += size + nsize
			continue // prev stays: a letter or a digit
		default:
			return i, wordType(kata, other, letters, digits)
		}
		kata = kata || c == wbKatakana
		other = other || c != wbKatakana
		letters = letters || c == wbLetter
		digits = digits || c == wbDigit
		prev = c
		i += size
	}
	return i, wordType(kata, other, letters, digits)
}

func wordType(kata, other, letters, digits bool) analysis.TokenType {
	switch {
	case kata && !other:
		return analysis.Ideographic
	case digits && !kata && !letters:
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}
