// Package pipeline turns an object in the inbox into a searchable record,
// in four asynq tasks, one file each:
//
//	intake  → store the original (content-addressed), note the arrival,
//	          remove it from the inbox
//	ocr     → recognise text with positions, store it
//	extract → read the fields, validate them, store record version 1
//	index   → put the latest version into the search index
//
// Every step is idempotent: it first looks at what storage already holds
// and only does what is missing, so a task run twice, or a process killed
// half-way and restarted, ends with the same state. A transient fault is
// returned to asynq, which retries with backoff; a permanent one (see
// package fault) quarantines the document with a reason and stops.
//
// The index step runs only where the index lives (serve); intake, ocr and
// extract run in any process that shares storage and Redis (serve and
// worker), which is how OCR capacity scales across machines.
package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// Task types and the queues they run on.
const (
	TypeIntake  = "shohyo:intake"
	TypeOCR     = "shohyo:ocr"
	TypeExtract = "shohyo:extract"
	TypeIndex   = "shohyo:index"

	QueueIntake  = "intake"
	QueueOCR     = "ocr"
	QueueExtract = "extract"
	QueueIndex   = "index"
)

// Recognizer turns an original's bytes into text with positions.
type Recognizer interface {
	Recognize(ctx context.Context, data []byte, name string) (*layout.Document, error)
}

// Extractor reads the fields of a document and says what needs review.
type Extractor interface {
	Extract(doc *layout.Document) (record.Fields, []record.Finding)
}

// Vendors is the vendor register as the extract step uses it: brought up
// to date before extraction (the extractor's improver reads it), and
// taught by every version 1 that confirms its issuer.
type Vendors interface {
	Refresh(ctx context.Context) error
	Learn(ctx context.Context, v, prev *record.Version, d *layout.Document) error
}

// Indexer keeps the search index.
type Indexer interface {
	Put(e index.Entry) error
}

// Enqueuer submits tasks (an *asynq.Client).
type Enqueuer interface {
	EnqueueContext(ctx context.Context, t *asynq.Task, opts ...asynq.Option) (*asynq.TaskInfo, error)
}

// Pipeline holds what the steps need. Index is nil in a worker process.
type Pipeline struct {
	Inbox     *storage.Bucket
	Originals *storage.Archive
	Docs      *docstore.Store
	OCR       Recognizer
	Extract   Extractor
	Index     Indexer
	Queue     Enqueuer
	Now       func() time.Time
	MaxBytes  int64
	MaxRetry  int
	// Machine names the extractor in version 1's actor.
	Machine string
	Log     *slog.Logger
	// Audit, if set, gets an event with the hash of every object a step
	// stores; Archival, if set, fills version 1's class, dates and
	// retain_until, which is then applied to the document's objects.
	Audit    Auditor
	Archival Archiver
	// Vendors, if set, is refreshed before extraction and learns from
	// version 1 (package vendor).
	Vendors Vendors
}

type keyPayload struct {
	Key string `json:"key"`
}

type docPayload struct {
	DocID string `json:"doc_id"`
}

// step timeouts; asynq keeps whole seconds only (libraries.md).
var timeouts = map[string]time.Duration{
	TypeIntake:  10 * time.Minute,
	TypeOCR:     30 * time.Minute,
	TypeExtract: 2 * time.Minute,
	TypeIndex:   2 * time.Minute,
}

var queues = map[string]string{
	TypeIntake: QueueIntake, TypeOCR: QueueOCR, TypeExtract: QueueExtract, TypeIndex: QueueIndex,
}

// enqueue submits a step once: the task id makes a second submission of a
// step that is still queued a no-op.
func (p *Pipeline) enqueue(ctx context.Context, typ, id string, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	_, err = p.Queue.EnqueueContext(ctx, asynq.NewTask(typ, b),
		asynq.TaskID(typ+":"+id),
		asynq.Queue(queues[typ]),
		asynq.MaxRetry(p.MaxRetry),
		asynq.Timeout(timeouts[typ]),
	)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("pipeline: enqueue %s %s: %w", typ, id, err)
	}
	return nil
}

// EnqueueIntake asks for the inbox object key to be taken in.
func (p *Pipeline) EnqueueIntake(ctx context.Context, key string) error {
	return p.enqueue(ctx, TypeIntake, key, keyPayload{Key: key})
}

func (p *Pipeline) enqueueDoc(ctx context.Context, typ, id string) error {
	return p.enqueue(ctx, typ, id, docPayload{DocID: id})
}

// Resume enqueues the next missing step of a document, from what storage
// holds. Intake calls it, and so does the reconcile pass after a restart.
func (p *Pipeline) Resume(ctx context.Context, s docstore.Summary) error {
	switch {
	case s.Quarantined || s.LatestVersion > 0:
		return p.enqueueDoc(ctx, TypeIndex, s.ID)
	case s.HasOCR:
		return p.enqueueDoc(ctx, TypeExtract, s.ID)
	default:
		return p.enqueueDoc(ctx, TypeOCR, s.ID)
	}
}

// Register adds the handlers of the steps this process runs to mux and
// returns the queues to serve with their priorities.
func (p *Pipeline) Register(mux *asynq.ServeMux) map[string]int {
	mux.HandleFunc(TypeIntake, p.handleIntake)
	mux.HandleFunc(TypeOCR, p.handleOCR)
	mux.HandleFunc(TypeExtract, p.handleExtract)
	q := map[string]int{QueueIntake: 3, QueueOCR: 2, QueueExtract: 3}
	if p.Index != nil {
		mux.HandleFunc(TypeIndex, p.handleIndex)
		q[QueueIndex] = 4
	}
	return q
}

func decode(t *asynq.Task, v any) error {
	if err := json.Unmarshal(t.Payload(), v); err != nil {
		return fmt.Errorf("pipeline: bad %s payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	return nil
}

// claim starts a document step: it decodes the task and reads what storage
// holds. When done(sum) says the step's output is already there (or can no
// longer be made), it hands the document to its next missing step and
// reports skip, which is what makes running a step twice harmless.
func (p *Pipeline) claim(ctx context.Context, t *asynq.Task, done func(docstore.Summary) bool) (sum docstore.Summary, skip bool, err error) {
	id, err := decodeDoc(t)
	if err != nil {
		return sum, true, err
	}
	if sum, err = p.Docs.Summarize(ctx, id); err != nil {
		return sum, true, err
	}
	if done(sum) {
		return sum, true, p.Resume(ctx, sum)
	}
	return sum, false, nil
}

func decodeDoc(t *asynq.Task) (string, error) {
	var p docPayload
	if err := decode(t, &p); err != nil {
		return "", err
	}
	if !record.ValidDocID(p.DocID) {
		return "", fmt.Errorf("pipeline: bad doc id %q: %w", p.DocID, asynq.SkipRetry)
	}
	return p.DocID, nil
}
