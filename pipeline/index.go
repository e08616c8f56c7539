package pipeline

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// handleIndex puts a document's current state into the search index.
func (p *Pipeline) handleIndex(ctx context.Context, t *asynq.Task) error {
	id, err := decodeDoc(t)
	if err != nil {
		return err
	}
	e, err := p.Entry(ctx, id)
	if err != nil {
		return err
	}
	return p.Index.Put(e)
}

// Entry derives the index entry of a document from storage alone, which
// is what makes the index rebuildable.
func (p *Pipeline) Entry(ctx context.Context, id string) (index.Entry, error) {
	sum, err := p.Docs.Summarize(ctx, id)
	if err != nil {
		return index.Entry{}, err
	}
	rs, err := p.Docs.Receipts(ctx, id)
	if err != nil {
		return index.Entry{}, err
	}
	e := index.Entry{DocID: id, Status: sum.Status(), Arrivals: len(rs), Deleted: sum.Deleted}
	if len(rs) > 0 {
		e.FileName, e.ReceivedAt = rs[0].Name, rs[0].ReceivedAt
	}
	if sum.Quarantined {
		q, err := p.Docs.QuarantineOf(ctx, id)
		if err != nil {
			return e, err
		}
		e.Reason = q.Reason
		return e, nil
	}
	if sum.HasOCR {
		doc, err := p.Docs.OCR(ctx, id)
		if err != nil {
			return e, err
		}
		e.Text = doc.Text()
	}
	if sum.LatestVersion == 0 {
		return e, nil
	}
	v, err := p.Docs.Latest(ctx, id)
	if err != nil {
		return e, err
	}
	fillFromVersion(&e, v)
	return e, nil
}

// FillFromVersion copies what search needs from a record version into e;
// exported so the search benchmark indexes through this same code.
func FillFromVersion(e *index.Entry, v *record.Version) { fillFromVersion(e, v) }

func fillFromVersion(e *index.Entry, v *record.Version) {
	f := v.Fields
	val := func(x *record.Field) string {
		if x == nil {
			return ""
		}
		return x.Value
	}
	date := func(x *record.Field) time.Time {
		d, _ := time.Parse(time.DateOnly, val(x)) // zero when absent or malformed
		return d
	}
	amount := func(x *record.Field) *float64 {
		n, err := strconv.ParseFloat(val(x), 64)
		if err != nil {
			return nil
		}
		return &n
	}
	e.Status = v.Status
	e.Version = v.Version
	e.IssuerName = val(f.IssuerName)
	e.IssuerExact = index.ExactName(e.IssuerName)
	e.Recipient = val(f.Recipient)
	e.RegistrationNumber = val(f.RegistrationNumber)
	e.InvoiceNumber = val(f.InvoiceNumber)
	e.VoucherNumber = val(f.VoucherNumber)
	e.DocumentType = val(f.DocumentType)
	e.Currency = val(f.Currency)
	e.IssueDate = date(f.IssueDate)
	e.TransactionDate = date(f.TransactionDate)
	e.DueDate = date(f.DueDate)
	if e.Total = amount(f.Total); e.Total != nil {
		e.TotalText = val(f.Total)
	}
	e.Subtotal = amount(f.Subtotal)
	e.Tax = taxOf(f.TaxLines)
	if a := v.Archival; a != nil {
		e.Class, e.Origin = a.Class, a.Origin
	}
	var reasons []string
	for _, x := range v.Findings {
		reasons = append(reasons, x.Message)
	}
	e.Reason = strings.Join(reasons, "; ")
}

// taxOf is the consumption tax of all rates together, nil when no rate
// states its tax.
func taxOf(tl *record.TaxLines) *float64 {
	if tl == nil {
		return nil
	}
	var sum float64
	found := false
	for _, l := range tl.Value {
		if n, err := strconv.ParseFloat(l.Tax, 64); err == nil {
			sum += n
			found = true
		}
	}
	if !found {
		return nil
	}
	return &sum
}

func summarizeOCR(d *layout.Document) *record.OCRSummary {
	s := &record.OCRSummary{Pages: len(d.Pages), Engine: d.Engine}
	for _, pg := range d.Pages {
		s.MeanConfidence += pg.MeanConf
	}
	if len(d.Pages) > 0 {
		s.MeanConfidence /= float64(len(d.Pages))
	}
	return s
}

// Rebuild passes the entry of every document in storage to add, calling
// progress after each (total is counted by a first, cheap key listing).
func (p *Pipeline) Rebuild(ctx context.Context, add func(index.Entry) error, progress func(done, total int)) error {
	total := 0
	if err := p.Docs.Scan(ctx, func(docstore.Summary) error { total++; return nil }); err != nil {
		return err
	}
	done := 0
	return p.Docs.Scan(ctx, func(s docstore.Summary) error {
		e, err := p.Entry(ctx, s.ID)
		if errors.Is(err, storage.ErrNotFound) {
			return nil // removed between the listing and the read
		}
		if err != nil {
			return err
		}
		if err := add(e); err != nil {
			return err
		}
		done++
		progress(done, total)
		return nil
	})
}
