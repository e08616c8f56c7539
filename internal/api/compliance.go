package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/verify"
)

// Auditor appends to the audit trail (an *audit.Log).
type Auditor interface {
	Append(ctx context.Context, ev audit.Event) (audit.Event, error)
}

// Compliance is what the correction, deletion, history, verification and
// original-access routes need beyond the document store.
type Compliance struct {
	Audit Auditor
	// Reindex asks for a document's index entry to be rebuilt from
	// storage after a correction or deletion.
	Reindex func(ctx context.Context, id string) error
	Verify  *verify.Scheduler
}

// maxBodyBytes bounds a JSON request body of these routes.
const maxBodyBytes = 1 << 20

// CorrectionRequest is the body of POST /documents/{id}/corrections.
// The person is the token's user, never a name in the body.
type CorrectionRequest struct {
	Reason string            `json:"reason"`
	Set    map[string]string `json:"set"`
}

// DeletionRequest is the body of POST /documents/{id}/deletion.
type DeletionRequest struct {
	Reason string `json:"reason"`
}

// LegalHoldRequest is the body of POST /documents/{id}/legal-hold.
type LegalHoldRequest struct {
	Reason string `json:"reason"`
	Hold   bool   `json:"hold"` // false lifts the hold
}

// VerifyRequest is the body of POST /verify: dates YYYY-MM-DD (Japan),
// from inclusive, to inclusive; both optional.
type VerifyRequest struct {
	From string `json:"from"`
	To   string `json:"to"`
}

func (s *Server) compliance(w http.ResponseWriter) bool {
	if s.Compliance == nil || s.Compliance.Audit == nil {
		writeError(w, http.StatusServiceUnavailable, "not_configured", "the audit trail is not configured in this server")
		return false
	}
	return true
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "request body: "+err.Error())
		return false
	}
	return true
}

// event logs an event after the action it records; the action already
// happened, so a failure is logged loudly and reported to the client,
// and verification reports the object without an event.
func (s *Server) event(ctx context.Context, ev audit.Event) error {
	if _, err := s.Compliance.Audit.Append(ctx, ev); err != nil {
		s.Log.Error("audit event not stored", "type", ev.Type, "doc", ev.DocID, "err", err)
		return err
	}
	return nil
}

func (s *Server) reindexDoc(ctx context.Context, id string) {
	if s.Compliance.Reindex == nil {
		return
	}
	if err := s.Compliance.Reindex(ctx, id); err != nil {
		s.Log.Warn("reindex after change", "doc", id, "err", err)
	}
}

// docError maps docstore errors of corrections and deletions.
func (s *Server) docError(w http.ResponseWriter, id string, err error) {
	var ve *docstore.ValueError
	switch {
	case errors.As(err, &ve):
		writeError(w, http.StatusUnprocessableEntity, "bad_value", ve.Field+": "+quote(ve.Value)+" is not "+ve.Want)
	case errors.Is(err, docstore.ErrUnknownField):
		writeError(w, http.StatusUnprocessableEntity, "unknown_field", strings.TrimPrefix(err.Error(), "docstore: "))
	case errors.Is(err, docstore.ErrDeleted):
		writeError(w, http.StatusConflict, "deleted", "document "+id+" is deleted; it can be read but not changed")
	case errors.Is(err, docstore.ErrNoChange):
		writeError(w, http.StatusUnprocessableEntity, "no_change", "the correction changes nothing")
	case errors.Is(err, docstore.ErrConflict):
		writeError(w, http.StatusConflict, "conflict", "another correction was stored at the same time; reload and try again")
	case errors.Is(err, storage.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", "document "+id+" has no record version yet")
	case strings.HasPrefix(err.Error(), "docstore:") || strings.HasPrefix(err.Error(), "retention:"):
		writeError(w, http.StatusUnprocessableEntity, "invalid", err.Error())
	default:
		s.storageError(w, "document "+id, err)
	}
}

func (s *Server) correct(w http.ResponseWriter, r *http.Request) {
	id, ok := s.docID(w, r)
	if !ok || !s.compliance(w) {
		return
	}
	var req CorrectionRequest
	if !decodeBody(w, r, &req) {
		return
	}
	ctx := r.Context()
	v, ref, err := s.Docs.Correct(ctx, id, who(r), req.Reason, req.Set)
	if err != nil && v == nil {
		s.docError(w, id, err)
		return
	}
	warning := ""
	if err != nil { // stored, retention not applied
		s.Log.Error("correction stored without retention", "doc", id, "err", err)
		warning = err.Error()
	}
	if err := s.event(ctx, eventFor(r, audit.Event{Type: audit.Corrected, DocID: id,
		Object: ref.Key, SHA256: ref.SHA256, Detail: map[string]string{"reason": req.Reason}})); err != nil {
		warning = "stored, but the audit event failed: " + err.Error()
	}
	if vw := s.learnFromCorrection(ctx, id, v); vw != "" && warning == "" {
		warning = vw
	}
	s.reindexDoc(ctx, id)
	writeJSON(w, http.StatusCreated, map[string]any{"doc_id": id, "version": v, "object": ref, "warning": warning})
}

func (s *Server) deletion(w http.ResponseWriter, r *http.Request) {
	id, ok := s.docID(w, r)
	if !ok || !s.compliance(w) {
		return
	}
	var req DeletionRequest
	if !decodeBody(w, r, &req) {
		return
	}
	ctx := r.Context()
	d, ref, err := s.Docs.Delete(ctx, id, who(r), req.Reason)
	if err != nil && d == nil {
		s.docError(w, id, err)
		return
	}
	warning := ""
	if err != nil {
		s.Log.Error("deletion marker stored without retention", "doc", id, "err", err)
		warning = err.Error()
	}
	if err := s.event(ctx, eventFor(r, audit.Event{Type: audit.Deleted, DocID: id,
		Object: ref.Key, SHA256: ref.SHA256, Detail: map[string]string{"reason": req.Reason}})); err != nil {
		warning = "stored, but the audit event failed: " + err.Error()
	}
	s.reindexDoc(ctx, id)
	writeJSON(w, http.StatusCreated, map[string]any{"doc_id": id, "deletion": d, "object": ref, "warning": warning})
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	id, ok := s.docID(w, r)
	if !ok {
		return
	}
	h, err := s.Docs.History(r.Context(), id)
	if err != nil {
		s.storageError(w, "document "+id, err)
		return
	}
	writeJSON(w, http.StatusOK, h)
}

// jst is where the dates of a verify request are days.
var jst = time.FixedZone("JST", 9*60*60)

func (s *Server) verifyRun(w http.ResponseWriter, r *http.Request) {
	if s.Compliance == nil || s.Compliance.Verify == nil {
		writeError(w, http.StatusServiceUnavailable, "not_configured", "verification is not configured in this server")
		return
	}
	var req VerifyRequest
	if r.ContentLength != 0 && !decodeBody(w, r, &req) {
		return
	}
	var from, to time.Time
	for _, d := range []struct {
		in   string
		out  *time.Time
		next bool
	}{{req.From, &from, false}, {req.To, &to, true}} {
		if d.in == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, d.in, jst)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_date", "dates are YYYY-MM-DD: "+d.in)
			return
		}
		if d.next { // "to" is inclusive: up to the end of that day
			t = t.AddDate(0, 0, 1)
		}
		*d.out = t
	}
	rep, err := s.Compliance.Verify.RunNow(r.Context(), from, to)
	if errors.Is(err, verify.ErrBusy) {
		writeError(w, http.StatusConflict, "busy", "a verification is running; see GET /api/v1/verify")
		return
	}
	if err != nil {
		s.storageError(w, "archive", err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) verifyStatus(w http.ResponseWriter, r *http.Request) {
	if s.Compliance == nil || s.Compliance.Verify == nil {
		writeError(w, http.StatusServiceUnavailable, "not_configured", "verification is not configured in this server")
		return
	}
	writeJSON(w, http.StatusOK, s.Compliance.Verify.Status())
}

// originalAccessed records who fetched an original or a page of it: a
// download when the client asked for an attachment (?download=1), a view
// otherwise; detail adds to the event's detail (the page).
func (s *Server) originalAccessed(r *http.Request, id, sha string, detail map[string]string) {
	if s.Compliance == nil || s.Compliance.Audit == nil {
		return
	}
	typ := audit.OriginalViewed
	if r.URL.Query().Get("download") != "" {
		typ = audit.OriginalDownloaded
	}
	d := map[string]string{"original": sha, "remote": r.RemoteAddr}
	for k, v := range detail {
		d[k] = v
	}
	_ = s.event(context.WithoutCancel(r.Context()), eventFor(r, audit.Event{Type: typ, DocID: id, Detail: d}))
}

func (s *Server) legalHold(w http.ResponseWriter, r *http.Request) {
	id, ok := s.docID(w, r)
	if !ok || !s.compliance(w) {
		return
	}
	var req LegalHoldRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if req.Reason == "" {
		writeError(w, http.StatusUnprocessableEntity, "invalid", "a legal hold needs a reason")
		return
	}
	ctx := r.Context()
	keys, err := s.Docs.SetLegalHold(ctx, id, req.Hold)
	if errors.Is(err, storage.ErrUnsupported) {
		writeError(w, http.StatusNotImplemented, "unsupported", "the archive storage has no object lock")
		return
	}
	if err != nil && len(keys) == 0 {
		s.storageError(w, "document "+id, err)
		return
	}
	state := "on"
	if !req.Hold {
		state = "off"
	}
	// Logged even after a partial failure: some objects changed.
	evErr := s.event(ctx, eventFor(r, audit.Event{Type: audit.RetentionChanged, DocID: id,
		Detail: map[string]string{"legal_hold": state, "reason": req.Reason, "objects": strconv.Itoa(len(keys))}}))
	if err != nil {
		s.storageError(w, "legal hold of "+id, err)
		return
	}
	warning := ""
	if evErr != nil {
		warning = "hold set, but the audit event failed: " + evErr.Error()
	}
	writeJSON(w, http.StatusOK, map[string]any{"doc_id": id, "legal_hold": req.Hold, "objects": keys, "warning": warning})
}
