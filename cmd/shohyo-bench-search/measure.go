package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// latencies summarises one kind of query.
type latencies struct {
	name          string
	query         string // an example
	ds            []time.Duration
	cpus          []time.Duration // CPU time of the process during each query
	cpu50, cpu95  time.Duration
	target        time.Duration // p95 target, 0 for none
	hits          int           // summed totals, for the mean
	inexact       int           // answers whose total was a lower bound
	p50, p95, p99 time.Duration
	mean          time.Duration
	// rssFile is the file-backed resident memory (mapped index pages)
	// after this kind's queries: each kind adds the pages it touched.
	rssFile int64
}

func (l *latencies) add(d, cpu time.Duration, total uint64, exact bool) {
	l.ds = append(l.ds, d)
	l.cpus = append(l.cpus, cpu)
	l.hits += int(total)
	if !exact {
		l.inexact++
	}
}

func (l *latencies) finish() {
	slices.Sort(l.ds)
	q := func(p float64) time.Duration {
		if len(l.ds) == 0 {
			return 0
		}
		return l.ds[min(len(l.ds)-1, int(p*float64(len(l.ds))))]
	}
	l.p50, l.p95, l.p99 = q(0.50), q(0.95), q(0.99)
	slices.Sort(l.cpus)
	if len(l.cpus) > 0 {
		l.cpu50 = l.cpus[len(l.cpus)/2]
		l.cpu95 = l.cpus[min(len(l.cpus)-1, int(0.95*float64(len(l.cpus))))]
	}
	var sum time.Duration
	for _, d := range l.ds {
		sum += d
	}
	if len(l.ds) > 0 {
		l.mean = sum / time.Duration(len(l.ds))
	}
}

func (l *latencies) meanHits() int {
	if len(l.ds) == 0 {
		return 0
	}
	return l.hits / len(l.ds)
}

// procStatus reads a kB value (VmRSS, VmHWM) of this process.
func procStatus(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n * 1024
		}
	}
	return 0
}

// memory is the resident memory in kB split as the kernel reports it:
// anonymous (the Go heap and stacks) and file-backed (the index segments
// bleve maps; the kernel can drop those pages under pressure).
func memory() (anon, file int64) { return procStatus("RssAnon"), procStatus("RssFile") }

// resetPeakRSS starts VmHWM over (Linux: write 5 to clear_refs), so the
// query phase's peak is not the indexing phase's.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// cpuTime is the CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// machine describes the host for the report.
func machine() string {
	cpu := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	mem := "?"
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				mem = mib(kb * 1024)
			}
		}
	}
	return fmt.Sprintf("%s, %d cores, %s RAM, %s %s/%s", cpu, runtime.NumCPU(), mem, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func mib(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
