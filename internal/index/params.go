package index

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// setters apply one parameter (or query-language key) to a Query. URL
// parameters and the query language go through the same ones, so they
// cannot drift apart.
var setters = map[string]func(q *Query, v string) error{
	ParamCounterparty:      func(q *Query, v string) error { return once(&q.Counterparty, v) },
	ParamIssuer:            func(q *Query, v string) error { return once(&q.Issuer, v) },
	ParamRecipient:         func(q *Query, v string) error { return once(&q.Recipient, v) },
	ParamCounterpartyExact: func(q *Query, v string) error { return once(&q.CounterpartyExact, v) },
	ParamText: func(q *Query, v string) error {
		q.Text = strings.TrimSpace(q.Text + " " + v)
		return nil
	},
	ParamStatus:       func(q *Query, v string) error { return onceCode(&q.Status, v, statusNames) },
	ParamType:         func(q *Query, v string) error { return onceCode(&q.Type, v, typeNames) },
	ParamClass:        func(q *Query, v string) error { return onceCode(&q.Class, v, classNames) },
	ParamOrigin:       func(q *Query, v string) error { return onceCode(&q.Origin, v, originNames) },
	ParamCurrency:     func(q *Query, v string) error { return once(&q.Currency, strings.ToUpper(v)) },
	ParamRegistration: func(q *Query, v string) error { return once(&q.RegistrationNumber, v) },
	ParamInvoice:      func(q *Query, v string) error { return once(&q.InvoiceNumber, v) },
	ParamVoucher:      func(q *Query, v string) error { return once(&q.VoucherNumber, v) },
	ParamTag: func(q *Query, v string) error {
		q.Tags = append(q.Tags, v)
		return nil
	},
	ParamFrom: func(q *Query, v string) error { return dateBound(&q.From, v, false) },
	ParamTo:   func(q *Query, v string) error { return dateBound(&q.To, v, true) },
	ParamMin:  func(q *Query, v string) error { return amountBound(&q.Min, v) },
	ParamMax:  func(q *Query, v string) error { return amountBound(&q.Max, v) },
	ParamDeleted: func(q *Query, v string) error {
		switch v {
		case "include", "all", "yes", "true", "含む", "含める":
			q.Deleted = DeletedInclude
		case "only", "のみ":
			q.Deleted = DeletedOnly
		case "exclude", "no", "false", "除く", "":
			q.Deleted = ""
		default:
			return fmt.Errorf("%q: use include, only or exclude", v)
		}
		return nil
	},
	ParamSort: func(q *Query, v string) error {
		if _, _, err := sortField(v); err != nil {
			return err
		}
		return once(&q.Sort, v)
	},
	ParamFacets: func(q *Query, v string) error {
		for _, f := range strings.Split(v, ",") {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			if _, ok := facetFields[f]; !ok {
				return fmt.Errorf("unknown facet %q (known: %s)", f, strings.Join(FacetNames(), ", "))
			}
			if !slices.Contains(q.Facets, f) {
				q.Facets = append(q.Facets, f)
			}
		}
		return nil
	},
	ParamFacetSize: func(q *Query, v string) (err error) {
		q.FacetSize, err = parseCount(v, 0, MaxFacetSize)
		return err
	},
	ParamHighlight:  func(q *Query, v string) error { return boolParam(&q.Highlight, v) },
	ParamExactTotal: func(q *Query, v string) error { return boolParam(&q.ExactTotal, v) },
	ParamLimit: func(q *Query, v string) (err error) {
		q.Limit, err = parseCount(v, DefaultLimit, MaxLimit)
		return err
	},
	ParamOffset: func(q *Query, v string) (err error) {
		q.Offset, err = parseCount(v, 0, MaxOffset)
		return err
	},
}

func init() {
	for p := range dateFields {
		setters[p] = func(q *Query, v string) error { return q.addDateRange(p, v) }
	}
	for p := range amountFields {
		setters[p] = func(q *Query, v string) error { return q.addAmountRange(p, v) }
	}
}

// set applies parameter k. An empty value is no condition, as a form
// field left blank.
func (q *Query) set(k, v string) error {
	f, ok := setters[k]
	if !ok {
		return fmt.Errorf("unknown search parameter %q", k)
	}
	if v == "" && k != ParamHighlight && k != ParamExactTotal {
		return nil
	}
	return f(q, v)
}

// boolParam reads true or false; a bare flag (empty value) is true.
func boolParam(dst *bool, v string) (err error) {
	if v == "" {
		*dst = true
		return nil
	}
	if *dst, err = strconv.ParseBool(v); err != nil {
		return fmt.Errorf("%q: use true or false", v)
	}
	return nil
}

func knownParam(k string) bool {
	_, ok := setters[k]
	return ok || k == ParamQ
}

func paramNames() []string {
	names := []string{ParamQ}
	for k := range setters {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

var errTwice = errors.New("given twice; one value only (every condition must hold, so two different values would match nothing)")

func once(dst *string, v string) error {
	if *dst != "" && *dst != v {
		return errTwice
	}
	*dst = v
	return nil
}

// onceCode is once for a keyword filter: Japanese names are turned into
// the codes the index holds, and commas separate alternatives.
func onceCode(dst *string, v string, names map[string]string) error {
	parts := strings.Split(v, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if c, ok := names[p]; ok {
			p = c
		}
		parts[i] = p
	}
	return once(dst, strings.Join(parts, ","))
}

func dateBound(dst *time.Time, v string, upper bool) error {
	t, err := parseDateBound(v, upper)
	if err != nil {
		return err
	}
	if !dst.IsZero() && !dst.Equal(t) {
		return errTwice
	}
	*dst = t
	return nil
}

func amountBound(dst **float64, v string) error {
	a, err := parseAmount(v)
	if err != nil {
		return err
	}
	if *dst != nil && **dst != *a {
		return errTwice
	}
	*dst = a
	return nil
}

// splitRange cuts "a..b" (also a~b, a〜b); a single value is both ends.
func splitRange(v string) (lo, hi string, isRange bool) {
	for _, sep := range []string{"..", "〜", "～", "~"} {
		if a, b, ok := strings.Cut(v, sep); ok {
			return strings.TrimSpace(a), strings.TrimSpace(b), true
		}
	}
	return v, v, false
}

// addDateRange reads a range on a date field. The issue date's range is
// kept in From and To, where the older API put it.
func (q *Query) addDateRange(param, v string) error {
	lo, hi, _ := splitRange(v)
	from, err := parseDateBound(lo, false)
	if err != nil {
		return err
	}
	to, err := parseDateBound(hi, true)
	if err != nil {
		return err
	}
	if from.IsZero() && to.IsZero() {
		return fmt.Errorf("%q: give at least one end, such as 2024-01..2024-03 or 2024-04..", v)
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return fmt.Errorf("%q: the end is before the start", v)
	}
	if param == ParamDate {
		if lo != "" {
			if err := dateBound(&q.From, lo, false); err != nil {
				return err
			}
		}
		if hi != "" {
			return dateBound(&q.To, hi, true)
		}
		return nil
	}
	q.Dates = append(q.Dates, DateRange{Field: dateFields[param], From: from, To: to})
	return nil
}

// addAmountRange reads a range on an amount field; the total's goes to
// Min and Max.
func (q *Query) addAmountRange(param, v string) error {
	lo, hi, _ := splitRange(v)
	min, err := parseAmount(lo)
	if err != nil {
		return err
	}
	max, err := parseAmount(hi)
	if err != nil {
		return err
	}
	if min == nil && max == nil {
		return fmt.Errorf("%q: give at least one end, such as 10000..50000 or 10000..", v)
	}
	if min != nil && max != nil && *max < *min {
		return fmt.Errorf("%q: the upper end is below the lower", v)
	}
	if param == ParamAmount {
		if min != nil {
			if err := amountBound(&q.Min, lo); err != nil {
				return err
			}
		}
		if max != nil {
			return amountBound(&q.Max, hi)
		}
		return nil
	}
	q.Amounts = append(q.Amounts, AmountRange{Field: amountFields[param], Min: min, Max: max})
	return nil
}

// Japanese names of the codes the index holds, so that 種類:請求書 and
// 状態:要確認 work.
var (
	typeNames = map[string]string{
		"請求書": "invoice", "適格請求書": "invoice", "適格簡易請求書": "simplified_invoice",
		"領収書": "receipt", "領収証": "receipt", "レシート": "receipt", "納品書": "delivery_note",
		"見積書": "quotation", "注文書": "purchase_order", "発注書": "purchase_order",
		"支払通知書": "payment_notice", "仕入明細書": "purchase_statement", "返品伝票": "credit_note",
	}
	statusNames = map[string]string{
		"受付": "received", "OCR済": "ocr_done", "完了": "ready", "確認済": "ready",
		"要確認": "needs_review", "隔離": "quarantined",
	}
	classNames  = map[string]string{"重要": "important", "重要書類": "important", "一般": "general", "一般書類": "general", "過去分": "past"}
	originNames = map[string]string{"スキャナ": "scan", "スキャナ保存": "scan", "スキャン": "scan", "電子": "electronic", "電子取引": "electronic"}
)
