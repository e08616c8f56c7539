package ocr

import (
	"image"
	"strings"
)

// Japanese read as Latin letters is read again alone. A page read as a
// whole sets one line height for text that shares a row: a small label
// beside a large amount (適格請求書発行事業者登録番号 next to ご請求金額
// ¥604,560) comes out as Latin letters at confidence 0
// ("anmxaxceeeones"), which also hides the label from the registration
// number's re-read under it. Cropped alone, enlarged to the height
// Tesseract reads best and read as one line, such a word reads right;
// the second reading replaces the first when it is confident and mostly
// Japanese. Only words of six letters or more on a page with Japanese
// are tried: re-reading every low-confidence word this way was measured
// and lost more than it won (crops catch a neighbour's strokes, and
// addresses came back with stray characters).

const (
	// garbledWordConf: a Latin word read below this may be garbled Japanese.
	garbledWordConf = 0.3
	// maxGarbled bounds the re-reads of one page (10-30 ms each).
	maxGarbled = 8
)

// rereadGarbled returns words with each word that looks like Japanese
// garbled into Latin letters read again from its crop of g, replaced
// where that reading is confident (minBandConf) and mostly Japanese.
func (w *worker) rereadGarbled(g *image.Gray, dpi float64, words []rawWord) []rawWord {
	if !hasJapanese(words) {
		return words
	}
	n := 0
	for i, wd := range words {
		if wd.conf >= garbledWordConf || !latinRun(wd.text) {
			continue
		}
		if n++; n > maxGarbled {
			break
		}
		r := rectOf(wd.box)
		h := r.Dy()
		crop, d := cropScaled(g, dpi, image.Rect(r.Min.X-h/8, r.Min.Y-h/4, r.Max.X+h/8, r.Max.Y+h/4).Intersect(g.Rect), h)
		if text, conf := w.readLine(crop, d); conf >= minBandConf && cjkShare(text) >= 0.5 {
			words[i].text, words[i].conf = text, conf
		}
	}
	return words
}

// latinRun reports a word of six or more ASCII letters and nothing else.
func latinRun(s string) bool {
	s = strings.TrimSpace(s)
	return len(s) >= 6 && latinLetters(s)
}

// hasJapanese reports a page on which a fifth of the characters read are
// Japanese.
func hasJapanese(words []rawWord) bool {
	var cjk, all int
	for _, wd := range words {
		c, n := cjkCount(wd.text)
		cjk, all = cjk+c, all+n
	}
	return cjk*5 >= all && cjk > 0
}

// cjkShare is the share of s's non-space characters that are Japanese.
func cjkShare(s string) float64 {
	cjk, n := cjkCount(strings.ReplaceAll(s, " ", ""))
	if n == 0 {
		return 0
	}
	return float64(cjk) / float64(n)
}

// cjkCount counts s's Japanese characters and all of them.
func cjkCount(s string) (cjk, all int) {
	for _, r := range s {
		all++
		if isCJK(r) {
			cjk++
		}
	}
	return cjk, all
}
