package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"

	"github.com/shohyo/shohyo/internal/index"
)

// search answers GET /api/v1/search. The query comes as URL parameters
// and/or in the query language as q=; a query that cannot be read is a
// 400 whose error names the column and what was expected there.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q, err := index.ParseValues(r.URL.Query())
	if err != nil {
		var se *index.SyntaxError
		if errors.As(err, &se) {
			writeJSON(w, http.StatusBadRequest, syntaxErrorBody{Error: syntaxErrorDetail{Code: "bad_query", Message: se.Error(), Column: se.Column, Query: se.Query}})
			return
		}
		writeError(w, http.StatusBadRequest, "bad_query", err.Error())
		return
	}
	res, err := s.Index.Search(q)
	if err != nil {
		s.Log.Error("search", "err", err)
		writeError(w, http.StatusServiceUnavailable, "index_unavailable", "the index did not answer; try again shortly")
		return
	}
	if err := res.Highlight(r.Context(), q, s.Docs); err != nil {
		// The hits are right without their highlights; a text that could
		// not be read is the storage's problem, logged, not the search's.
		s.Log.Warn("search: highlight", "err", err)
	}
	writeJSON(w, http.StatusOK, res)
}

// syntaxErrorBody is the usual error body with the query and the column
// of the mistake, so a client can point at it.
type syntaxErrorBody struct {
	Error syntaxErrorDetail `json:"error"`
}

type syntaxErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Column  int    `json:"column"`
	Query   string `json:"query"`
}

// ReindexProgress is one line of the reindex response stream.
type ReindexProgress struct {
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Error string `json:"error,omitempty"`
	Final bool   `json:"final,omitempty"`
	// Resumed is set on the first line when an interrupted rebuild is
	// continued rather than started over.
	Resumed bool `json:"resumed,omitempty"`
}

var reindexing sync.Mutex

// resumableRebuilder is the pipeline's rebuild that can skip what an
// interrupted rebuild already indexed.
type resumableRebuilder interface {
	RebuildAfter(ctx context.Context, after string, add func(index.Entry) error, progress func(done, total int)) error
}

// reindex rebuilds the index from storage into a fresh directory, then
// swaps it in; searches keep answering from the old index meanwhile. The
// response is a stream of JSON lines with the progress. A rebuild cut
// short (error, closed connection, crash) is resumed by the next request
// after its last checkpoint; ?fresh=true starts over instead.
func (s *Server) reindex(w http.ResponseWriter, r *http.Request) {
	if !reindexing.TryLock() {
		writeError(w, http.StatusConflict, "reindex_running", "a reindex is already running; wait for it to finish")
		return
	}
	defer reindexing.Unlock()
	b, err := s.Index.NewBuilder()
	if err == nil && r.URL.Query().Get("fresh") == "true" && b.After() != "" {
		if err = s.Index.Discard(b); err == nil {
			b, err = s.Index.NewBuilder()
		}
	}
	if err != nil {
		s.Log.Error("reindex", "err", err)
		writeError(w, http.StatusServiceUnavailable, "index_unavailable", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	flusher, _ := w.(http.Flusher)
	send := func(p ReindexProgress) {
		_ = enc.Encode(p)
		if flusher != nil {
			flusher.Flush()
		}
	}
	after := b.After()
	if after != "" {
		send(ReindexProgress{Done: b.Done(), Resumed: true})
	}
	last := 0
	progress := func(done, total int) {
		if done-last >= 100 || done == total {
			send(ReindexProgress{Done: done, Total: total})
			last = done
		}
	}
	if rr, ok := s.Pipeline.(resumableRebuilder); ok {
		err = rr.RebuildAfter(r.Context(), after, b.Add, progress)
	} else {
		err = s.Pipeline.Rebuild(r.Context(), b.Add, progress)
	}
	if err == nil {
		err = s.Index.Swap(b)
	} else {
		s.Index.Abort(b) // kept: the next reindex resumes it
	}
	if err != nil {
		s.Log.Error("reindex", "err", err)
		send(ReindexProgress{Done: last, Error: err.Error(), Final: true})
		return
	}
	n, _ := s.Index.Count()
	send(ReindexProgress{Done: int(n), Total: int(n), Final: true})
}
