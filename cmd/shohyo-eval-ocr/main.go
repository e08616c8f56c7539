// Command shohyo-eval-ocr measures the OCR engine on the SROIE receipts:
// character error rate of the recognised text against the ground-truth
// transcripts (box/NNN.csv, text from the 9th column on), words found,
// dates and totals found verbatim, and seconds per page. With -synth N it
// reads synthetic Japanese invoices and receipts instead (internal/synth)
// and counts the printed field texts found verbatim. It is how the engine's defaults were chosen (see internal/ocr's
// package documentation); run it again after changing them.
//
//	shohyo-eval-ocr -data /work/shared/datasets/sroie-dev -n 50 -psm 3 -upscale 0
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/ocr"
	"github.com/shohyo/shohyo/internal/ocr/ocreval"
)

func main() {
	if err := ocr.ReexecWithThreadLimit(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var (
		data    = flag.String("data", "/work/shared/datasets/sroie-dev", "SROIE directory with img/ and box/")
		n       = flag.Int("n", 0, "evaluate the first N receipts (0: all)")
		psm     = flag.Int("psm", 0, "Tesseract page segmentation mode (0: engine default)")
		upscale = flag.Float64("upscale", 0, "upscale pages below this dpi to 300 (0: engine default, -1: never)")
		osd     = flag.Float64("osd", 0, "run orientation detection below this mean confidence (0: default, -1: never)")
		lang    = flag.String("lang", "", "Tesseract languages (default: the engine's, jpn+eng)")
		workers = flag.Int("workers", runtime.NumCPU(), "pool size")
		recycle = flag.Int("recycle", 0, "pages per client before it is recreated (0: default)")
		repeat  = flag.Int("repeat", 1, "run the set this many times (for memory growth)")
		verbose = flag.Bool("v", false, "print each receipt's CER")
		noSkew  = flag.Bool("no-deskew", false, "do not straighten skewed pages")
		synthN  = flag.Int("synth", 0, "instead of SROIE, read N synthetic Japanese invoices and receipts")
		dpi     = flag.Int("dpi", 200, "resolution of the synthetic documents")
	)
	flag.Parse()
	cfg := ocr.Config{Languages: *lang, Workers: *workers, PageSegMode: *psm, UpscaleBelowDPI: *upscale,
		OSDBelowConf: *osd, RecycleAfter: *recycle, SkipDeskew: *noSkew}
	start := time.Now()
	e, err := ocr.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer e.Close()
	fmt.Printf("engine ready in %.2fs (%d workers)\n", time.Since(start).Seconds(), *workers)
	if *synthN > 0 {
		evaluateSynth(e, *synthN, *dpi, *workers)
		return
	}
	samples, err := ocreval.LoadSROIE(*data)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *n > 0 && *n < len(samples) {
		samples = samples[:*n]
	}
	for r := 0; r < *repeat; r++ {
		res := evaluate(e, samples, *workers)
		res.print(*verbose)
		fmt.Printf("rss %.0f MB\n", rssMB())
	}
}

type sampleResult struct {
	name          string
	edits, refLen int
	found, words  int
	keys, keysOK  int // date and total of key/NNN.json found verbatim
	seconds       float64
	doc           *layout.Document
	err           error
}

type result struct {
	samples []sampleResult
	wall    time.Duration
}

// evaluate recognises the samples, as many at a time as there are workers
// (each receipt is one page), and scores them.
func evaluate(e *ocr.Engine, samples []ocreval.Sample, parallel int) result {
	out := make([]sampleResult, len(samples))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	start := time.Now()
	for i, s := range samples {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r := sampleResult{name: s.Name}
			img, err := os.ReadFile(s.Image)
			if err != nil {
				r.err = err
				out[i] = r
				return
			}
			t := time.Now()
			r.doc, r.err = e.Recognize(context.Background(), img, s.Name)
			r.seconds = time.Since(t).Seconds()
			if r.err == nil {
				r.edits, r.refLen = ocreval.Errors(s.Transcript, r.doc.Text())
				r.found, r.words = ocreval.WordsFound(s.Transcript, r.doc.Text())
				for _, k := range []string{s.Date, s.Total} {
					if k != "" {
						r.keys++
						if ocreval.Contains(r.doc.Text(), k) {
							r.keysOK++
						}
					}
				}
			}
			out[i] = r
		}()
	}
	wg.Wait()
	return result{samples: out, wall: time.Since(start)}
}

func (r result) print(verbose bool) {
	var edits, refLen, found, words, keys, keysOK, pages, rotated int
	var secs, conf float64
	var failed []string
	for _, s := range r.samples {
		if s.err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", s.name, s.err))
			continue
		}
		edits += s.edits
		refLen += s.refLen
		found += s.found
		words += s.words
		keys += s.keys
		keysOK += s.keysOK
		secs += s.seconds
		for _, p := range s.doc.Pages {
			pages++
			conf += p.MeanConf
			if p.Rotation != 0 {
				rotated++
			}
		}
		if verbose {
			fmt.Printf("%s cer %.3f keys %d/%d conf %.2f %.2fs\n", s.name, float64(s.edits)/float64(max(s.refLen, 1)), s.keysOK, s.keys, s.doc.Pages[0].MeanConf, s.seconds)
		}
	}
	sort.Strings(failed)
	fmt.Printf("receipts %d, pages %d, failed %d, rotated %d\n", len(r.samples), pages, len(failed), rotated)
	fmt.Printf("CER %.4f (%d edits / %d chars)\n", float64(edits)/float64(max(refLen, 1)), edits, refLen)
	fmt.Printf("words found %.4f (%d / %d)\n", float64(found)/float64(max(words, 1)), found, words)
	fmt.Printf("dates and totals found %.4f (%d / %d)\n", float64(keysOK)/float64(max(keys, 1)), keysOK, keys)
	fmt.Printf("mean confidence %.3f\n", conf/float64(max(pages, 1)))
	fmt.Printf("latency %.3f s/page, throughput %.3f s/page (wall %.1fs)\n",
		secs/float64(max(pages, 1)), r.wall.Seconds()/float64(max(pages, 1)), r.wall.Seconds())
	if len(failed) > 0 {
		fmt.Println("failures:\n  " + strings.Join(failed, "\n  "))
	}
}

// rssMB reads the resident set size, to watch gosseract's per-page leak.
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			var kb float64
			fmt.Sscanf(strings.TrimPrefix(l, "VmRSS:"), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}
