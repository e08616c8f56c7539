package api

import (
	"net/http"

	"github.com/shohyo/shohyo/internal/index"
)

// review answers GET /api/v1/review: the documents waiting for a person
// (status needs_review), oldest paging like search. Other search
// parameters narrow it; a status parameter is refused, because the queue
// is one status by definition.
func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	if v.Has(index.ParamStatus) {
		writeError(w, http.StatusBadRequest, "bad_query", "the review queue is status needs_review; use /api/v1/search for other statuses")
		return
	}
	v.Set(index.ParamStatus, "needs_review")
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = v.Encode()
	s.search(w, r2)
}
