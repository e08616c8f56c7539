package index

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Hit is one found document.
type Hit struct {
	Entry
	Score float64 `json:"score"`
}

// Result is one page of hits and how many there are in all.
type Result struct {
	Total uint64        `json:"total"`
	Hits  []Hit         `json:"hits"`
	Took  time.Duration `json:"took_ns"`
}

// Search runs q. Hits are ordered by issue date, newest first, then by id,
// so paging is stable.
func (x *Index) Search(q Query) (*Result, error) {
	req := bleve.NewSearchRequestOptions(q.bleve(), q.Limit, q.Offset, false)
	req.Fields = []string{"*"}
	req.SortByCustom(search.SortOrder{
		&search.SortField{Field: "issue_date", Desc: true, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast},
		&search.SortDocID{},
	})
	x.mu.RLock()
	res, err := x.b.Search(req)
	x.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	out := &Result{Total: res.Total, Took: res.Took, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{Entry: entryFromFields(h.ID, h.Fields), Score: h.Score})
	}
	return out, nil
}

func (q Query) bleve() query.Query {
	var must []query.Query
	if q.Counterparty != "" {
		must = append(must, bleve.NewDisjunctionQuery(phrase(q.Counterparty, "issuer_name"), phrase(q.Counterparty, "recipient")))
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		var from, to time.Time
		if !q.From.IsZero() {
			from = q.From
		}
		if !q.To.IsZero() {
			to = q.To.AddDate(0, 0, 1) // exclusive end of the last day
		}
		inc, exc := true, false
		r := bleve.NewDateRangeInclusiveQuery(from, to, &inc, &exc)
		r.SetField("issue_date")
		must = append(must, r)
	}
	if q.Min != nil || q.Max != nil {
		inc := true
		r := bleve.NewNumericRangeInclusiveQuery(q.Min, q.Max, &inc, &inc)
		r.SetField("total")
		must = append(must, r)
	}
	if q.Text != "" {
		m := bleve.NewMatchQuery(q.Text)
		m.SetField("text")
		m.SetOperator(query.MatchQueryOperatorAnd)
		must = append(must, m)
	}
	for field, v := range map[string]string{"status": q.Status, "document_type": q.Type} {
		if v != "" {
			t := bleve.NewTermQuery(v)
			t.SetField(field)
			must = append(must, t)
		}
	}
	if len(must) == 0 {
		return bleve.NewMatchAllQuery()
	}
	return bleve.NewConjunctionQuery(must...)
}

func phrase(s, field string) query.Query {
	p := bleve.NewMatchPhraseQuery(s)
	p.SetField(field)
	return p
}

func entryFromFields(id string, f map[string]any) Entry {
	str := func(k string) string { s, _ := f[k].(string); return s }
	num := func(k string) (float64, bool) { n, ok := f[k].(float64); return n, ok }
	date := func(k string) time.Time {
		t, _ := time.Parse(time.RFC3339, str(k))
		return t
	}
	e := Entry{
		DocID: id, IssuerName: str("issuer_name"), Recipient: str("recipient"),
		RegistrationNumber: str("registration_number"), InvoiceNumber: str("invoice_number"),
		DocumentType: str("document_type"), Currency: str("currency"), Status: str("status"),
		Reason: str("reason"), FileName: str("file_name"), TotalText: str("total_text"),
		IssueDate: date("issue_date"), ReceivedAt: date("received_at"),
	}
	if n, ok := num("total"); ok {
		e.Total = &n
	}
	if n, ok := num("version"); ok {
		e.Version = int(n)
	}
	if n, ok := num("arrivals"); ok {
		e.Arrivals = int(n)
	}
	return e
}
