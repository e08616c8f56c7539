package index

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// keys maps every key of the query language, English and Japanese, to
// the URL parameter of the same meaning. docs/search.md lists them.
var keys = map[string]string{
	"counterparty": ParamCounterparty, "cp": ParamCounterparty, "vendor": ParamCounterparty,
	"取引先": ParamCounterparty, "相手先": ParamCounterparty,
	"issuer": ParamIssuer, "発行者": ParamIssuer, "発行元": ParamIssuer, "請求元": ParamIssuer,
	"recipient": ParamRecipient, "宛先": ParamRecipient, "宛名": ParamRecipient, "請求先": ParamRecipient,
	"date": ParamDate, "issue_date": ParamDate, "日付": ParamDate, "発行日": ParamDate, "請求日": ParamDate,
	"transaction_date": ParamTransactionDate, "取引日": ParamTransactionDate, "取引年月日": ParamTransactionDate,
	"due_date": ParamDueDate, "due": ParamDueDate, "支払期限": ParamDueDate, "期限": ParamDueDate,
	"received": ParamReceived, "received_at": ParamReceived, "受領日": ParamReceived, "受取日": ParamReceived,
	"amount": ParamAmount, "total": ParamAmount, "金額": ParamAmount, "合計": ParamAmount, "総額": ParamAmount,
	"subtotal": ParamSubtotal, "小計": ParamSubtotal, "税抜": ParamSubtotal,
	"tax": ParamTax, "税額": ParamTax, "消費税": ParamTax,
	"text": ParamText, "本文": ParamText, "全文": ParamText,
	"type": ParamType, "document_type": ParamType, "種類": ParamType, "書類": ParamType,
	"status": ParamStatus, "状態": ParamStatus,
	"class": ParamClass, "区分": ParamClass, "書類区分": ParamClass,
	"origin": ParamOrigin, "保存区分": ParamOrigin,
	"currency": ParamCurrency, "通貨": ParamCurrency,
	"tag": ParamTag, "tags": ParamTag, "タグ": ParamTag,
	"reg": ParamRegistration, "registration": ParamRegistration, "registration_number": ParamRegistration,
	"登録番号":    ParamRegistration,
	"invoice": ParamInvoice, "invoice_number": ParamInvoice, "請求書番号": ParamInvoice,
	"voucher": ParamVoucher, "voucher_number": ParamVoucher, "伝票番号": ParamVoucher,
	"deleted": ParamDeleted, "削除": ParamDeleted,
	"sort": ParamSort, "並び": ParamSort, "並び順": ParamSort,
	"facets": ParamFacets, "facet": ParamFacets, "集計": ParamFacets,
	"highlight": ParamHighlight, "exact_total": ParamExactTotal, "limit": ParamLimit, "offset": ParamOffset,
}

// SyntaxError is a query the language cannot read: where, and what was
// expected there.
type SyntaxError struct {
	Query  string `json:"query"`
	Column int    `json:"column"` // 1-based, in characters
	Msg    string `json:"message"`
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("query: column %d: %s", e.Column, e.Msg)
}

// Caret shows the query with a caret under the column, counting East
// Asian wide characters as two, for a terminal.
func (e *SyntaxError) Caret() string {
	pad := 0
	for i, r := range []rune(e.Query) {
		if i >= e.Column-1 {
			break
		}
		pad++
		if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
			pad++
		}
	}
	return e.Query + "\n" + strings.Repeat(" ", pad) + "^"
}

// ParseQuery reads a query written in the query language:
//
//	取引先:青葉 date:2024-01..2024-03 amount:10000..50000 text:"コピー用紙"
//
// Terms are separated by spaces and all must hold. key:value is a
// condition; a word without a key, or a "quoted phrase", is searched in
// the text. Errors are *SyntaxError.
func ParseQuery(s string) (Query, error) {
	q := Query{Limit: DefaultLimit}
	if err := q.parseInto(s); err != nil {
		return q, err
	}
	if err := q.check(); err != nil {
		return q, &SyntaxError{Query: s, Column: 1, Msg: err.Error()}
	}
	return q, nil
}

// syntaxRunes are the full-width forms of the characters the language
// is made of, as an IME types them.
var syntaxRunes = map[rune]rune{'：': ':', '＝': '=', '＂': '"', '“': '"', '”': '"', '　': ' ', '．': '.'}

// parseInto adds the conditions of s to q.
func (q *Query) parseInto(s string) error {
	rs := []rune(s)
	for i, r := range rs {
		if m, ok := syntaxRunes[r]; ok {
			rs[i] = m
		}
	}
	p := &qparser{src: s, rs: rs}
	for {
		p.skipSpace()
		if p.eof() {
			return nil
		}
		if err := p.term(q); err != nil {
			return err
		}
	}
}

type qparser struct {
	src string
	rs  []rune
	i   int
}

func (p *qparser) eof() bool { return p.i >= len(p.rs) }

func (p *qparser) skipSpace() {
	for !p.eof() && unicode.IsSpace(p.rs[p.i]) {
		p.i++
	}
}

func (p *qparser) fail(at int, format string, a ...any) error {
	return &SyntaxError{Query: p.src, Column: at + 1, Msg: fmt.Sprintf(format, a...)}
}

func isQuote(r rune) bool { return r == '"' || r == '「' }

// quoted reads a "…" or 「…」 string starting at the quote; \" escapes
// a quote inside.
func (p *qparser) quoted() (string, error) {
	start := p.i
	closing := '"'
	if p.rs[p.i] == '「' {
		closing = '」'
	}
	p.i++
	var b strings.Builder
	for !p.eof() {
		r := p.rs[p.i]
		p.i++
		switch {
		case r == '\\' && !p.eof() && p.rs[p.i] == closing:
			b.WriteRune(closing)
			p.i++
		case r == closing:
			return b.String(), nil
		default:
			b.WriteRune(r)
		}
	}
	return "", p.fail(start, "this quote is not closed: expected a closing %c", closing)
}

// bare reads up to the next space.
func (p *qparser) bare() string {
	start := p.i
	for !p.eof() && !unicode.IsSpace(p.rs[p.i]) {
		p.i++
	}
	return string(p.rs[start:p.i])
}

func (p *qparser) term(q *Query) error {
	start := p.i
	if isQuote(p.rs[p.i]) {
		s, err := p.quoted()
		if err != nil {
			return err
		}
		return q.set(ParamText, phrase(s))
	}
	// A key is what comes before the first : or =, if that is a name.
	j := p.i
	for j < len(p.rs) && !unicode.IsSpace(p.rs[j]) && p.rs[j] != ':' && p.rs[j] != '=' && !isQuote(p.rs[j]) {
		j++
	}
	if j == p.i || j == len(p.rs) || (p.rs[j] != ':' && p.rs[j] != '=') {
		return q.set(ParamText, p.bare())
	}
	name := string(p.rs[p.i:j])
	param, ok := keys[strings.ToLower(name)]
	if !ok {
		if !looksLikeKey(name) {
			return q.set(ParamText, p.bare()) // 10:30, a URL: just text
		}
		return p.fail(start, "unknown key %q: expected one of %s (to search the text for it, put it in quotes: \"%s\")",
			name, strings.Join(keyList(), ", "), string(p.rs[p.i:p.restEnd()]))
	}
	exact := p.rs[j] == '='
	p.i = j + 1
	vstart := p.i
	var v string
	quotedValue := !p.eof() && isQuote(p.rs[p.i])
	if quotedValue {
		var err error
		if v, err = p.quoted(); err != nil {
			return err
		}
	} else {
		v = p.bare()
	}
	if strings.TrimSpace(v) == "" {
		return p.fail(vstart, "expected a value after %s%c", name, p.rs[j])
	}
	if exact && param == ParamCounterparty {
		param = ParamCounterpartyExact
	}
	if quotedValue && param == ParamText {
		v = phrase(v)
	}
	if err := q.set(param, strings.TrimSpace(v)); err != nil {
		return p.fail(vstart, "%s: %v", name, err)
	}
	return nil
}

// restEnd is the end of the current term, for error messages.
func (p *qparser) restEnd() int {
	j := p.i
	for j < len(p.rs) && !unicode.IsSpace(p.rs[j]) {
		j++
	}
	return j
}

// phrase quotes s for Query.Text when it holds a space, so its words stay
// together.
func phrase(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, `"`, ""))
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return `"` + s + `"`
	}
	return s
}

func looksLikeKey(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '_' {
			return false
		}
	}
	return true
}

// keyList is the English keys, for error messages.
func keyList() []string {
	seen := map[string]bool{}
	var out []string
	for k, p := range keys {
		if k == p || k == "date" || k == "amount" {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}
