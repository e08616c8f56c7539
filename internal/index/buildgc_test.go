package index

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

func TestGCForBuild(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("the collector is set from the environment here, which gcForBuild leaves alone")
	}
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	restore := gcForBuild()
	if p := debug.SetGCPercent(buildGCPercent); p != buildGCPercent {
		t.Errorf("GOGC during a build %d, want %d", p, buildGCPercent)
	}
	if l := debug.SetMemoryLimit(-1); l != buildMemoryLimit {
		t.Errorf("memory limit during a build %d, want %d", l, buildMemoryLimit)
	}
	restore()
	restore() // a second call changes nothing
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("GOGC after the build %d, want 100 back", p)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("memory limit after the build %d, want none", l)
	}

	t.Setenv("GOMEMLIMIT", "1GiB") // the operator's choice (the runtime read it at start)
	gcForBuild()()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("GOGC changed to %d although the operator set GOMEMLIMIT", p)
	}
}
