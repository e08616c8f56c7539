package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	return p.entryOf(ctx, sum)
}

// entryOf is Entry for a document whose keys were listed already.
func (p *Pipeline) entryOf(ctx context.Context, sum docstore.Summary) (index.Entry, error) {
	id := sum.ID
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
	s.Scan = summarizeScan(d.Pages)
	return s
}

// summarizeScan finds the weakest scanned page. Born-digital pages and
// pages rendered by shohyo (whose dpi and colour are shohyo's choice, not
// the scanner's) are not scans to judge.
func summarizeScan(pages []layout.Page) *record.ScanSummary {
	var s *record.ScanSummary
	for _, pg := range pages {
		sc := pg.Scan
		if sc.Format == "pdf-text" || (sc.Format == "pdf-image" && sc.DPISource == "assumed") {
			continue
		}
		if s == nil {
			s = &record.ScanSummary{}
		}
		if sc.DPISource != "assumed" && (s.LowestDPIPage == 0 || sc.DPI < s.LowestDPI) {
			s.LowestDPI, s.LowestDPIPage = sc.DPI, pg.Number
		}
		if sc.ColorMode != "rgb" && sc.ColorMode != "cmyk" || sc.BitDepth < 24 {
			s.NotColourPages = append(s.NotColourPages, pg.Number)
		}
	}
	return s
}

// Rebuild passes the entry of every document in storage to add, in doc
// id order, calling progress after each (total is counted by a first,
// cheap key listing).
func (p *Pipeline) Rebuild(ctx context.Context, add func(index.Entry) error, progress func(done, total int)) error {
	return p.RebuildAfter(ctx, "", add, progress)
}

// Reading entries is a few storage round trips each, so a chunk of
// documents is read by several goroutines at once, then added in order
// (the index builder's checkpoint relies on it).
const (
	rebuildChunk   = 256
	rebuildReaders = 8
)

// RebuildAfter is Rebuild resumed after the document after (as
// index.Builder.After says): those up to it are skipped, counted as done.
func (p *Pipeline) RebuildAfter(ctx context.Context, after string, add func(index.Entry) error, progress func(done, total int)) error {
	total, done := 0, 0
	err := p.Docs.Scan(ctx, func(s docstore.Summary) error {
		total++
		if after != "" && s.ID <= after {
			done++
		}
		return nil
	})
	if err != nil {
		return err
	}
	var chunk []docstore.Summary
	flush := func() error {
		entries, err := p.readEntries(ctx, chunk)
		chunk = chunk[:0]
		if err != nil {
			return err
		}
		for _, e := range entries {
			if e.DocID == "" {
				continue // removed between the listing and the read
			}
			if err := add(e); err != nil {
				return err
			}
			done++
			progress(done, total)
		}
		return nil
	}
	err = p.Docs.Scan(ctx, func(s docstore.Summary) error {
		if after != "" && s.ID <= after {
			return nil
		}
		if chunk = append(chunk, s); len(chunk) >= rebuildChunk {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// readEntries reads the entries of sums concurrently, in their order; a
// document gone meanwhile leaves a zero Entry.
func (p *Pipeline) readEntries(ctx context.Context, sums []docstore.Summary) ([]index.Entry, error) {
	out := make([]index.Entry, len(sums))
	errs := make([]error, len(sums))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(rebuildReaders, len(sums)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				e, err := p.entryOf(ctx, sums[i])
				if errors.Is(err, storage.ErrNotFound) {
					continue
				}
				out[i], errs[i] = e, err
			}
		}()
	}
	for i := range sums {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("pipeline: rebuild: %w", err)
	}
	return out, nil
}

// CheckIndex tells whether the index holds exactly the current state of
// every document in storage, and nothing else (verify calls it). The
// storage side comes from one key listing; only documents found missing
// are read, to excuse those of fiscal years dropped from the index (the
// first index.MaxReported of them: beyond that the count stays high).
func (p *Pipeline) CheckIndex(ctx context.Context, x *index.Index) (*index.CheckReport, error) {
	r, err := x.Check(ctx, func(fn func(index.Fingerprint) error) error {
		return p.Docs.Scan(ctx, func(s docstore.Summary) error { return fn(expectedFingerprint(s)) })
	})
	if err != nil {
		return nil, err
	}
	_, dropped, err := x.Years()
	if err != nil || len(dropped) == 0 {
		return r, err
	}
	missing := r.Missing[:0]
	for _, id := range r.Missing {
		e, err := p.Entry(ctx, id)
		if err != nil {
			return nil, err
		}
		if slices.Contains(dropped, x.Options().YearOf(&e)) {
			r.MissingCount--
			continue
		}
		missing = append(missing, id)
	}
	r.Missing = missing
	return r, nil
}

// expectedFingerprint is what Entry will show of a document, as far as
// its keys tell: the version number stands for the record's status.
func expectedFingerprint(s docstore.Summary) index.Fingerprint {
	f := index.Fingerprint{DocID: s.ID, Version: s.LatestVersion, Status: s.Status(), Arrivals: s.Receipts, Deleted: s.Deleted}
	if s.Quarantined {
		f.Version = 0 // Entry stops at the quarantine
	}
	return f
}
