package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Compact merges each fiscal year's index into one segment. A search
// opens every term it needs once per segment, and a freshly built year
// has a dozen segments; bleve's merger gets to fewer only slowly. A
// rebuild compacts before its swap (measured at a million documents: a
// minute, and the selective searches a third faster; docs/benchmarks.md).
// Searches and puts go on meanwhile.
func (x *Index) Compact(ctx context.Context) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.live.compact(ctx)
}

func (s *yearSet) compact(ctx context.Context) error {
	for _, y := range s.list() {
		adv, err := s.years[y].Advanced()
		if err != nil {
			return fmt.Errorf("index: compact FY%d: %w", y, err)
		}
		sc, ok := adv.(*scorch.Scorch)
		if !ok {
			return fmt.Errorf("index: compact FY%d: not a scorch index", y)
		}
		if err := sc.ForceMerge(ctx, nil); err != nil {
			return fmt.Errorf("index: compact FY%d: %w", y, err)
		}
	}
	return nil
}
