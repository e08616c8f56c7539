package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/hibiken/asynq"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/record"
)

// handleExtract reads the fields from the stored OCR result and writes
// record version 1, written by the machine.
func (p *Pipeline) handleExtract(ctx context.Context, t *asynq.Task) error {
	sum, skip, err := p.claim(ctx, t, func(s docstore.Summary) bool {
		return s.Quarantined || s.LatestVersion > 0 || !s.HasOCR
	})
	if skip {
		return err
	}
	id := sum.ID
	doc, err := p.Docs.OCR(ctx, id)
	if err != nil {
		return err
	}
	rs, err := p.Docs.Receipts(ctx, id)
	if err != nil {
		return err
	}
	if p.Vendors != nil {
		// The extractor's vendor improver reads the register as of now.
		if err := p.Vendors.Refresh(ctx); err != nil {
			return err
		}
	}
	fields, findings := p.Extract.Extract(doc)
	v := &record.Version{
		DocID:     id,
		CreatedAt: p.Now().UTC(),
		Actor:     record.Actor{Kind: record.ActorMachine, Name: p.Machine},
		Original: record.Original{
			SHA256: rs[0].SHA256, Size: rs[0].Size, Name: rs[0].Name,
			MediaType: rs[0].MediaType, ReceivedAt: rs[0].ReceivedAt,
		},
		Status:   record.StatusReady,
		Findings: findings,
		Fields:   fields,
		OCR:      summarizeOCR(doc),
	}
	if p.Archival != nil {
		// Class, dates, input-deadline check and retain_until; a late
		// input adds a finding, so it counts below.
		if err := p.Archival.Apply(nil, v); err != nil {
			return fmt.Errorf("pipeline: archival facts of %s: %w", id, err)
		}
	}
	if len(v.Findings) > 0 {
		v.Status = record.StatusNeedsReview
	}
	if p.Vendors != nil {
		// The register learns before the version is stored: a crash in
		// between leaves facts of a version 1 that the retry writes again
		// (the same keys), never a confirmed version without its facts.
		v.Version = 1
		if err := p.Vendors.Learn(ctx, v, nil, doc); err != nil {
			return fmt.Errorf("pipeline: vendor register for %s: %w", id, err)
		}
	}
	ref, err := p.Docs.AppendVersionRef(ctx, v)
	if errors.Is(err, docstore.ErrConflict) {
		p.Log.Info("version 1 already written by another worker", "doc", id)
	} else if err != nil {
		return err
	} else {
		if err := p.audit(ctx, audit.Extracted, id, ref); err != nil {
			return err
		}
		if v.Archival != nil {
			if err := p.Docs.Lock(ctx, id, v.Archival.RetainUntil); err != nil {
				return fmt.Errorf("pipeline: retention of %s: %w", id, err)
			}
		}
	}
	p.Log.Info("extracted", "doc", id, "status", v.Status)
	return p.enqueueDoc(ctx, TypeIndex, id)
}
