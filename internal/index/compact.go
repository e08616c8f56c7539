package index

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
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

// compactors is how many years are merged at once: a merge is one
// goroutine, so one year at a time left a core idle for the half minute
// a rebuild of a million documents spends compacting; more than a few
// at once would only add their memory.
var compactors = min(runtime.GOMAXPROCS(0), 4)

func (s *yearSet) compact(ctx context.Context) error {
	years := s.list()
	errs := make([]error, len(years))
	sem := make(chan struct{}, compactors)
	var wg sync.WaitGroup
	for i, y := range years {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = s.compactYear(ctx, y)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (s *yearSet) compactYear(ctx context.Context, y int) error {
	adv, err := s.years[y].Advanced()
	if err != nil {
		return fmt.Errorf("index: compact FY%d: %w", y, err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("index: compact FY%d: not a scorch index", y)
	}
	if err := sc.ForceMerge(ctx, &compactPlan); err != nil {
		return fmt.Errorf("index: compact FY%d: %w", y, err)
	}
	return nil
}

// compactPlan merges all of a year's segments in one task: bleve's
// single-segment plan merges them ten at a time, so a document of a
// year of many segments would be merged twice.
var compactPlan = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = 1 << 20
	return o
}()

// livePlan is bleve's default merge policy, given at every open: an
// index created while rebuilds did not merge (before 2026-11-22 23:30)
// stored a policy that never merges, and the options stored at creation
// hold unless the runtime config overrides them.
var livePlan = func() map[string]any {
	o := mergeplan.DefaultMergePlanOptions
	return map[string]any{
		"MaxSegmentsPerTier": o.MaxSegmentsPerTier, "MaxSegmentSize": o.MaxSegmentSize,
		"MaxSegmentFileSize": o.MaxSegmentFileSize, "TierGrowth": o.TierGrowth,
		"SegmentsPerMergeTask": o.SegmentsPerMergeTask, "FloorSegmentSize": o.FloorSegmentSize,
		"FloorSegmentFileSize": o.FloorSegmentFileSize, "ReclaimDeletesWeight": o.ReclaimDeletesWeight,
	}
}()

// rebuildPlan is how a rebuild's years merge while they fill: bleve's
// tiers but with room for up to a thousand segments in the first, so a
// year's segment budget stays at one segment per 2,000 documents (the
// floor size) instead of about 14 in all at 100,000 documents. Fewer of
// its thousand-document batches are merged a second time into larger
// segments before the swap's compaction merges everything once more.
// Measured at a million documents, two pairs run back to back: 420 → 356
// and 432 → 389 µs of CPU a document, 4,197 → 4,833 and 4,103 → 4,448
// documents/s (docs/benchmarks.md). Not merging at all while filling
// left a hundred segments a year and made the compaction 34 s instead of
// 20; without a memory limit, their mapped pages were once measured at
// 2 GiB resident.
var rebuildPlan = func() map[string]any {
	p := maps.Clone(livePlan)
	p["MaxSegmentsPerTier"] = 1000
	return p
}()
