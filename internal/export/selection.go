package export

import (
	"errors"
	"fmt"
	"slices"

	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/record"
)

// Searcher is what Select needs of the index.
type Searcher interface {
	Search(q index.Query) (*index.Result, error)
}

var _ Searcher = (*index.Index)(nil)

// ErrEmpty is returned when a request selects no document.
var ErrEmpty = errors.New("export: the request selects no document")

// Select resolves a request to document ids: the query's hits (every
// page, in the index's stable order) and the listed ids, each once. Ids
// are small, so the list is held; the documents themselves are streamed.
func Select(x Searcher, r Request) ([]string, error) {
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if r.Query == "" && len(r.DocIDs) == 0 {
		return nil, errors.New("export: give a query or a list of documents")
	}
	for _, id := range r.DocIDs {
		if !record.ValidDocID(id) {
			return nil, fmt.Errorf("export: %q is not a document id (24 lowercase hex digits)", id)
		}
	}
	if r.Query != "" {
		q, err := index.ParseQuery(r.Query)
		if err != nil {
			return nil, err
		}
		q.Facets = nil
		q.Limit, q.Offset = index.MaxLimit, 0
		for {
			res, err := x.Search(q)
			if err != nil {
				return nil, fmt.Errorf("export: search: %w", err)
			}
			for _, h := range res.Hits {
				add(h.DocID)
			}
			if len(res.Hits) < q.Limit {
				break
			}
			if q.Offset+q.Limit > index.MaxOffset {
				return nil, fmt.Errorf("export: the query selects more than %d documents; narrow it (for example by period)", index.MaxOffset)
			}
			q.Offset += q.Limit
		}
	}
	for _, id := range r.DocIDs {
		add(id)
	}
	if len(ids) == 0 {
		return nil, ErrEmpty
	}
	return slices.Clip(ids), nil
}
