package api

import (
	"encoding/json"
	"net/http"
	"sync"

	"github.com/shohyo/shohyo/internal/index"
)

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q, err := index.ParseValues(r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_query", err.Error())
		return
	}
	res, err := s.Index.Search(q)
	if err != nil {
		s.Log.Error("search", "err", err)
		writeError(w, http.StatusServiceUnavailable, "index_unavailable", "the index did not answer; try again shortly")
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// ReindexProgress is one line of the reindex response stream.
type ReindexProgress struct {
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Error string `json:"error,omitempty"`
	Final bool   `json:"final,omitempty"`
}

var reindexing sync.Mutex

// reindex rebuilds the index from storage into a fresh directory, then
// swaps it in; searches keep answering from the old index meanwhile. The
// response is a stream of JSON lines with the progress.
func (s *Server) reindex(w http.ResponseWriter, r *http.Request) {
	if !reindexing.TryLock() {
		writeError(w, http.StatusConflict, "reindex_running", "a reindex is already running; wait for it to finish")
		return
	}
	defer reindexing.Unlock()
	b, err := s.Index.NewBuilder()
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
	last := 0
	err = s.Pipeline.Rebuild(r.Context(), b.Add, func(done, total int) {
		if done-last >= 100 || done == total {
			send(ReindexProgress{Done: done, Total: total})
			last = done
		}
	})
	if err == nil {
		err = s.Index.Swap(b)
	} else {
		s.Index.Abort(b)
	}
	if err != nil {
		s.Log.Error("reindex", "err", err)
		send(ReindexProgress{Done: last, Error: err.Error(), Final: true})
		return
	}
	n, _ := s.Index.Count()
	send(ReindexProgress{Done: int(n), Total: int(n), Final: true})
}
