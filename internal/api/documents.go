package api

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// DocumentView is what GET /documents/{id} returns.
type DocumentView struct {
	DocID      string               `json:"doc_id"`
	Status     string               `json:"status"`
	Reason     string               `json:"reason,omitempty"`
	Arrivals   []docstore.Receipt   `json:"arrivals"`
	Versions   int                  `json:"versions"`
	Record     *record.Version      `json:"record,omitempty"`
	Findings   []record.Finding     `json:"findings,omitempty"`
	Quarantine *docstore.Quarantine `json:"quarantine,omitempty"`
	// Indexed says the document can be found by search.
	Indexed bool `json:"indexed"`
}

func (s *Server) docID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if !record.ValidDocID(id) {
		writeError(w, http.StatusBadRequest, "bad_id", "a document id is 24 lowercase hex digits, as search and ingest print it")
		return "", false
	}
	return id, true
}

func (s *Server) document(w http.ResponseWriter, r *http.Request) {
	id, ok := s.docID(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	sum, err := s.Docs.Summarize(ctx, id)
	if err != nil {
		s.storageError(w, "document "+id, err)
		return
	}
	v := DocumentView{DocID: id, Status: sum.Status(), Versions: sum.LatestVersion}
	if v.Arrivals, err = s.Docs.Receipts(ctx, id); err != nil {
		s.storageError(w, "arrivals of "+id, err)
		return
	}
	if sum.Quarantined {
		if v.Quarantine, err = s.Docs.QuarantineOf(ctx, id); err != nil {
			s.storageError(w, "quarantine note of "+id, err)
			return
		}
		v.Reason = v.Quarantine.Reason
	}
	if sum.LatestVersion > 0 {
		if v.Record, err = s.Docs.Latest(ctx, id); err != nil {
			s.storageError(w, "record of "+id, err)
			return
		}
		if !sum.Quarantined {
			v.Status = v.Record.Status
		}
		v.Findings = v.Record.Findings
	}
	if v.Indexed, err = s.Index.Has(id); err != nil {
		s.Log.Warn("index lookup", "doc", id, "err", err)
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) versions(w http.ResponseWriter, r *http.Request) {
	id, ok := s.docID(w, r)
	if !ok {
		return
	}
	vs, err := s.Docs.Versions(r.Context(), id)
	if err != nil {
		s.storageError(w, "versions of "+id, err)
		return
	}
	if len(vs) == 0 {
		writeError(w, http.StatusNotFound, "not_found", "document "+id+" has no record version yet; see its status at /api/v1/documents/"+id)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"doc_id": id, "versions": vs})
}

func (s *Server) ocr(w http.ResponseWriter, r *http.Request) {
	id, ok := s.docID(w, r)
	if !ok {
		return
	}
	d, err := s.Docs.OCR(r.Context(), id)
	if err != nil {
		s.storageError(w, "OCR result of "+id, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// original streams the original. Its hash is verified while it streams;
// if the stored bytes were altered the response is cut short and logged,
// so a client never receives a silently wrong file as complete. There is
// deliberately no Content-Length: with chunked encoding the end of the
// body is only sent after the hash matched, whereas with a length the
// client would already hold every byte when the mismatch is found.
func (s *Server) original(w http.ResponseWriter, r *http.Request) {
	id, ok := s.docID(w, r)
	if !ok {
		return
	}
	rs, err := s.Docs.Receipts(r.Context(), id)
	if err == nil && len(rs) == 0 {
		err = storage.ErrNotFound
	}
	if err != nil {
		s.storageError(w, "document "+id, err)
		return
	}
	if r.URL.Query().Has("redirect") {
		ttl, err := presignTTL(r)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", err.Error())
			return
		}
		if p, ok := s.Docs.Bucket().Driver().(presigner); ok {
			s.presigned(w, r, p, rs[0], ttl)
			return
		}
		// A local archive has no URL of its own: the file is streamed.
	}
	rc, err := s.Originals.OpenOriginal(r.Context(), rs[0].SHA256)
	if err != nil {
		s.storageError(w, "original of "+id, err)
		return
	}
	defer rc.Close()
	if rs[0].MediaType != "" {
		w.Header().Set("Content-Type", rs[0].MediaType)
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": rs[0].Name}))
	w.Header().Set("X-Content-SHA256", rs[0].SHA256)
	if _, err := io.Copy(w, rc); err != nil {
		if errors.Is(err, storage.ErrCorrupt) {
			s.Log.Error("original does not match its hash", "doc", id, "sha256", rs[0].SHA256)
		}
		panic(http.ErrAbortHandler) // cut the response: the client sees an incomplete body
	}
	s.originalAccessed(r, id, rs[0].SHA256, nil)
}
