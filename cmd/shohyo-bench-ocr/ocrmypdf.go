package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/ocr"
)

type ocrmypdfResult struct {
	n               int
	version         string
	args            string
	stage, ocrmypdf []time.Duration
	stageChars      int // text characters each produced, to show both read the pages
	ocrmypdfChars   int
}

// benchOCRmyPDF turns each scan into a one-page PDF the way a scanner
// driver or pdfcpu import would (the JPEG embedded as is, the page sized
// from the scan's resolution), then takes each PDF to text with ocrmypdf
// (--sidecar) and with the stage, interleaved per document.
func benchOCRmyPDF(o options, scans []string) (*ocrmypdfResult, error) {
	ver, err := exec.Command("ocrmypdf", "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("ocrmypdf is not installed (make bench installs it): %w", err)
	}
	help, _ := exec.Command("ocrmypdf", "--help").Output()
	dir := filepath.Join(o.workDir, "pdf")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var pdfs []string
	for _, s := range scans {
		p := filepath.Join(dir, strings.TrimSuffix(filepath.Base(s), ".jpg")+".pdf")
		if err := scanToPDF(s, p); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(s), err)
		}
		pdfs = append(pdfs, p)
	}

	// Same languages and page segmentation mode as the stage, one job and
	// one OpenMP thread; everything else is ocrmypdf's default. Without
	// output-type none it would also write (and by default PDF/A-convert)
	// a PDF nobody asked for, so a plain PDF is the fairest fallback.
	base := []string{"-l", o.lang, "--tesseract-pagesegmode", strconv.Itoa(o.psm), "--jobs", "1", "-q"}
	if bytes.Contains(help, []byte("none}")) {
		base = append(base, "--output-type", "none")
	} else {
		base = append(base, "--output-type", "pdf")
	}
	res := &ocrmypdfResult{n: len(pdfs), version: strings.TrimSpace(string(ver)),
		args: strings.Join(base, " ") + " --sidecar TXT IN.pdf -"}

	engine, err := ocr.New(ocr.Config{Languages: o.lang, Workers: 1, PageSegMode: o.psm})
	if err != nil {
		return nil, err
	}
	defer engine.Close()
	for i, p := range pdfs {
		var tStage, tOM time.Duration
		stage := func() error {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			start := time.Now()
			doc, err := engine.Recognize(context.Background(), data, p)
			tStage = time.Since(start)
			if err == nil {
				res.stageChars += len([]rune(doc.Text()))
			}
			return err
		}
		om := func() error {
			side := p + ".txt"
			args := append(append([]string{}, base...), "--sidecar", side, p, "-")
			cmd := exec.Command("ocrmypdf", args...)
			cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
			cmd.Stdout = io.Discard
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			start := time.Now()
			err := cmd.Run()
			tOM = time.Since(start)
			if err != nil {
				return fmt.Errorf("ocrmypdf: %w: %s", err, lastLine(stderr.String()))
			}
			txt, err := os.ReadFile(side)
			res.ocrmypdfChars += len([]rune(string(txt)))
			return err
		}
		first, second := stage, om
		if i%2 == 1 {
			first, second = om, stage
		}
		if err := first(); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(p), err)
		}
		if err := second(); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(p), err)
		}
		res.stage = append(res.stage, tStage)
		res.ocrmypdf = append(res.ocrmypdf, tOM)
		fmt.Fprintf(os.Stderr, "  %s stage %.2fs  ocrmypdf %.2fs\n", filepath.Base(p), tStage.Seconds(), tOM.Seconds())
	}
	return res, nil
}

// scanToPDF embeds the JPEG in a page of the scan's physical size (its
// stated dpi, or 150 when it states none), so both readers see the
// resolution the scanner meant.
func scanToPDF(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	f, err := imagefmt.Open(data, imagefmt.Limits{MaxPixels: 60_000_000, MaxPages: 1})
	if err != nil {
		return err
	}
	sc := f.Scan(0)
	dpi := sc.DPI
	if dpi <= 0 || sc.DPISource != "file" {
		dpi = 150
	}
	w, h := float64(sc.WidthPx)*72/dpi, float64(sc.HeightPx)*72/dpi
	imp, err := api.Import(fmt.Sprintf("dimensions:%.2f %.2f, pos:full", w, h), types.POINTS)
	if err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer out.Close()
	if err := api.ImportImages(nil, out, []io.Reader{bytes.NewReader(data)}, imp, model.NewDefaultConfiguration()); err != nil {
		return err
	}
	return out.Close()
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
