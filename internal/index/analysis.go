package index

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	// The parts the mapping's analyzers are made of, registered by import.
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	_ "github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	_ "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// Names of the analysis parts registered here, and of the analyzers
// schemas/index-mapping.json builds from them. The text analyzer has no
// fold filter: Put stores the text folded (so highlights line up), and
// queries are folded before they are analysed.
const (
	foldCharFilter    = "shohyo_fold"
	identCharFilter   = "shohyo_ident"
	wordsTokenizer    = "shohyo_words"
	nameGramsFilter   = "shohyo_name_grams"
	nameQueryFilter   = "shohyo_name_query_grams"
	englishFilterName = "shohyo_english"
	analyzerName      = "shohyo_name"
	analyzerNameQuery = "shohyo_name_query"
	analyzerIdent     = "shohyo_ident"
	analyzerText      = "shohyo_text"
)

func init() {
	mustRegister := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	mustRegister(registry.RegisterCharFilter(foldCharFilter, func(map[string]any, *registry.Cache) (analysis.CharFilter, error) {
		return charFilterFunc(func(b []byte) []byte { return []byte(Fold(string(b))) }), nil
	}))
	mustRegister(registry.RegisterTokenizer(wordsTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return tokenizerFunc(splitWords), nil
	}))
	mustRegister(registry.RegisterTokenFilter(nameGramsFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return tokenFilterFunc(func(ts analysis.TokenStream) analysis.TokenStream { return nameGrams(ts, false) }), nil
	}))
	mustRegister(registry.RegisterTokenFilter(nameQueryFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return tokenFilterFunc(func(ts analysis.TokenStream) analysis.TokenStream { return nameGrams(ts, true) }), nil
	}))
	mustRegister(registry.RegisterTokenFilter(englishFilterName, newEnglishFilter))
	mustRegister(registry.RegisterAnalyzer(textAnalyzerType, newTextAnalyzer))
}

type charFilterFunc func([]byte) []byte

func (f charFilterFunc) Filter(b []byte) []byte { return f(b) }

type tokenizerFunc func([]byte) analysis.TokenStream

func (f tokenizerFunc) Tokenize(b []byte) analysis.TokenStream { return f(b) }

type tokenFilterFunc func(analysis.TokenStream) analysis.TokenStream

func (f tokenFilterFunc) Filter(ts analysis.TokenStream) analysis.TokenStream { return f(ts) }

// companyForm matches an abbreviated legal form: (株) from ㈱ or （株）
// after NFKC, with the spaces OCR likes to put inside.
var companyForm = regexp.MustCompile(`\(\s*(\p{Han}{1,2})\s*\)`)

// companyForms spells out the abbreviations of Japanese legal forms, so
// that 株式会社青葉, (株)青葉 and ㈱青葉 index and query alike. Only the
// abbreviation is replaced; its place is kept, because 青葉(株) (後株) and
// (株)青葉 (前株) are different companies.
var companyForms = map[string]string{
	"株": "株式会社", "有": "有限会社", "合": "合同会社", "同": "合同会社",
	"資": "合資会社", "名": "合名会社", "社": "社団法人", "財": "財団法人",
	"一社": "一般社団法人", "一財": "一般財団法人", "公社": "公益社団法人", "公財": "公益財団法人",
	"医": "医療法人", "学": "学校法人", "福": "社会福祉法人", "宗": "宗教法人",
	"特非": "特定非営利活動法人", "独": "独立行政法人", "監": "監査法人", "協": "協同組合",
	"税": "税理士法人", "弁": "弁護士法人", "司": "司法書士法人", "行": "行政書士法人",
}

// Fold is the normal form that names, text and queries are matched in:
// NFKC (full-width Latin and digits to ASCII, half-width katakana to
// full-width, ㈱ to (株), ㍿ to 株式会社), abbreviated legal forms spelled
// out, ヶ as ケ, no space between two Japanese characters (OCR and people
// put them in at random) and each other run of white space as one space,
// or one newline when it holds one. Fold(Fold(s)) == Fold(s), which is what lets
// the index store folded text and highlight it at the analyzer's offsets.
// Case is left alone: the analyzers lowercase.
func Fold(s string) string {
	s = norm.NFKC.String(s)
	if strings.Contains(s, "(") {
		s = companyForm.ReplaceAllStringFunc(s, func(m string) string {
			abbr := companyForm.FindStringSubmatch(m)[1]
			if full, ok := companyForms[abbr]; ok {
				return full
			}
			return m
		})
	}
	s = strings.ReplaceAll(s, "ヶ", "ケ")
	return squeezeSpace(s)
}

// squeezeSpace drops white space between Japanese characters and turns
// other runs into one space or newline.
func squeezeSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune // last rune written, 0 at the start
	pendingSpace, pendingNewline := false, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pendingSpace = true
			pendingNewline = pendingNewline || r == '\n'
			continue
		}
		switch {
		case !pendingSpace || prev == 0:
		case pendingNewline: // a line ends a word, in names and in text
			b.WriteByte('\n')
		case !(isJapanese(prev) && isJapanese(r)):
			b.WriteByte(' ')
		}
		pendingSpace, pendingNewline = false, false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// isJapanese reports a kanji, kana or the prolonged sound mark: the
// characters the bigram analyzer joins.
func isJapanese(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 'ー' || r == '々'
}

// HasJapanese reports whether s holds a kanji or kana.
func HasJapanese(s string) bool {
	return strings.IndexFunc(s, isJapanese) >= 0
}

// foldIdent is the form of identifiers (registration, invoice and voucher
// numbers): folded, without spaces and hyphens, so T-1234-5678-9012-3 and
// Ｔ１２３４５６７８９０１２３ are one number.
func foldIdent(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '-', r == '‐', r == '−', r == 'ー', r == '―', r == '_', r == '/':
			return -1
		}
		return r
	}, norm.NFKC.String(s))
}

// splitWords is the tokenizer of the fields the index writes as words
// separated by single spaces (amounts at their levels, numbers with their
// kind). bleve's whitespace tokenizer allocates room for 1,024 tokens on
// every call, which was a quarter of all analysis time.
func splitWords(b []byte) analysis.TokenStream {
	n := bytes.Count(b, []byte{' '}) + 1
	toks := make([]analysis.Token, 0, n)
	start := 0
	for i := 0; i <= len(b); i++ {
		if i < len(b) && b[i] != ' ' {
			continue
		}
		if i > start {
			toks = append(toks, analysis.Token{Term: b[start:i], Start: start, End: i, Position: len(toks) + 1, Type: analysis.AlphaNumeric})
		}
		start = i + 1
	}
	out := make(analysis.TokenStream, len(toks))
	for i := range toks {
		out[i] = &toks[i]
	}
	return out
}

// nameGrams makes the terms of a counterparty name: every Japanese
// character and every pair of adjacent ones (bigram) at the position of
// its first character, and Latin words and numbers as they are, one
// position each. A partial name is then a phrase of the bigrams of its
// Japanese runs, with a gap for the last character of each run, and a
// lone character (青, A社) a phrase with that character itself: that is
// what the query side makes (forQuery). One field answers both, where a
// bigram field and a single-character field indexed each name twice.
func nameGrams(in analysis.TokenStream, forQuery bool) analysis.TokenStream {
	// One token per character, runs of adjacent Japanese characters marked.
	type char struct {
		t        *analysis.Token
		japanese bool
		runNext  bool // the next character is Japanese and adjacent
	}
	chars := make([]char, 0, len(in)*2)
	for _, t := range in {
		if t.Type != analysis.Ideographic {
			chars = append(chars, char{t: t})
			continue
		}
		if n := len(chars); n > 0 && chars[n-1].japanese && chars[n-1].t.End == t.Start {
			chars[n-1].runNext = true
		}
		off := 0
		for _, r := range string(t.Term) {
			n := len(string(r))
			if off > 0 {
				chars[len(chars)-1].runNext = true
			}
			chars = append(chars, char{japanese: true, t: &analysis.Token{
				Term: t.Term[off : off+n], Start: t.Start + off, End: t.Start + off + n, Type: analysis.Single}})
			off += n
		}
	}
	out := make(analysis.TokenStream, 0, len(chars)*2)
	for i, c := range chars {
		pos := i + 1
		c.t.Position = pos
		runStart := i == 0 || !chars[i-1].runNext
		switch {
		case !c.japanese:
			out = append(out, c.t)
		case forQuery && c.runNext: // the bigram covers this character
		case forQuery && !runStart: // the last of a run: covered by the bigram before it
		default:
			out = append(out, c.t)
		}
		if c.runNext {
			next := chars[i+1].t
			out = append(out, &analysis.Token{
				Term: append(append([]byte(nil), c.t.Term...), next.Term...), Start: c.t.Start, End: next.End,
				Position: pos, Type: analysis.Double})
		}
	}
	return out
}

// englishFilter (shohyo_english) treats the words with a Latin letter as English: the
// possessive 's and stop words go, the rest is stemmed (invoices finds
// invoice). Japanese bigrams and numbers pass as they are. The text is
// thus one field, tokenized once, rather than a Japanese and an English
// field over the same text: that was a seventh of indexing time and every
// Latin word twice in the index (docs/benchmarks.md).
type englishFilter struct {
	chain []analysis.TokenFilter // possessive, stop words, stemmer

	// What the chain made of each word seen: the stemmer was half of the
	// text analyzer's time, and invoices use few English words. Words
	// with digits (registration and invoice numbers) are not kept, and
	// at most maxStems words are.
	mu    sync.RWMutex
	stems map[string]stem
}

type stem struct {
	term    string
	dropped bool // a stop word
}

const maxStems = 1 << 16

func newEnglishFilter(_ map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
	f := &englishFilter{stems: map[string]stem{}}
	for _, name := range []string{"possessive_en", "stop_en", "stemmer_en_snowball"} {
		tf, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		f.chain = append(f.chain, tf)
	}
	return f, nil
}

// Filter runs the English filters on each Latin word alone: they keep no
// state across tokens, and what they drop (stop words) leaves a gap in
// the positions, as it would in a field of its own.
func (f *englishFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	one := make(analysis.TokenStream, 1) // per call: documents are analysed in parallel
	for _, t := range in {
		if t.Type == analysis.Ideographic || t.Type == analysis.Numeric || !hasLatinLetter(t.Term) {
			out = append(out, t)
			continue
		}
		out = append(out, f.word(t, one)...)
	}
	return out
}

// word runs the English filters on one word, in the stream of one token
// given: what it returns is that word, changed, or nothing.
func (f *englishFilter) word(t *analysis.Token, one analysis.TokenStream) analysis.TokenStream {
	f.mu.RLock()
	st, ok := f.stems[string(t.Term)]
	f.mu.RUnlock()
	if ok {
		if st.dropped {
			return nil
		}
		if st.term != string(t.Term) {
			t.Term = []byte(st.term)
		}
		one[0] = t
		return one[:1]
	}
	word := string(t.Term)
	ts := one[:1]
	ts[0] = t
	for _, tf := range f.chain {
		if ts = tf.Filter(ts); len(ts) == 0 {
			break
		}
	}
	if strings.IndexFunc(word, unicode.IsDigit) < 0 {
		st = stem{dropped: len(ts) == 0}
		if len(ts) > 0 {
			st.term = string(ts[0].Term)
		}
		f.mu.Lock()
		if len(f.stems) < maxStems {
			f.stems[word] = st
		}
		f.mu.Unlock()
	}
	return ts
}

func hasLatinLetter(b []byte) bool {
	for _, c := range b {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return true
		}
	}
	for _, r := range string(b) {
		if unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}
