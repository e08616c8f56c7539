package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Compact merges each fiscal year's index into one segment. A search
// opens every term it needs once per segment, and a freshly built year
// has dozens of segments. A rebuild compacts before its swap (measured at
// a million documents: a minute, and the selective searches a third
// faster; docs/benchmarks.md). Searches and puts go on meanwhile.
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
		if err := sc.ForceMerge(ctx, &compactPlan); err != nil {
			return fmt.Errorf("index: compact FY%d: %w", y, err)
		}
	}
	return nil
}

// compactPlan merges all of a year's segments in one task: bleve's
// single-segment plan merges them ten at a time, so a document of a
// year of a hundred segments would be merged twice.
var compactPlan = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = 1 << 20
	return o
}()

// mergePlan is the merge policy of a year's index (scorch config
// "scorchMergePlanOptions"). Live, bleve's default, which keeps the
// segments few as puts come. While a rebuild fills it, none: the builder
// writes segments of a thousand documents, and merging them by tiers as
// they come merged each document two or three times before the swap
// compacts it once more; unmerged, the swap's compaction is the only
// merge (docs/benchmarks.md).
func mergePlan(merging bool) map[string]any {
	o := mergeplan.DefaultMergePlanOptions
	if !merging { // a budget of as many segments as there are
		o.MaxSegmentsPerTier, o.FloorSegmentSize = 1<<20, 1
	}
	return map[string]any{
		"MaxSegmentsPerTier": o.MaxSegmentsPerTier, "MaxSegmentSize": o.MaxSegmentSize,
		"MaxSegmentFileSize": o.MaxSegmentFileSize, "TierGrowth": o.TierGrowth,
		"SegmentsPerMergeTask": o.SegmentsPerMergeTask, "FloorSegmentSize": o.FloorSegmentSize,
		"FloorSegmentFileSize": o.FloorSegmentFileSize, "ReclaimDeletesWeight": o.ReclaimDeletesWeight,
	}
}
