package export_test

import (
	"os"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/export"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/testutil"
)

// TestExportThousandMinIO is TestExportThousand's export from a MinIO
// archive (each original one GET), then the ZIP stored in the archive as
// a durable job's file, as serve does: times and peak RSS for
// docs/benchmarks.md ("API and export").
func TestExportThousandMinIO(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 documents")
	}
	m := testutil.StartMinIO(t, testutil.MinIOOptions{})
	d, err := storage.NewS3(t.Context(), storage.S3Config{Endpoint: m.Endpoint, AccessKey: m.AccessKey, SecretKey: m.SecretKey, Bucket: "archive"})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.EnsureBucket(t.Context()); err != nil {
		t.Fatal(err)
	}
	e := newArchiveOn(t, storage.NewBucket(d))
	start := time.Now()
	e.seed(t, 1000, 100<<10)
	t.Logf("seeded 1,000 documents of 100 KiB into MinIO in %s", time.Since(start).Round(time.Millisecond))

	read := peakRSS(t)
	start = time.Now()
	p, man := write(t, e, export.Request{Query: "period 2024"}, e.ids)
	took, rss := time.Since(start), read()
	if man.Counts.Documents != 1000 {
		t.Fatalf("counts %+v", man.Counts)
	}
	if rep := verifyFile(t, p); !rep.OK() {
		t.Fatalf("verify: %+v", rep.Problems)
	}

	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	jobs := &export.Jobs{B: e.b, Now: clock}
	rec := &export.JobRecord{ID: "0000000000000001", Request: export.Request{Format: export.FormatZIP}, DocIDs: e.ids, CreatedAt: clock()}
	if err := jobs.Create(t.Context(), rec); err != nil {
		t.Fatal(err)
	}
	n, err := jobs.StartRun(t.Context(), rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	read = peakRSS(t)
	start = time.Now()
	res, err := jobs.Finish(t.Context(), rec, n, f, export.Result{Size: fi.Size(), Documents: 1000})
	if err != nil {
		t.Fatal(err)
	}
	store, storeRSS := time.Since(start), read()
	st, err := jobs.Load(t.Context(), rec.ID)
	if err != nil || st.Result == nil || st.Result.File != res.File || st.Runs != 1 {
		t.Fatalf("job after Finish: %+v %v", st, err)
	}
	t.Logf("export of 1,000 documents from MinIO: %s, %.1f MB ZIP, peak RSS %.1f MB; storing the ZIP in the archive: %s, peak RSS %.1f MB",
		took.Round(time.Millisecond), float64(fi.Size())/1e6, float64(rss)/(1<<20), store.Round(time.Millisecond), float64(storeRSS)/(1<<20))
}
