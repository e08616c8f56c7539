// Command shohyo-bench-ocr measures the OCR stage (internal/ocr.Engine and
// bin/shohyo extract) on real receipt scans and prints Markdown for
// docs/benchmarks.md:
//
//  1. seconds per image through the stage against the tesseract CLI with
//     the same languages and page segmentation mode, interleaved per image;
//  2. time to text against ocrmypdf on the same scans turned into PDFs;
//  3. born-digital PDFs (text layer, no OCR) per second per core;
//  4. documents per minute with one and two extract processes;
//  5. RSS of one extract process over 1,000 small real-text pages.
//
// The machine is shared, so every benchmark runs its contestants side by
// side (interleaved where they are sequential) and the load average is
// printed at the start and the end; ratios mean more than absolutes.
//
//	OMP_THREAD_LIMIT=1 shohyo-bench-ocr -data ../shared/datasets/sroie-dev -n 50 -bin bin/shohyo
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/ocr"
)

type options struct {
	data    string // SROIE directory holding img/*.jpg
	n       int    // scans for benchmarks 1, 2 and 4
	bin     string // bin/shohyo, for the process benchmarks
	lang    string
	psm     int
	born    int // born-digital PDFs for benchmark 3
	pages   int // pages for the RSS curve
	only    map[string]bool
	workDir string // temporary PDFs and strips, removed at the end
}

func main() {
	// Tesseract reads OMP_THREAD_LIMIT when libgomp loads; the CLI and
	// ocrmypdf children inherit it, so all contestants run single-threaded.
	if err := ocr.ReexecWithThreadLimit(); err != nil {
		fail(err)
	}
	var o options
	only := flag.String("only", "cli,ocrmypdf,born,scale,rss", "benchmarks to run, comma-separated")
	flag.StringVar(&o.data, "data", "../shared/datasets/sroie-dev", "SROIE directory with img/*.jpg")
	flag.IntVar(&o.n, "n", 50, "scans for the CLI, ocrmypdf and scaling benchmarks")
	flag.StringVar(&o.bin, "bin", "bin/shohyo", "shohyo binary (make build)")
	flag.StringVar(&o.lang, "lang", "jpn+eng", "Tesseract languages for every contestant")
	// 6 (one block) is what the engine uses for receipt-shaped pages; it
	// is set explicitly on both sides so they run the same recognition.
	flag.IntVar(&o.psm, "psm", 6, "page segmentation mode for every contestant")
	flag.IntVar(&o.born, "born", 500, "born-digital PDFs to read")
	flag.IntVar(&o.pages, "pages", 1000, "pages for the RSS curve")
	flag.Parse()
	o.only = map[string]bool{}
	for _, s := range strings.Split(*only, ",") {
		o.only[strings.TrimSpace(s)] = true
	}
	dir, err := os.MkdirTemp("", "shohyo-bench-ocr-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	o.workDir = dir

	scans, err := filepath.Glob(filepath.Join(o.data, "img", "*.jpg"))
	if err != nil || len(scans) == 0 {
		fail(fmt.Errorf("no scans in %s/img (set SROIE= or -data): %v", o.data, err))
	}
	sort.Strings(scans)

	r := &report{start: time.Now(), loadStart: loadAvg(), opts: o}
	fmt.Fprintf(os.Stderr, "shohyo-bench-ocr: %d scans in %s, load %s\n", len(scans), o.data, r.loadStart)
	// Scans the stage refuses (SROIE's 427.jpg is corrupt) are left out of
	// every benchmark, so all contestants read the same pages.
	good, refused := usable(scans, o.n)
	r.refused = refused
	steps := []struct {
		name string
		run  func() error
	}{
		{"cli", func() (err error) { r.cli, err = benchCLI(o, good); return }},
		{"ocrmypdf", func() (err error) { r.ocrmypdf, err = benchOCRmyPDF(o, good); return }},
		{"born", func() (err error) { r.born, err = benchBornDigital(o); return }},
		{"scale", func() (err error) { r.scale, err = benchScaling(o, good); return }},
		{"rss", func() (err error) { r.rss, err = benchRSS(o, scans); return }},
	}
	for _, s := range steps {
		if !o.only[s.name] {
			continue
		}
		fmt.Fprintf(os.Stderr, "== %s (load %s)\n", s.name, loadAvg())
		if err := s.run(); err != nil {
			r.errors = append(r.errors, fmt.Sprintf("%s: %v", s.name, err))
			fmt.Fprintf(os.Stderr, "%s: %v\n", s.name, err)
		}
	}
	r.loadEnd = loadAvg()
	r.end = time.Now()
	r.print(os.Stdout)
	if len(r.errors) > 0 {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "shohyo-bench-ocr:", err)
	os.Exit(1)
}

// loadAvg is /proc/loadavg's three averages.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
