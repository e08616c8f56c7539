package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/ocr"
)

// usable returns the first n scans that the stage's own decoder accepts,
// and the names of those it refused on the way.
func usable(scans []string, n int) (good, refused []string) {
	for _, s := range scans {
		if len(good) == n {
			break
		}
		if _, err := decodeOnly(s); err != nil {
			refused = append(refused, filepath.Base(s))
			continue
		}
		good = append(good, s)
	}
	return good, refused
}

// decodeOnly is the Go-side work the stage does before Tesseract sees a
// page: read, sniff and validate, decode, convert to gray, encode as PGM.
// It is timed separately to show what the stage adds to the engine.
func decodeOnly(path string) (time.Duration, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	f, err := imagefmt.Open(data, imagefmt.Limits{MaxPixels: 60_000_000, MaxPages: 200})
	if err != nil {
		return 0, err
	}
	img, err := f.Decode(0)
	if err != nil {
		return 0, err
	}
	_ = imagefmt.PGM(imagefmt.Gray(img))
	return time.Since(start), nil
}

type cliResult struct {
	n                  int
	stage, noOSD, tess []time.Duration // per image, same order
	decode             []time.Duration
	osdPages           int // pages read badly enough to run orientation detection
}

// benchCLI reads each scan with the stage (one worker, its client reused),
// the stage with orientation detection off, and the tesseract CLI (a new
// process per image, as anyone scripting it would), rotating the order per
// image so a change of load hits all three alike.
func benchCLI(o options, scans []string) (*cliResult, error) {
	newEngine := func(osd float64) (*ocr.Engine, error) {
		return ocr.New(ocr.Config{Languages: o.lang, Workers: 1, PageSegMode: o.psm, OSDBelowConf: osd})
	}
	stage, err := newEngine(0)
	if err != nil {
		return nil, err
	}
	defer stage.Close()
	noOSD, err := newEngine(-1)
	if err != nil {
		return nil, err
	}
	defer noOSD.Close()

	res := &cliResult{n: len(scans)}
	ctx := context.Background()
	for i, path := range scans {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var ts [3]time.Duration
		runs := [3]func() error{
			func() error {
				start := time.Now()
				doc, err := stage.Recognize(ctx, data, path)
				ts[0] = time.Since(start)
				if err == nil && len(doc.Pages) > 0 && doc.Pages[0].MeanConf < ocr.DefaultOSDBelowConf {
					res.osdPages++
				}
				return err
			},
			func() error {
				start := time.Now()
				_, err := noOSD.Recognize(ctx, data, path)
				ts[1] = time.Since(start)
				return err
			},
			func() error {
				start := time.Now()
				err := tesseractCLI(path, o.lang, o.psm)
				ts[2] = time.Since(start)
				return err
			},
		}
		for k := range runs {
			if err := runs[(i+k)%3](); err != nil {
				return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
			}
		}
		d, err := decodeOnly(path)
		if err != nil {
			return nil, err
		}
		res.stage = append(res.stage, ts[0])
		res.noOSD = append(res.noOSD, ts[1])
		res.tess = append(res.tess, ts[2])
		res.decode = append(res.decode, d)
		fmt.Fprintf(os.Stderr, "  %s stage %.2fs  no-osd %.2fs  cli %.2fs\n", filepath.Base(path),
			ts[0].Seconds(), ts[1].Seconds(), ts[2].Seconds())
	}
	return res, nil
}

// tesseractCLI runs the tesseract program the way the stage reads a page:
// same languages and page segmentation mode, word boxes (TSV) as output.
func tesseractCLI(path, lang string, psm int) error {
	cmd := exec.Command("tesseract", path, "stdout", "-l", lang, "--psm", strconv.Itoa(psm), "tsv")
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("tesseract: %w", err)
	}
	if len(out) == 0 {
		return fmt.Errorf("tesseract: no output")
	}
	return nil
}

func sum(ds []time.Duration) time.Duration {
	var t time.Duration
	for _, d := range ds {
		t += d
	}
	return t
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// medianRatio is the median of a[i]/b[i]: robust to a load spike that
// hits one image.
func medianRatio(a, b []time.Duration) float64 {
	r := make([]float64, len(a))
	for i := range a {
		r[i] = a[i].Seconds() / b[i].Seconds()
	}
	sort.Float64s(r)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)/2]
}
