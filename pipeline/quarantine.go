package pipeline

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hibiken/asynq"

	"github.com/shohyo/shohyo/internal/docstore"
)

// quarantine stops a document for good with a reason people can act on,
// and indexes it so it shows in `search --status quarantined`.
func (p *Pipeline) quarantine(ctx context.Context, id, stage, reason string) error {
	q := docstore.Quarantine{DocID: id, Stage: stage, Reason: reason, At: p.Now().UTC()}
	if err := p.Docs.PutQuarantine(ctx, q); err != nil {
		return err
	}
	p.Log.Warn("quarantined", "doc", id, "stage", stage, "reason", reason)
	return p.enqueueDoc(ctx, TypeIndex, id)
}

// GiveUp is the asynq error handler: when a document's step has used its
// last retry on a transient fault, the document is quarantined with the
// last error, so it never just stays "in progress" unseen.
func (p *Pipeline) GiveUp(ctx context.Context, t *asynq.Task, err error) {
	retried, _ := asynq.GetRetryCount(ctx)
	maxRetry, _ := asynq.GetMaxRetry(ctx)
	if retried < maxRetry {
		p.Log.Warn("step failed, will retry", "type", t.Type(), "retry", retried, "err", err)
		return
	}
	var pl docPayload
	if json.Unmarshal(t.Payload(), &pl) != nil || pl.DocID == "" {
		p.Log.Error("step failed for good", "type", t.Type(), "payload", string(t.Payload()), "err", err)
		return
	}
	reason := fmt.Sprintf("%s step failed %d times; last error: %v", t.Type(), retried+1, err)
	if qerr := p.quarantine(context.WithoutCancel(ctx), pl.DocID, t.Type(), reason); qerr != nil {
		p.Log.Error("could not quarantine", "doc", pl.DocID, "err", qerr)
	}
}
