package main

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shohyo/shohyo/internal/imagefmt"
)

// extractCmd is one `shohyo extract` worker process: one Tesseract client
// (SHOHYO_WORKERS=1; extract has no --workers flag, the environment sets
// it), OpenMP single-threaded.
func extractCmd(bin string, files []string) *exec.Cmd {
	cmd := exec.Command(bin, append([]string{"extract"}, files...)...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1", "SHOHYO_WORKERS=1")
	return cmd
}

// runExtract waits for the process and checks it printed a line per file.
// Exit status 1 only means some file could not be read, which is a result.
func runExtract(cmd *exec.Cmd, files int) (errors int, err error) {
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err = cmd.Run()
	lines := bytes.Count(out.Bytes(), []byte("\n"))
	if lines != files {
		return 0, fmt.Errorf("extract printed %d lines for %d files: %v: %s", lines, files, err, lastLine(stderr.String()))
	}
	return bytes.Count(out.Bytes(), []byte(`"error":`)), nil
}

type scaleResult struct {
	n          int
	one, two   time.Duration
	loadBefore string
	loadAfter  string
}

// benchScaling runs the same scans through one extract process, then
// through two processes that each take every other one, both on the 2
// cores.
func benchScaling(o options, scans []string) (*scaleResult, error) {
	res := &scaleResult{n: len(scans), loadBefore: loadAvg()}
	start := time.Now()
	if _, err := runExtract(extractCmd(o.bin, scans), len(scans)); err != nil {
		return nil, err
	}
	res.one = time.Since(start)
	fmt.Fprintf(os.Stderr, "  1 process: %.1fs\n", res.one.Seconds())

	// Alternate scans between the two so each gets a like mix of sizes:
	// the wall time is the slower process's.
	halves := make([][]string, 2)
	for i, s := range scans {
		halves[i%2] = append(halves[i%2], s)
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	start = time.Now()
	for i, h := range halves {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = runExtract(extractCmd(o.bin, h), len(h))
		}()
	}
	wg.Wait()
	res.two = time.Since(start)
	fmt.Fprintf(os.Stderr, "  2 processes: %.1fs\n", res.two.Seconds())
	res.loadAfter = loadAvg()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

type rssPoint struct {
	pages int
	rssMB float64
}

type rssResult struct {
	pages, errors int
	stripPx       string
	curve         []rssPoint
	peakMB        float64 // VmHWM: the kernel's high-water mark
	wall          time.Duration
}

// benchRSS runs one extract process over o.pages strips cut from the
// scans and reads its VmRSS from /proc as each result line arrives.
func benchRSS(o options, scans []string) (*rssResult, error) {
	dir := filepath.Join(o.workDir, "strips")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	strips, size, err := makeStrips(scans, dir, o.pages)
	if err != nil {
		return nil, err
	}
	res := &rssResult{pages: len(strips), stripPx: size}
	cmd := extractCmd(o.bin, strips)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	marks := map[int]bool{1: true, 50: true, 100: true, 250: true, 500: true, 750: true, 1000: true}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	done := 0
	for sc.Scan() {
		done++
		if strings.Contains(sc.Text(), `"error":`) {
			res.errors++
		}
		rss, hwm := procMem(status)
		if rss == 0 {
			continue // the process exited right after its last line
		}
		res.peakMB = max(res.peakMB, hwm)
		if marks[done] || done == len(strips) || done%100 == 0 {
			res.curve = append(res.curve, rssPoint{done, rss})
			fmt.Fprintf(os.Stderr, "  %d pages: RSS %.0f MB (peak %.0f)\n", done, rss, hwm)
		}
	}
	_, _ = io.Copy(io.Discard, stdout)
	werr := cmd.Wait()
	res.wall = time.Since(start)
	if done != len(strips) {
		return nil, fmt.Errorf("extract printed %d lines for %d pages: %v: %s", done, len(strips), werr, lastLine(stderr.String()))
	}
	return res, nil
}

// procMem returns VmRSS and VmHWM in MB.
func procMem(path string) (rss, hwm float64) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			hwm = kb / 1024
		}
	}
	return rss, hwm
}

// stripHeight is about an inch of a 150 dpi receipt: a few printed lines,
// a small real-text page.
const stripHeight = 160

// makeStrips cuts horizontal bands off the scans, top to bottom, scan
// after scan (again from the first if needed), until there are n, and
// writes them as PNG so no JPEG generation is lost.
func makeStrips(scans []string, dir string, n int) ([]string, string, error) {
	var out []string
	for round := 0; len(out) < n; round++ {
		for _, s := range scans {
			data, err := os.ReadFile(s)
			if err != nil {
				return nil, "", err
			}
			f, err := imagefmt.Open(data, imagefmt.Limits{MaxPixels: 60_000_000, MaxPages: 1})
			if err != nil {
				continue // the corrupt scan the stage refuses
			}
			img, err := f.Decode(0)
			if err != nil {
				continue
			}
			sub, ok := img.(interface {
				SubImage(image.Rectangle) image.Image
			})
			if !ok {
				continue
			}
			b := img.Bounds()
			// Each round starts lower, so repeated rounds give new strips.
			for y := b.Min.Y + (round*stripHeight/3)%stripHeight; y+stripHeight <= b.Max.Y && len(out) < n; y += 2 * stripHeight {
				p := filepath.Join(dir, fmt.Sprintf("strip-%04d.png", len(out)))
				if err := writePNG(p, sub.SubImage(image.Rect(b.Min.X, y, b.Max.X, y+stripHeight))); err != nil {
					return nil, "", err
				}
				out = append(out, p)
			}
			if len(out) >= n {
				break
			}
		}
		if round > 10 {
			return nil, "", fmt.Errorf("only %d strips from %d scans", len(out), len(scans))
		}
	}
	return out, fmt.Sprintf("full width × %d px", stripHeight), nil
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	// Fast compression: on a busy machine the default level made cutting
	// 1,000 strips take minutes; the file size does not matter here.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
