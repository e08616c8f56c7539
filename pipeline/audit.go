package pipeline

import (
	"context"
	"fmt"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// Auditor appends to the audit trail (an *audit.Log).
type Auditor interface {
	Append(ctx context.Context, ev audit.Event) (audit.Event, error)
}

// Archiver derives a version's archival facts and retention
// (a *retention.Policy).
type Archiver interface {
	Apply(prev, v *record.Version) error
}

// audit appends the event of a step after the step's object is stored
// (write order: object, then its event), naming the object and the hash
// of its bytes so a later change to it is detectable. Without an Audit
// log (tests of other parts) it does nothing. A failure is returned: the
// step is retried, and its object, already stored, is found again.
func (p *Pipeline) audit(ctx context.Context, typ, id string, ref docstore.Ref) error {
	if p.Audit == nil {
		return nil
	}
	_, err := p.Audit.Append(ctx, audit.Event{
		Type: typ, Actor: audit.Actor{Kind: record.ActorMachine, Name: p.Machine},
		DocID: id, Object: ref.Key, SHA256: ref.SHA256,
	})
	if err != nil {
		return fmt.Errorf("pipeline: audit %s of %s: %w", typ, id, err)
	}
	return nil
}

// auditRef reads back the hash of a stored object and logs its event.
func (p *Pipeline) auditRef(ctx context.Context, typ, id, key string) error {
	if p.Audit == nil {
		return nil
	}
	ref, err := p.Docs.Ref(ctx, key)
	if err != nil {
		return err
	}
	return p.audit(ctx, typ, id, ref)
}

// auditOriginal logs the stored original; its key is its hash.
func (p *Pipeline) auditOriginal(ctx context.Context, id, sha string) error {
	return p.audit(ctx, audit.Stored, id, docstore.Ref{Key: storage.OriginalKey(sha), SHA256: sha})
}

// EnqueueIndex asks for a document to be indexed again, after a
// correction or deletion made through the API.
func (p *Pipeline) EnqueueIndex(ctx context.Context, id string) error {
	return p.enqueueDoc(ctx, TypeIndex, id)
}
