package ocr

// Re-reading garbled dates. A date read as part of a page loses its
// separators and kanji to digits and letters: 2024年4月30日 comes out as
// "20244448308", 26/05/2018 as "2670572018", 17/01/2018 as "171012018".
// Read alone as one line, the same crop comes out right: the line model
// sees the separators as such once no neighbouring text competes. So a
// word that holds a year and many digits but no date is read again,
// without a character whitelist (年, 月, 日 and the separators must be
// free to come back), and the reading replaces the word when it holds a
// valid date whose digits are close to the page reading's.

import (
	"image"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

// yearRe is a year of this or the last century inside a word.
var yearRe = regexp.MustCompile(`(?:19|20)\d\d`)

// dateRuns finds the words that look like a garbled date: 6 to 14
// characters of letters, digits, separators and 年月日, at least five
// digits, a year among them, and no date that the date parser can read
// even leniently; with the short words of digits right after it.
func dateRuns(words []rawWord) []wordRun {
	var runs []wordRun
	for i := 0; i < len(words); i++ {
		w := words[i]
		t := strings.TrimLeft(strings.TrimSpace(w.text), ":：")
		if n := utf8.RuneCountInString(t); n < 6 || n > 14 || !yearRe.MatchString(t) {
			continue
		}
		digits, ok := 0, true
		for _, r := range t {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case r < 0x80 && (r|0x20 >= 'a' && r|0x20 <= 'z' || strings.ContainsRune("/.-|", r)):
			case strings.ContainsRune("年月日", r):
			default:
				ok = false
			}
		}
		f := normalize.Fold(t)
		if !ok || digits < 5 || len(normalize.FindDatesLenient(f, normalize.OrderDMY)) > 0 {
			continue
		}
		// The day, or the month and day, may be words of their own
		// ("20257F10A 168"): take the short words that follow closely.
		j, h := i+1, w.box[3]-w.box[1]
		for j < len(words) && j < i+3 && sameLine(w, words[j]) && words[j].box[0]-words[j-1].box[2] <= h &&
			utf8.RuneCountInString(strings.TrimSpace(words[j].text)) <= 5 && strings.ContainsAny(words[j].text, "0123456789") {
			t += words[j].text
			j++
		}
		runs = append(runs, wordRun{from: i, to: j, seen: t, date: true})
	}
	return runs
}

// rereadDate reads a date run's crop as one line with no whitelist;
// when the run spans several words and that reading fails, its first
// word alone (Tesseract reads the same glyphs differently in another
// crop, and the first word may hold the whole date).
func (w *worker) rereadDate(g *image.Gray, dpi float64, words []rawWord, run wordRun) (string, float64, bool) {
	for to := run.to; to > run.from; to = run.from + 1 {
		b := words[run.from].box
		for _, o := range words[run.from+1 : to] {
			b = b.Union(o.box)
		}
		h := b[3] - b[1]
		r := image.Rect(b[0]-h/2, b[1]-h/3, b[2]+h/2, b[3]+h/3).Intersect(g.Rect)
		if r.Empty() {
			return "", 0, false
		}
		crop, d := cropScaled(g, dpi, r, h)
		text, conf := w.readLine(crop, d)
		if v, ok := acceptDate(text, run.seen); ok {
			return v, conf, true
		}
		if to == run.from+1 {
			break
		}
	}
	return "", 0, false
}

// acceptDate returns the re-read text of a garbled date when it holds a
// valid date (either day-month order) whose digits the page reading
// holds in order, but for one, with at most five more: each separator or
// kanji read as a digit or two ("20244448308" for 2024年4月30日).
func acceptDate(text, seen string) (string, bool) {
	text = strings.Join(strings.Fields(text), "")
	f := normalize.Fold(text)
	if len(normalize.FindDates(f, normalize.OrderDMY)) == 0 {
		return "", false
	}
	got, page := digitsOf(f), digitsOf(normalize.Fold(seen))
	common := lcs(got, page)
	if len(got)-common > 1 || len(page)-common > 5 {
		return "", false
	}
	return text, true
}

// lcs is the length of the longest common subsequence of two short
// strings.
func lcs(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(prev[j], cur[j-1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
