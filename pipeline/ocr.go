package pipeline

import (
	"bytes"
	"context"
	"fmt"

	"github.com/hibiken/asynq"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/fault"
)

// handleOCR recognises the text of a document's original and stores it.
// The original is read through the archive, which verifies its hash.
func (p *Pipeline) handleOCR(ctx context.Context, t *asynq.Task) error {
	sum, skip, err := p.claim(ctx, t, func(s docstore.Summary) bool {
		return s.Quarantined || s.HasOCR || s.LatestVersion > 0
	})
	if skip {
		return err
	}
	id := sum.ID
	rs, err := p.Docs.Receipts(ctx, id)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return fmt.Errorf("pipeline: ocr %s: no receipt yet", id)
	}
	rc, err := p.Originals.OpenOriginal(ctx, rs[0].SHA256)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	_, err = buf.ReadFrom(rc)
	rc.Close()
	if err != nil {
		return fmt.Errorf("pipeline: read original of %s: %w", id, err)
	}
	doc, err := p.OCR.Recognize(ctx, buf.Bytes(), rs[0].Name)
	if fault.IsPermanent(err) {
		return p.quarantine(ctx, id, "ocr", fault.Reason(err))
	}
	if err != nil {
		return fmt.Errorf("pipeline: ocr %s: %w", id, err)
	}
	if err := p.Docs.PutOCR(ctx, id, doc); err != nil {
		return err
	}
	if err := p.auditRef(ctx, audit.OCRDone, id, docstore.OCRKey(id)); err != nil {
		return err
	}
	p.Log.Info("ocr done", "doc", id, "pages", len(doc.Pages))
	return p.enqueueDoc(ctx, TypeExtract, id)
}
