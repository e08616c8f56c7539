package index

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Query is the one query model of shohyo: every condition given must hold
// (AND), as the Electronic Bookkeeping Act's search rules ask. Zero values
// mean "no condition". The CLI and the API write it as URL parameters
// (ParseValues, Values) or in the query language (ParseQuery,
// docs/search.md).
type Query struct {
	Counterparty string    // issuer or recipient name, partial, Japanese or Latin
	From, To     time.Time // issue date range, both ends inclusive
	Min, Max     *float64  // total amount range, both ends inclusive
	Text         string    // words in the recognised text, all of them; "quoted" for a phrase
	Status       string    // one status, or several separated by commas (any of them)
	Type         string    // document type, likewise
	Limit        int
	Offset       int

	Issuer, Recipient string // partial name on one side only
	// CounterpartyExact is a whole name, issuer or recipient, compared in
	// its folded form (ExactName): what a counterparty facet returns.
	CounterpartyExact  string
	Dates              []DateRange   // ranges on the other dates
	Amounts            []AmountRange // ranges on the other amounts
	RegistrationNumber string
	InvoiceNumber      string
	VoucherNumber      string // 伝票番号: the link to the books
	Class              string // important, general, past (commas: any of them)
	Origin             string // scan, electronic
	Currency           string
	Tags               []string // every one must be present
	Deleted            string   // "" (deleted documents hidden), DeletedInclude or DeletedOnly
	Sort               string   // SortFields name, "-" first for descending; "" is -date
	Facets             []string // FacetNames to count over all matches
	FacetSize          int      // terms per facet; 0 is DefaultFacetSize
	Highlight          bool     // return text fragments around the matched words
	// ExactTotal counts every match however long it takes; otherwise a
	// search sorted by date may return a lower bound (Result.TotalExact).
	ExactTotal bool
}

// DateRange is an inclusive range on one date field.
type DateRange struct {
	Field    string    `json:"field"` // issue_date, transaction_date, due_date, received_at
	From, To time.Time // zero: open end
}

// AmountRange is an inclusive range on one amount field.
type AmountRange struct {
	Field    string   `json:"field"` // total, subtotal, tax
	Min, Max *float64 // nil: open end
}

// Values of Query.Deleted.
const (
	DeletedInclude = "include"
	DeletedOnly    = "only"
)

// Query parameter names, shared by the API and the CLI. Each has a key of
// the same meaning in the query language.
const (
	ParamCounterparty      = "counterparty"
	ParamFrom              = "from"
	ParamTo                = "to"
	ParamMin               = "min"
	ParamMax               = "max"
	ParamText              = "text"
	ParamStatus            = "status"
	ParamType              = "type"
	ParamLimit             = "limit"
	ParamOffset            = "offset"
	ParamQ                 = "q" // a query in the query language, ANDed with the other parameters
	ParamIssuer            = "issuer"
	ParamRecipient         = "recipient"
	ParamCounterpartyExact = "counterparty_exact"
	ParamDate              = "date" // issue date, as a range a..b (same as from and to)
	ParamTransactionDate   = "transaction_date"
	ParamDueDate           = "due_date"
	ParamReceived          = "received"
	ParamAmount            = "amount" // total, as a range a..b (same as min and max)
	ParamSubtotal          = "subtotal"
	ParamTax               = "tax"
	ParamRegistration      = "registration_number"
	ParamInvoice           = "invoice_number"
	ParamVoucher           = "voucher_number"
	ParamClass             = "class"
	ParamOrigin            = "origin"
	ParamCurrency          = "currency"
	ParamTag               = "tag"
	ParamDeleted           = "deleted"
	ParamSort              = "sort"
	ParamFacets            = "facets"
	ParamFacetSize         = "facet_size"
	ParamHighlight         = "highlight"
	ParamExactTotal        = "exact_total"
)

// DefaultLimit and MaxLimit bound a page of hits; MaxOffset bounds paging
// (each index of the alias collects offset+limit hits).
const (
	DefaultLimit     = 50
	MaxLimit         = 1000
	MaxOffset        = 100_000
	DefaultFacetSize = 10
	MaxFacetSize     = 1000
)

// dateFields and amountFields map parameter names to index fields.
var (
	dateFields = map[string]string{
		ParamDate: "issue_date", ParamTransactionDate: "transaction_date",
		ParamDueDate: "due_date", ParamReceived: "received_at",
	}
	amountFields = map[string]string{ParamAmount: "total", ParamSubtotal: "subtotal", ParamTax: "tax"}
)

// ParseValues reads a Query from URL parameters, with an error that says
// which parameter is wrong and what it should look like. The q parameter
// holds the query language; its conditions are ANDed with the others.
func ParseValues(v url.Values) (Query, error) {
	q := Query{Limit: DefaultLimit}
	keys := make([]string, 0, len(v))
	for k := range v {
		if !knownParam(k) {
			return q, fmt.Errorf("unknown search parameter %q (known: %s)", k, strings.Join(paramNames(), ", "))
		}
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same error for the same input
	for _, k := range keys {
		if k == ParamQ {
			continue
		}
		for _, s := range v[k] {
			if err := q.set(k, strings.TrimSpace(s)); err != nil {
				return q, fmt.Errorf("%s: %w", k, err)
			}
		}
	}
	for _, s := range v[ParamQ] {
		if err := q.parseInto(s); err != nil {
			return q, err
		}
	}
	return q, q.check()
}

// Values is the inverse of ParseValues, for clients: every condition as
// its own parameter, never q.
func (q Query) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set(ParamCounterparty, q.Counterparty)
	set(ParamIssuer, q.Issuer)
	set(ParamRecipient, q.Recipient)
	set(ParamCounterpartyExact, q.CounterpartyExact)
	set(ParamText, q.Text)
	set(ParamStatus, q.Status)
	set(ParamType, q.Type)
	set(ParamRegistration, q.RegistrationNumber)
	set(ParamInvoice, q.InvoiceNumber)
	set(ParamVoucher, q.VoucherNumber)
	set(ParamClass, q.Class)
	set(ParamOrigin, q.Origin)
	set(ParamCurrency, q.Currency)
	set(ParamDeleted, q.Deleted)
	set(ParamSort, q.Sort)
	if !q.From.IsZero() {
		v.Set(ParamFrom, q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		v.Set(ParamTo, q.To.Format(time.DateOnly))
	}
	if q.Min != nil {
		v.Set(ParamMin, formatAmount(*q.Min))
	}
	if q.Max != nil {
		v.Set(ParamMax, formatAmount(*q.Max))
	}
	for _, d := range q.Dates {
		v.Add(paramOfField(dateFields, d.Field), formatDateRange(d.From, d.To))
	}
	for _, a := range q.Amounts {
		v.Add(paramOfField(amountFields, a.Field), formatAmountRange(a.Min, a.Max))
	}
	for _, t := range q.Tags {
		v.Add(ParamTag, t)
	}
	if len(q.Facets) > 0 {
		v.Set(ParamFacets, strings.Join(q.Facets, ","))
	}
	if q.FacetSize != 0 {
		v.Set(ParamFacetSize, strconv.Itoa(q.FacetSize))
	}
	if q.Highlight {
		v.Set(ParamHighlight, "true")
	}
	if q.ExactTotal {
		v.Set(ParamExactTotal, "true")
	}
	if q.Limit != DefaultLimit {
		v.Set(ParamLimit, strconv.Itoa(q.Limit))
	}
	if q.Offset != 0 {
		v.Set(ParamOffset, strconv.Itoa(q.Offset))
	}
	return v
}

func paramOfField(m map[string]string, field string) string {
	for p, f := range m {
		if f == field {
			return p
		}
	}
	return field
}

// check reports conditions that contradict each other.
func (q *Query) check() error {
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return fmt.Errorf("to (%s) is before from (%s)", q.To.Format(time.DateOnly), q.From.Format(time.DateOnly))
	}
	if q.Min != nil && q.Max != nil && *q.Max < *q.Min {
		return fmt.Errorf("max (%v) is below min (%v)", *q.Max, *q.Min)
	}
	return nil
}

// parseDateBound accepts YYYY, YYYY-MM or YYYY-MM-DD (also with / or .,
// or as 2024年3月31日); an upper bound of a year or month means its last
// day.
func parseDateBound(s string, upper bool) (time.Time, error) {
	s = strings.TrimSpace(norm.NFKC.String(s))
	if s == "" {
		return time.Time{}, nil
	}
	n := strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "").Replace(s)
	n = strings.TrimSuffix(n, "-")
	parts := strings.Split(n, "-")
	layouts := map[int]struct {
		layout string
		last   func(time.Time) time.Time
	}{
		3: {"2006-1-2", func(t time.Time) time.Time { return t }},
		2: {"2006-1", func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }},
		1: {"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, -1) }},
	}
	if f, ok := layouts[len(parts)]; ok && len(parts[0]) == 4 {
		if t, err := time.Parse(f.layout, n); err == nil {
			if upper {
				t = f.last(t)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date: use YYYY-MM-DD, YYYY-MM or YYYY", s)
}

// parseAmount accepts 10000, 10,000, ¥10,000, 10000円, 9.50 and 5万.
func parseAmount(s string) (*float64, error) {
	s = strings.NewReplacer(",", "", "¥", "", "円", "", "\\", "").Replace(strings.TrimSpace(norm.NFKC.String(s)))
	if s == "" {
		return nil, nil
	}
	mult := 1.0
	if t, ok := strings.CutSuffix(s, "万"); ok {
		s, mult = t, 10000
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f*mult > 1e15 {
		return nil, fmt.Errorf("%q is not an amount: use a number such as 10000, 10,000 or 9.50", s)
	}
	f *= mult
	return &f, nil
}

func formatAmount(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func formatDateRange(from, to time.Time) string {
	f := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	return f(from) + ".." + f(to)
}

func formatAmountRange(lo, hi *float64) string {
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return formatAmount(*p)
	}
	return f(lo) + ".." + f(hi)
}

func parseCount(s string, def, maxV int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxV {
		return 0, fmt.Errorf("%q is not a whole number between 0 and %d", s, maxV)
	}
	return n, nil
}
