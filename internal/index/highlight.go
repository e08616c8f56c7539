package index

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// Highlighting is done here rather than by bleve's highlighter, which
// marks a field's terms one by one: a Japanese word matched as bigrams
// (コピ, ピー, ー用, 用紙) would come out as overlapping marks. The field
// indexes the folded text it stores, so its term locations are offsets
// into the stored "text"; they are merged into spans here.

const (
	maxFragments     = 3
	maxFragmentRunes = 120
)

type span struct{ start, end int }

// fragments returns the lines of text that hold a match, with the matched
// parts wrapped in <mark>…</mark> and the rest HTML-escaped.
func fragments(text string, locs search.FieldTermLocationMap) []string {
	var spans []span
	for _, ls := range locs["text"] {
		for _, l := range ls {
			if int(l.End) <= len(text) && l.Start < l.End {
				spans = append(spans, span{int(l.Start), int(l.End)})
			}
		}
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	merged := spans[:1]
	for _, s := range spans[1:] {
		last := &merged[len(merged)-1]
		if s.start <= last.end { // overlapping bigrams, or adjacent terms (10 and 箱)
			last.end = max(last.end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	var out []string
	for i := 0; i < len(merged) && len(out) < maxFragments; {
		ls, le := lineAround(text, merged[i].start)
		ws, we := window(text, ls, le, merged[i].start)
		var b strings.Builder
		if ws > ls {
			b.WriteString("…")
		}
		pos := ws
		for ; i < len(merged) && merged[i].start < le; i++ {
			s := merged[i]
			if s.start >= we { // past the window: skipped, its line is done
				continue
			}
			b.WriteString(html.EscapeString(text[pos:s.start]))
			pos = min(s.end, we)
			b.WriteString("<mark>" + html.EscapeString(text[s.start:pos]) + "</mark>")
		}
		b.WriteString(html.EscapeString(text[pos:we]))
		if we < le {
			b.WriteString("…")
		}
		out = append(out, b.String())
	}
	return out
}

// lineAround returns the bounds of the line holding byte offset at.
func lineAround(text string, at int) (start, end int) {
	start = strings.LastIndexByte(text[:at], '\n') + 1
	end = strings.IndexByte(text[at:], '\n')
	if end < 0 {
		return start, len(text)
	}
	return start, at + end
}

// window narrows a long line [ls, le) to about maxFragmentRunes around
// the first match at, on rune boundaries.
func window(text string, ls, le, at int) (ws, we int) {
	if utf8.RuneCountInString(text[ls:le]) <= maxFragmentRunes {
		return ls, le
	}
	ws = at
	for n := 0; n < maxFragmentRunes/3 && ws > ls; n++ {
		_, size := utf8.DecodeLastRuneInString(text[ls:ws])
		ws -= size
	}
	we = ws
	for n := 0; n < maxFragmentRunes && we < le; n++ {
		_, size := utf8.DecodeRuneInString(text[we:le])
		we += size
	}
	return ws, we
}
