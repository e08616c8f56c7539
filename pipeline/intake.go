package pipeline

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// InboxQuarantine is the inbox prefix where files that cannot even be
// stored (too large) are moved, each with a .reason.txt next to it.
// Watchers skip it.
const InboxQuarantine = "_quarantine/"

// UploadPrefix is where API uploads are put in the inbox.
const UploadPrefix = "uploads/"

// handleIntake moves one inbox object into the archive. Order: original,
// receipt, next step enqueued, and only then the inbox object deleted, so
// a crash at any point leaves the object in the inbox to be taken again.
func (p *Pipeline) handleIntake(ctx context.Context, t *asynq.Task) error {
	var pl keyPayload
	if err := decode(t, &pl); err != nil {
		return err
	}
	info, err := p.Inbox.Stat(ctx, pl.Key)
	if errors.Is(err, storage.ErrNotFound) {
		return nil // taken by an earlier run of this step
	}
	if err != nil {
		return err
	}
	if info.Size > p.MaxBytes {
		reason := fmt.Sprintf("file is %d bytes, larger than the limit of %d bytes (SHOHYO_MAX_BYTES)", info.Size, p.MaxBytes)
		return p.quarantineInbox(ctx, info, reason)
	}
	sha, mediaType, err := p.storeOriginal(ctx, info)
	if err != nil {
		if fault.IsPermanent(err) {
			return p.quarantineInbox(ctx, info, fault.Reason(err))
		}
		return err
	}
	id := record.DocID(sha)
	r := docstore.Receipt{
		DocID: id, SHA256: sha, Size: info.Size, Name: path.Base(pl.Key), MediaType: mediaType,
		Source: pl.Key, Via: via(pl.Key), ReceivedAt: p.Now().UTC(),
	}
	rid := docstore.ReceiptID(pl.Key, info.ModTime)
	if err := p.Docs.AddReceipt(ctx, r, rid); err != nil {
		return err
	}
	if err := p.auditOriginal(ctx, id, sha); err != nil {
		return err
	}
	if err := p.auditRef(ctx, audit.Received, id, docstore.ReceiptKey(id, rid)); err != nil {
		return err
	}
	sum, err := p.Docs.Summarize(ctx, id)
	if err != nil {
		return err
	}
	if sum.Receipts > 1 {
		p.Log.Info("duplicate file: same content as an earlier document", "key", pl.Key, "doc", id, "arrivals", sum.Receipts)
	}
	if err := p.Resume(ctx, sum); err != nil {
		return err
	}
	if err := p.Inbox.Delete(ctx, pl.Key); err != nil {
		return err
	}
	p.Log.Info("received", "key", pl.Key, "doc", id, "bytes", info.Size)
	return nil
}

// storeOriginal copies the inbox object into the archive and checks that
// it did not change meanwhile (a local file still being written).
func (p *Pipeline) storeOriginal(ctx context.Context, info storage.Info) (sha, mediaType string, err error) {
	rc, err := p.Inbox.Open(ctx, info.Key)
	if err != nil {
		return "", "", err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 4096)
	head, _ := br.Peek(512)
	mediaType = http.DetectContentType(head)
	sha, size, err := p.Originals.PutOriginal(ctx, br, p.MaxBytes)
	if err != nil {
		return "", "", err
	}
	now, err := p.Inbox.Stat(ctx, info.Key)
	if err != nil {
		return "", "", err
	}
	if size != info.Size || !now.ModTime.Equal(info.ModTime) || now.Size != info.Size {
		return "", "", fmt.Errorf("pipeline: %s changed while it was read (still being written?); will retry", info.Key)
	}
	return sha, mediaType, nil
}

func via(key string) string {
	if strings.HasPrefix(key, UploadPrefix) {
		return "upload"
	}
	return "inbox"
}

// quarantineInbox moves a file that cannot be archived to the inbox's
// quarantine area with its reason, so nothing is lost.
func (p *Pipeline) quarantineInbox(ctx context.Context, info storage.Info, reason string) error {
	stamp := p.Now().UTC().Format("20060102T150405Z")
	dst := InboxQuarantine + stamp + "-" + strings.ReplaceAll(info.Key, "/", "_")
	rc, err := p.Inbox.Open(ctx, info.Key)
	if err != nil {
		return err
	}
	err = p.Inbox.Create(ctx, dst, rc, info.Size, info.ContentType)
	rc.Close()
	if err != nil && !errors.Is(err, storage.ErrExists) {
		return err
	}
	note := fmt.Sprintf("%s\nfile: %s\nquarantined: %s\n", reason, info.Key, p.Now().UTC().Format(time.RFC3339))
	if err := p.Inbox.Create(ctx, dst+".reason.txt", strings.NewReader(note), int64(len(note)), "text/plain; charset=utf-8"); err != nil && !errors.Is(err, storage.ErrExists) {
		return err
	}
	p.Log.Warn("quarantined in inbox", "key", info.Key, "to", dst, "reason", reason)
	return p.Inbox.Delete(ctx, info.Key)
}
