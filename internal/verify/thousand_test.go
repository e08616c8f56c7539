package verify_test

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/audit/tsatest"
	"github.com/shohyo/shohyo/internal/verify"
)

// TestVerifyThousandDocuments is the batch-verification acceptance test
// (compliance checklist row 4): 1,000 documents stored in MinIO with
// object lock, each with a 256 KiB original, receipt, OCR result, record
// version and audit events, retention applied to every object, and an
// anchor with a TSA token; then one verification run of the period,
// retention check included. Its time goes into docs/benchmarks.md;
// SHOHYO_BENCH_OUT=file writes the report there as JSON.
// SHOHYO_VERIFY_DOCS changes the count; -short uses 100.
func TestVerifyThousandDocuments(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 100
	}
	if s := os.Getenv("SHOHYO_VERIFY_DOCS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := newLockedMinIO(t)
	a := newArchive(t, b, true)
	tsa := tsatest.Start(t, a.clock.Now)
	start := time.Now()
	ids := a.addMany(t, n, 256<<10)
	an := &audit.Anchorer{B: b, Now: a.clock.Now, TSA: &audit.TSA{URL: tsa.URL, Roots: tsa.Roots}}
	if _, err := an.Make(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Logf("stored %d documents in %v", len(ids), time.Since(start).Round(time.Millisecond))

	// The period: the whole first day, which holds every document.
	from := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	wall := time.Now()
	r, err := verify.Run(context.Background(), b, verify.Options{
		From: from, To: from.AddDate(0, 0, 1), Roots: tsa.Roots, Retention: true,
		Now: func() time.Time { return time.Now() },
	})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(wall)
	if !r.OK || r.Documents != n || r.Originals != n || r.Versions != n || r.Stamped != 1 || r.Unanchored != 0 {
		t.Fatalf("%s\n%v", r.Summary(), r.Problems[:min(len(r.Problems), 10)])
	}
	t.Logf("verified %d documents in %v: %s", n, elapsed.Round(time.Millisecond), r.Summary())
	if out := os.Getenv("SHOHYO_BENCH_OUT"); out != "" {
		data, _ := json.MarshalIndent(map[string]any{"documents": n, "wall_seconds": elapsed.Seconds(), "report": r}, "", "  ")
		if err := os.WriteFile(out, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
