package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// textAnalyzerType is the analyzer of the OCR text (shohyo_text in
// schemas/index-mapping.json): what bleve's unicode tokenizer, to_lower,
// cjk_bigram and shohyo_english make, in one pass. Chained, those four
// allocated a token per word, then one per Japanese character, then a
// new term per bigram, and were a sixth of indexing time; this makes the
// same tokens (terms, positions, offsets, types) straight from the text,
// with terms that are slices of it. A text with a character wordscan.go
// does not class takes the chain itself. textanalyzer_test.go compares
// the two.
const textAnalyzerType = "shohyo_text"

type textAnalyzer struct {
	chain   analysis.Analyzer // the four parts, for what scannable refuses
	english *englishFilter
}

func newTextAnalyzer(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(unicode.Name)
	if err != nil {
		return nil, err
	}
	var filters []analysis.TokenFilter
	for _, name := range []string{lowercase.Name, cjk.BigramName, englishFilterName} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		filters = append(filters, f)
	}
	return &textAnalyzer{
		chain:   &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters},
		english: filters[2].(*englishFilter),
	}, nil
}

// Analyze lowercases the text's Latin letters in place, as to_lower does.
func (a *textAnalyzer) Analyze(text []byte) analysis.TokenStream {
	ok, most := scannable(text)
	if !ok {
		return a.chain.Analyze(text)
	}
	toks := make([]analysis.Token, 0, most)
	var latin []int // the tokens that are English words
	pos := 1
	// The Japanese run being read, as cjk_bigram reads it: characters
	// next to each other make a bigram at each step; a run of one is a
	// token of its own (Single).
	run, last := 0, [2]int{} // characters in the run, the last one's offsets
	endRun := func() {
		if run == 1 {
			toks = append(toks, analysis.Token{Term: text[last[0]:last[1]], Start: last[0], End: last[1], Position: pos, Type: analysis.Single})
			pos++
		}
		run = 0
	}
	char := func(start, end int) {
		if run > 0 && start != last[1] {
			endRun()
		}
		if run > 0 {
			toks = append(toks, analysis.Token{Term: text[last[0]:end], Start: last[0], End: end, Position: pos, Type: analysis.Double})
			pos++
		}
		run++
		last = [2]int{start, end}
	}
	for i := 0; i < len(text); {
		c, size := classOf(text, i)
		switch c {
		case wbIdeo:
			char(i, i+size)
			i += size
		case wbLetter, wbDigit, wbUnder, wbKatakana:
			end, typ := scanWord(text, i)
			if typ == analysis.Ideographic { // katakana: a character at a time, like kanji
				for i < end {
					_, n := classOf(text, i)
					char(i, i+n)
					i += n
				}
				continue
			}
			endRun()
			english := false
			for j := i; j < end; j++ {
				switch b := text[j]; {
				case 'A' <= b && b <= 'Z':
					text[j] = b + 'a' - 'A'
					english = true
				case 'a' <= b && b <= 'z':
					english = true
				}
			}
			if english && typ == analysis.AlphaNumeric {
				latin = append(latin, len(toks))
			}
			toks = append(toks, analysis.Token{Term: text[i:end], Start: i, End: end, Position: pos, Type: typ})
			pos++
			i = end
		default:
			i += size
		}
	}
	if run == 1 { // cjk_bigram's trailing single: no position after it
		toks = append(toks, analysis.Token{Term: text[last[0]:last[1]], Start: last[0], End: last[1], Position: pos, Type: analysis.Single})
	}
	out := make(analysis.TokenStream, 0, len(toks))
	one := make(analysis.TokenStream, 1)
	for k := range toks {
		if len(latin) > 0 && latin[0] == k {
			latin = latin[1:]
			out = append(out, a.english.word(&toks[k], one)...)
			continue
		}
		out = append(out, &toks[k])
	}
	return out
}
