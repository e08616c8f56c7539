package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

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

// RetryDelay is the backoff between attempts of a step. A step whose
// process died (its lease expired) is taken again at once: nothing was
// wrong with it. Transient faults back off 1 s, 2 s, 4 s … up to 5 min,
// with jitter so that many documents hitting the same outage do not
// retry in lockstep.
func RetryDelay(n int, err error, _ *asynq.Task) time.Duration {
	if errors.Is(err, asynq.ErrLeaseExpired) {
		return time.Second
	}
	d := time.Second << min(n, 9)
	d += rand.N(d/2 + 1)
	return min(d, 5*time.Minute)
}
