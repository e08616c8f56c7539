package index

import (
	"math"
	"os"
	"runtime/debug"
	"sync"
)

// A rebuild allocates the analysed form of every batch and the segments
// made of it, all garbage a moment later: at the default GOGC of 100 the
// collector was a fifth of a rebuild's CPU. While a Builder runs, the
// process collects less often (buildGCPercent) under a soft memory limit
// (buildMemoryLimit) that bounds what the laxer pace may keep: measured
// at 100,000 documents, 456 → 358–379 µs of CPU per document for a peak
// RSS of 545–561 → 693–703 MiB (docs/benchmarks.md). An operator who set
// GOGC or GOMEMLIMIT keeps their settings.
const (
	buildGCPercent   = 400
	buildMemoryLimit = 640 << 20
)

// gcForBuild applies the rebuild's collector settings and returns what
// puts the previous ones back; calling it more than once is harmless.
func gcForBuild() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return func() {}
	}
	percent := debug.SetGCPercent(buildGCPercent)
	limit := debug.SetMemoryLimit(buildMemoryLimit)
	var once sync.Once
	return func() {
		once.Do(func() {
			debug.SetGCPercent(percent)
			debug.SetMemoryLimit(limit)
		})
	}
}
