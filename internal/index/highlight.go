package index

import (
	"context"
	"errors"
	"fmt"
	"html"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Highlighting reads each shown hit's text from storage (TextSource) and
// analyses it again with the text field's analyzer: the index does not
// store the text, which was most of its stored section and of the pages a
// search maps (docs/benchmarks.md). The words of the condition are found
// among the text's tokens the way the query matched them (textTerms):
// phrases as runs of consecutive positions, Latin words by their stemmed
// term, a lone kanji inside any bigram. Overlapping bigrams (コピ, ピー,
// ー用, 用紙) are merged into one mark.

const (
	maxFragments     = 3
	maxFragmentRunes = 120
	// textReads bounds the texts read from storage at once for one page
	// of hits.
	textReads = 8
)

// TextSource gives the text OCR read from a document: what its index
// entry's Text was made from.
type TextSource interface {
	Text(ctx context.Context, docID string) (string, error)
}

// Highlight sets the Highlights of r's hits for q's text condition, with
// each hit's text read from src. A hit whose text cannot be read keeps
// none, and the first such error is returned after every hit was tried:
// the hits themselves are still right.
func (r *Result) Highlight(ctx context.Context, q Query, src TextSource) error {
	if !q.Highlight || q.Text == "" {
		return nil
	}
	terms := textTerms(q.Text)
	errs := make([]error, len(r.Hits))
	sem := make(chan struct{}, textReads)
	var wg sync.WaitGroup
	for i := range r.Hits {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			h := &r.Hits[i]
			text, err := src.Text(ctx, h.DocID)
			if err != nil {
				errs[i] = fmt.Errorf("index: highlight %s: %w", h.DocID, err)
				return
			}
			text = Fold(text)
			h.Highlights = fragments(text, matchSpans(text, terms))
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

type span struct{ start, end int }

// matchSpans finds where the words of a text condition occur in the
// folded text.
func matchSpans(text string, terms []textTerm) []span {
	toks := tokens(analyzerText, text)
	var out []span
	for _, t := range terms {
		switch t.kind {
		case wordChar:
			for at := 0; ; {
				i := strings.Index(text[at:], t.word)
				if i < 0 {
					break
				}
				out = append(out, span{at + i, at + i + len(t.word)})
				at += i + len(t.word)
			}
		case wordPhrase:
			out = append(out, phraseSpans(toks, analyze(analyzerText, t.word))...)
		default:
			want := analyze(analyzerText, t.word)
			for _, tok := range toks {
				if slices.Contains(want, string(tok.Term)) {
					out = append(out, span{tok.Start, tok.End})
				}
			}
		}
	}
	return out
}

// phraseSpans finds the runs of toks whose terms are phrase, at
// consecutive positions.
func phraseSpans(toks analysis.TokenStream, phrase []string) []span {
	var out []span
	if len(phrase) == 0 {
		return nil
	}
next:
	for i := 0; i+len(phrase) <= len(toks); i++ {
		for j, term := range phrase {
			t := toks[i+j]
			if string(t.Term) != term || t.Position != toks[i].Position+j {
				continue next
			}
		}
		out = append(out, span{toks[i].Start, toks[i+len(phrase)-1].End})
	}
	return out
}

// fragments returns the lines of text that hold a span, with the spans
// wrapped in <mark>…</mark> and the rest HTML-escaped.
func fragments(text string, spans []span) []string {
	spans = slices.DeleteFunc(spans, func(s span) bool { return s.end > len(text) || s.start >= s.end })
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
