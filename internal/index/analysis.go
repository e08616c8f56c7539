package index

import (
	"regexp"
	"strings"
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
// schemas/index-mapping.json builds from them. The text analyzers have no
// fold filter: Put stores the text folded (so highlights line up), and
// queries are folded before they are analysed.
const (
	foldCharFilter   = "shohyo_fold"
	identCharFilter  = "shohyo_ident"
	unigramFilter    = "shohyo_unigram"
	latinOnlyFilter  = "shohyo_latin_only"
	analyzerJapanese = "shohyo_ja"
	analyzerUnigram  = "shohyo_ja_unigram"
	analyzerIdent    = "shohyo_ident"
	analyzerTextJa   = "shohyo_text_ja"
	analyzerTextEn   = "shohyo_text_en"
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
	mustRegister(registry.RegisterCharFilter(identCharFilter, func(map[string]any, *registry.Cache) (analysis.CharFilter, error) {
		return charFilterFunc(func(b []byte) []byte { return []byte(foldIdent(string(b))) }), nil
	}))
	mustRegister(registry.RegisterTokenFilter(unigramFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return tokenFilterFunc(splitIdeographs), nil
	}))
	mustRegister(registry.RegisterTokenFilter(latinOnlyFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return tokenFilterFunc(dropIdeographs), nil
	}))
}

type charFilterFunc func([]byte) []byte

func (f charFilterFunc) Filter(b []byte) []byte { return f(b) }

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

// splitIdeographs turns every Japanese token into one token per
// character, so that a single-kanji query (青) can match inside a name.
func splitIdeographs(in analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(in)*2)
	pos := 1
	for _, t := range in {
		if t.Type != analysis.Ideographic {
			t.Position = pos
			pos++
			out = append(out, t)
			continue
		}
		off := 0
		for _, r := range string(t.Term) {
			n := len(string(r))
			out = append(out, &analysis.Token{
				Term: t.Term[off : off+n], Start: t.Start + off, End: t.Start + off + n,
				Position: pos, Type: analysis.Single,
			})
			pos++
			off += n
		}
	}
	return out
}

// dropIdeographs keeps the tokens an English analyzer can stem: words
// with a Latin letter. Japanese is the bigram field's job, and so are
// numbers (that field indexes them too); dropping them here keeps the
// English field small and its analysis cheap. Positions are kept, so a
// phrase does not match across what was dropped.
func dropIdeographs(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		if t.Type == analysis.Ideographic || t.Type == analysis.Numeric || !hasLatinLetter(t.Term) {
			continue
		}
		out = append(out, t)
	}
	return out
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
