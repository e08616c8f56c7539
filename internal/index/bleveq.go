package index

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// bleve turns q into a bleve query: a conjunction of one query per
// condition, minus deleted documents unless asked for.
func (q Query) bleve() query.Query {
	var must []query.Query
	add := func(qs ...query.Query) { must = append(must, qs...) }
	if q.Counterparty != "" {
		add(bleve.NewDisjunctionQuery(nameQuery(q.Counterparty, sideIssuer), nameQuery(q.Counterparty, sideRecipient)))
	}
	if q.Issuer != "" {
		add(nameQuery(q.Issuer, sideIssuer))
	}
	if q.Recipient != "" {
		add(nameQuery(q.Recipient, sideRecipient))
	}
	if q.CounterpartyExact != "" {
		x := ExactName(q.CounterpartyExact)
		add(bleve.NewDisjunctionQuery(term(x, "issuer_exact"), term(x, "recipient_exact")))
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		add(issueDateRange(q.From, q.To))
	}
	for _, d := range q.Dates {
		add(dateRange(d.Field, d.From, d.To))
	}
	if q.Min != nil || q.Max != nil {
		add(amountRange("total", q.Min, q.Max))
	}
	for _, a := range q.Amounts {
		add(amountRange(a.Field, a.Min, a.Max))
	}
	if q.Text != "" {
		add(textQueries(q.Text)...)
	}
	for field, v := range map[string]string{"status": q.Status, "document_type": q.Type, "class": q.Class, "origin": q.Origin, "currency": q.Currency} {
		if v != "" {
			add(anyTerm(field, strings.Split(v, ",")))
		}
	}
	for kind, v := range map[string]string{numberRegistration: q.RegistrationNumber, numberInvoice: q.InvoiceNumber, numberVoucher: q.VoucherNumber} {
		if v != "" {
			add(term(numberTerm(kind, v), numbersField))
		}
	}
	for _, t := range q.Tags {
		add(term(t, "tags"))
	}
	deleted := bleve.NewBoolFieldQuery(true)
	deleted.SetField("deleted")
	switch q.Deleted {
	case DeletedOnly:
		add(deleted)
	case DeletedInclude:
	default:
		if len(must) == 0 {
			add(bleve.NewMatchAllQuery())
		}
		b := bleve.NewBooleanQuery()
		b.AddMust(must...)
		b.AddMustNot(deleted)
		return b
	}
	if len(must) == 0 {
		return bleve.NewMatchAllQuery()
	}
	return bleve.NewConjunctionQuery(must...)
}

type side int

const (
	sideIssuer side = iota
	sideRecipient
)

// nameQuery matches a partial name on one side: its Japanese runs as
// bigrams (a lone character as itself) and its Latin words, in order
// (nameGrams).
func nameQuery(name string, s side) query.Query {
	return phraseQuery(name, map[side]string{sideIssuer: "issuer_name", sideRecipient: "recipient"}[s], analyzerNameQuery)
}

// phraseQuery matches the words of s in order. A phrase of one term (a
// two-kanji name, one Latin word) is a term query: bleve's phrase
// searcher would read every candidate's positions for nothing, which was
// a fifth of the combined search's time at a million documents. The
// analyzer is named because bleve looks a sub-field's analyzer up by
// path and would fall back to the field's own.
func phraseQuery(s, field, analyzer string) query.Query {
	if tokens := analyze(analyzer, s); len(tokens) == 1 {
		return term(tokens[0], field)
	}
	p := bleve.NewMatchPhraseQuery(s)
	p.SetField(field)
	p.Analyzer = analyzer
	return p
}

// analyze returns the terms the analyzer makes of s, or nil when it is
// unknown (the phrase query then reports it).
func analyze(analyzer, s string) []string {
	var out []string
	for _, t := range tokens(analyzer, s) {
		out = append(out, string(t.Term))
	}
	return out
}

// tokens returns the analyzer's tokens of s, with their positions and
// byte offsets into s; nil when the analyzer is unknown.
func tokens(analyzer, s string) analysis.TokenStream {
	m, err := cachedMapping()
	if err != nil {
		return nil
	}
	a := m.AnalyzerNamed(analyzer)
	if a == nil {
		return nil
	}
	return a.Analyze([]byte(s))
}

// textWord splits Query.Text into words and "quoted phrases".
var textWord = regexp.MustCompile(`"[^"]*"|[^\s"]+`)

// wordKind is how one word of a text condition matches the text.
type wordKind int

const (
	wordChar   wordKind = iota // a lone Japanese character, inside any bigram
	wordPhrase                 // the word's terms in order: Japanese, numbers, quoted phrases
	wordTerms                  // each of the word's (stemmed) terms, anywhere
)

type textTerm struct {
	kind wordKind
	word string // folded
}

// textTerms reads the words of a text condition, all of which must match.
// Japanese words (and numbers) are phrases of bigrams (a substring
// match); Latin words are matched stemmed, so that invoice finds
// invoices; a quoted phrase must match in order. Search and highlighting
// both read the condition through it, so a highlight marks what matched.
func textTerms(text string) []textTerm {
	var out []textTerm
	for _, w := range textWord.FindAllString(text, -1) {
		quoted := strings.HasPrefix(w, `"`)
		w = Fold(strings.Trim(w, `"`))
		switch {
		case w == "":
		case HasJapanese(w) && len([]rune(w)) == 1:
			out = append(out, textTerm{wordChar, w})
		case HasJapanese(w) || !strings.ContainsFunc(w, unicode.IsLetter) || quoted && strings.ContainsFunc(w, unicode.IsSpace):
			out = append(out, textTerm{wordPhrase, w})
		default:
			out = append(out, textTerm{wordTerms, w})
		}
	}
	return out
}

// textQueries makes one query per word of the text condition.
func textQueries(text string) []query.Query {
	var out []query.Query
	for _, t := range textTerms(text) {
		switch t.kind {
		case wordChar:
			out = append(out, singleCharQuery(t.word))
		case wordPhrase:
			out = append(out, phraseQuery(t.word, "text", analyzerText))
		default:
			m := bleve.NewMatchQuery(t.word)
			m.SetField("text")
			m.Analyzer = analyzerText
			m.SetOperator(query.MatchQueryOperatorAnd)
			out = append(out, m)
		}
	}
	return out
}

// singleCharQuery finds one kanji or kana in the bigram-indexed text: as
// a term of its own, as the first half of a bigram (prefix) or as the
// second (a regexp the term dictionary answers without scanning it).
func singleCharQuery(c string) query.Query {
	c = strings.ToLower(c)
	pre := bleve.NewPrefixQuery(c)
	pre.SetField("text")
	re := bleve.NewRegexpQuery("." + regexp.QuoteMeta(c))
	re.SetField("text")
	return bleve.NewDisjunctionQuery(pre, re)
}

func term(v, field string) query.Query {
	t := bleve.NewTermQuery(v)
	t.SetField(field)
	return t
}

func anyTerm(field string, vs []string) query.Query {
	if len(vs) == 1 {
		return term(strings.TrimSpace(vs[0]), field)
	}
	qs := make([]query.Query, 0, len(vs))
	for _, v := range vs {
		qs = append(qs, term(strings.TrimSpace(v), field))
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// dateRange is a range on a date field, both ends inclusive: dates are
// YYYY-MM-DD keywords, so it is a term range.
func dateRange(field string, from, to time.Time) query.Query {
	var lo, hi string
	if !from.IsZero() {
		lo = civilDate(from)
	}
	if !to.IsZero() {
		hi = civilDate(to)
	}
	inc := true
	r := bleve.NewTermRangeInclusiveQuery(lo, hi, &inc, &inc)
	r.SetField(field)
	return r
}

// issueDateRange is a range of issue dates made of whole months where it
// can: a month is one term of issue_month where its days are up to 31
// terms of issue_date, so a quarter is 3 terms instead of 90 and an open
// range over ten years a hundred-odd instead of thousands.
func issueDateRange(from, to time.Time) query.Query {
	var parts []query.Query
	or := func() query.Query {
		if len(parts) == 1 {
			return parts[0]
		}
		return bleve.NewDisjunctionQuery(parts...)
	}
	lo, hi := from, to
	if !lo.IsZero() && lo.Day() != 1 { // the days before the first whole month
		end := endOfMonth(lo)
		if !hi.IsZero() && hi.Before(end) {
			end = hi
		}
		parts = append(parts, dateRange("issue_date", lo, end))
		if lo = end.AddDate(0, 0, 1); !hi.IsZero() && lo.After(hi) {
			return or()
		}
	}
	if !hi.IsZero() && !hi.Equal(endOfMonth(hi)) { // the days after the last whole month
		start := hi.AddDate(0, 0, 1-hi.Day())
		if !lo.IsZero() && start.Before(lo) {
			start = lo
		}
		parts = append(parts, dateRange("issue_date", start, hi))
		if hi = start.AddDate(0, 0, -1); !lo.IsZero() && hi.Before(lo) {
			return or()
		}
	}
	month := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01")
	}
	inc := true
	m := bleve.NewTermRangeInclusiveQuery(month(lo), month(hi), &inc, &inc)
	m.SetField("issue_month")
	parts = append(parts, m)
	return or()
}

func endOfMonth(t time.Time) time.Time {
	y, mo, _ := t.Date()
	return time.Date(y, mo+1, 0, 0, 0, 0, 0, t.Location())
}

func amountRange(field string, minV, maxV *float64) query.Query {
	return amountQuery(field, minV, maxV)
}
