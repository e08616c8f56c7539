package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"
)

// timing is how long `shohyo extract` took. The command prints one line
// per file as soon as the file is done, so the time between two lines is
// one file's OCR and extraction; the first file also pays for starting
// the process and loading the OCR models, which the median leaves out.
type timing struct {
	PerFile map[string]float64 // base name -> wall seconds
	Wall    float64            // whole run
	CPU     float64            // user + system seconds of the process
	Files   int
}

// runExtract runs `bin extract files...` and reads its output, timing
// every file. A file the command could not read still has its line (with
// an error and no fields), so a non-zero exit alone is not a failure.
func runExtract(bin string, files []string, stderr io.Writer) ([]Result, *timing, error) {
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("-run %s: no files to extract", bin)
	}
	cmd := exec.Command(bin, append([]string{"extract"}, files...)...)
	cmd.Stderr = stderr
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	t := &timing{PerFile: map[string]float64{}}
	var results []Result
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	last := start
	for sc.Scan() {
		now := time.Now()
		var r Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return nil, nil, fmt.Errorf("%s extract printed %q: %w", bin, sc.Text(), err)
		}
		t.PerFile[baseName(r.File)] = now.Sub(last).Seconds()
		last = now
		results = append(results, r)
	}
	scanErr := sc.Err()
	waitErr := cmd.Wait()
	t.Wall = time.Since(start).Seconds()
	if ps := cmd.ProcessState; ps != nil {
		t.CPU = (ps.UserTime() + ps.SystemTime()).Seconds()
	}
	t.Files = len(results)
	if scanErr != nil {
		return nil, nil, scanErr
	}
	if len(results) != len(files) {
		return nil, nil, fmt.Errorf("%s extract printed %d lines for %d files: %v", bin, len(results), len(files), waitErr)
	}
	return results, t, nil
}

func (t *timing) print(out io.Writer, kinds map[string]string) {
	if t.Files == 0 {
		return
	}
	fmt.Fprintf(out, "seconds per document: %.2f wall, %.2f CPU (%d files, one process, OMP_THREAD_LIMIT=1)\n",
		t.Wall/float64(t.Files), t.CPU/float64(t.Files), t.Files)
	byKind := map[string][]float64{}
	for base, s := range t.PerFile {
		k := kinds[base]
		if k == "" {
			k = "unscored"
		}
		byKind[k] = append(byKind[k], s)
	}
	var parts []string
	for _, k := range sortedKeys(byKind) {
		xs := byKind[k]
		sort.Float64s(xs)
		parts = append(parts, fmt.Sprintf("%s median %.2f, max %.2f", k, xs[len(xs)/2], xs[len(xs)-1]))
	}
	fmt.Fprintf(out, "wall seconds per file: %s\n", strings.Join(parts, "; "))
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
