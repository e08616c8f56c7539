package index

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Query is the one query model of shohyo: every condition given must hold
// (AND), as the Electronic Bookkeeping Act's search rules ask. Zero values
// mean "no condition".
type Query struct {
	Counterparty string    // issuer or recipient name, partial, Japanese or Latin
	From, To     time.Time // issue date range, both ends inclusive
	Min, Max     *float64  // total amount range, both ends inclusive
	Text         string    // words in the recognised text
	Status       string
	Type         string // document type
	Limit        int
	Offset       int
}

// Query parameter names, shared by the API and the CLI.
const (
	ParamCounterparty = "counterparty"
	ParamFrom         = "from"
	ParamTo           = "to"
	ParamMin          = "min"
	ParamMax          = "max"
	ParamText         = "text"
	ParamStatus       = "status"
	ParamType         = "type"
	ParamLimit        = "limit"
	ParamOffset       = "offset"
)

// DefaultLimit and MaxLimit bound a page of hits.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

var knownParams = map[string]bool{
	ParamCounterparty: true, ParamFrom: true, ParamTo: true, ParamMin: true, ParamMax: true,
	ParamText: true, ParamStatus: true, ParamType: true, ParamLimit: true, ParamOffset: true,
}

// ParseValues reads a Query from URL parameters, with an error that says
// which parameter is wrong and what it should look like.
func ParseValues(v url.Values) (Query, error) {
	q := Query{Limit: DefaultLimit}
	for k := range v {
		if !knownParams[k] {
			return q, fmt.Errorf("unknown search parameter %q (known: counterparty, from, to, min, max, text, status, type, limit, offset)", k)
		}
	}
	q.Counterparty = strings.TrimSpace(v.Get(ParamCounterparty))
	q.Text = strings.TrimSpace(v.Get(ParamText))
	q.Status = strings.TrimSpace(v.Get(ParamStatus))
	q.Type = strings.TrimSpace(v.Get(ParamType))
	var err error
	if q.From, err = parseDateBound(v.Get(ParamFrom), false); err != nil {
		return q, fmt.Errorf("from: %w", err)
	}
	if q.To, err = parseDateBound(v.Get(ParamTo), true); err != nil {
		return q, fmt.Errorf("to: %w", err)
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return q, fmt.Errorf("to (%s) is before from (%s)", v.Get(ParamTo), v.Get(ParamFrom))
	}
	if q.Min, err = parseAmount(v.Get(ParamMin)); err != nil {
		return q, fmt.Errorf("min: %w", err)
	}
	if q.Max, err = parseAmount(v.Get(ParamMax)); err != nil {
		return q, fmt.Errorf("max: %w", err)
	}
	if q.Min != nil && q.Max != nil && *q.Max < *q.Min {
		return q, fmt.Errorf("max (%v) is below min (%v)", *q.Max, *q.Min)
	}
	if q.Limit, err = parseCount(v.Get(ParamLimit), DefaultLimit, MaxLimit); err != nil {
		return q, fmt.Errorf("limit: %w", err)
	}
	if q.Offset, err = parseCount(v.Get(ParamOffset), 0, 1<<30); err != nil {
		return q, fmt.Errorf("offset: %w", err)
	}
	return q, nil
}

// Values is the inverse of ParseValues, for clients.
func (q Query) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set(ParamCounterparty, q.Counterparty)
	set(ParamText, q.Text)
	set(ParamStatus, q.Status)
	set(ParamType, q.Type)
	if !q.From.IsZero() {
		v.Set(ParamFrom, q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		v.Set(ParamTo, q.To.Format(time.DateOnly))
	}
	if q.Min != nil {
		v.Set(ParamMin, strconv.FormatFloat(*q.Min, 'f', -1, 64))
	}
	if q.Max != nil {
		v.Set(ParamMax, strconv.FormatFloat(*q.Max, 'f', -1, 64))
	}
	if q.Limit != 0 && q.Limit != DefaultLimit {
		v.Set(ParamLimit, strconv.Itoa(q.Limit))
	}
	if q.Offset != 0 {
		v.Set(ParamOffset, strconv.Itoa(q.Offset))
	}
	return v
}

// parseDateBound accepts YYYY, YYYY-MM or YYYY-MM-DD (also with /); an
// upper bound of a year or month means its last day.
func parseDateBound(s string, upper bool) (time.Time, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "/", "-")
	if s == "" {
		return time.Time{}, nil
	}
	for _, f := range []struct {
		layout string
		add    func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, -1) }},
	} {
		if t, err := time.Parse(f.layout, s); err == nil {
			if upper {
				t = f.add(t)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date: use YYYY-MM-DD, YYYY-MM or YYYY", s)
}

func parseAmount(s string) (*float64, error) {
	s = strings.NewReplacer(",", "", "¥", "", "￥", "", "円", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e15 {
		return nil, fmt.Errorf("%q is not an amount: use a number such as 10000 or 9.50", s)
	}
	return &f, nil
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
