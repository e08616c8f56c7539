package export_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/export"
)

// peakRSS resets the kernel's high-water mark of this process's resident
// memory (clear_refs 5) and returns a function reading it, in bytes.
func peakRSS(t *testing.T) func() int64 {
	t.Helper()
	runtime.GC()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Skipf("cannot reset the peak RSS here: %v", err)
	}
	return func() int64 {
		b, err := os.ReadFile("/proc/self/status")
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				return kb << 10
			}
		}
		t.Fatal("no VmHWM in /proc/self/status")
		return 0
	}
}

// TestExportThousand exports 1,000 documents of 100 KB: the peak RSS of
// the export stays what it is for 100 documents (memory does not grow
// with the export), verify-export passes, and each single-byte change,
// removed file and added file is reported naming the file. Time and peak
// RSS go to docs/benchmarks.md ("API and export").
func TestExportThousand(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 documents")
	}
	e := newArchive(t)
	e.seed(t, 1000, 100<<10)

	measure := func(ids []string) (string, *export.Manifest, time.Duration, int64) {
		read := peakRSS(t)
		start := time.Now()
		p, m := write(t, e, export.Request{Query: "period 2024"}, ids)
		return p, m, time.Since(start), read()
	}
	_, _, d100, rss100 := measure(e.ids[:100])
	p, m, d, rss := measure(e.ids)
	fi, _ := os.Stat(p)
	t.Logf("export of %d documents: %s, %.1f MB ZIP, peak RSS %.1f MB (100 documents: %s, peak RSS %.1f MB)",
		m.Counts.Documents, d.Round(time.Millisecond), float64(fi.Size())/1e6, float64(rss)/(1<<20), d100.Round(time.Millisecond), float64(rss100)/(1<<20))
	if m.Counts.Documents != 1000 || m.Counts.AuditEvents != 2000 {
		t.Fatalf("counts %+v", m.Counts)
	}
	if rss-rss100 > 16<<20 {
		t.Errorf("peak RSS grew from %d to %d bytes between 100 and 1,000 documents", rss100, rss)
	}
	start := time.Now()
	if rep := verifyFile(t, p); !rep.OK() || rep.Files != 1004 {
		t.Fatalf("verify of the fresh export: %d files, %+v", rep.Files, rep.Problems)
	}
	t.Logf("verify-export of it: %s", time.Since(start).Round(time.Millisecond))

	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	// One byte of each kind of file: an original in the middle, every
	// JSONL and CSV file, the manifest and its signature.
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "originals/") || f.Name == zr.File[500].Name {
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			changed := bytes.Clone(raw)
			changed[off+int64(f.CompressedSize64/2)] ^= 0x20
			expectProblem(t, changed, f.Name, "byte changed in "+f.Name)
		}
	}
	expectProblem(t, rezip(t, raw, zr.File[500].Name, ""), zr.File[500].Name, "file removed")
	expectProblem(t, rezip(t, raw, "", "originals/extra.pdf"), "originals/extra.pdf", "file added")
	expectProblem(t, rezip(t, raw, "records.csv", ""), "records.csv", "records.csv removed")
}

// expectProblem checks that verification of the ZIP in b fails naming file.
func expectProblem(t *testing.T, b []byte, file, what string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "changed.zip")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	rep := verifyFile(t, p)
	for _, pr := range rep.Problems {
		if pr.File == file {
			return
		}
	}
	t.Errorf("%s: problems %+v do not name %s", what, rep.Problems, file)
}

// rezip copies the ZIP's entries without drop, adding one named add.
func rezip(t *testing.T, raw []byte, drop, add string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != drop {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
		}
	}
	if add != "" {
		w, _ := zw.Create(add)
		w.Write([]byte("%PDF-1.7 not from the archive"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
