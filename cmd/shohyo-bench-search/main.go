// Command shohyo-bench-search measures search at archive scale. It
// generates N synthetic documents (Japanese and English counterparties
// with a Zipf spread, dates over 10 years, log-normal amounts, invoice
// text as OCR reads it), turns each record version into an index entry
// with pipeline.FillFromVersion and indexes them with index.Builder, as
// `shohyo reindex` does. It then times the 電子帳簿保存法 combined query
// (counterparty AND date range AND amount range), a full-text query and
// a facet query through index.ParseQuery and Index.Search, and a
// reindex from a local archive written with the docstore. It prints a
// Markdown report for docs/benchmarks.md. The whole run goes under a
// 1 GiB memory cgroup limit when the process may create one (memcap.go).
//
//	go run ./cmd/shohyo-bench-search -n 100000
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/index"
)

func main() {
	n := flag.Int("n", envInt("N", 100_000), "documents to index (env N)")
	nq := flag.Int("queries", 300, "timed queries of each kind")
	store := flag.Int("store", 2000, "documents written to a local archive to time a reindex from storage (0: skip)")
	dir := flag.String("dir", "", "work directory (default: a temporary one, removed at the end)")
	seed := flag.Uint64("seed", 1, "generator seed")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	reuse := flag.Bool("reuse", false, "query the index already in -dir instead of building one (for tuning queries)")
	only := flag.String("only", "", "run only the query kinds whose name starts with this (combined, full, facets)")
	memLimit := flag.Int64("memlimit", 1<<30, "run under a memory cgroup limit of this many bytes, page cache included, when this process may create one (0: uncapped)")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	log.SetFlags(log.Ltime)
	work := *dir
	if work == "" {
		d, err := os.MkdirTemp("", "shohyo-bench-search-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		work = d
	}
	if *reuse && *dir == "" {
		log.Fatal("-reuse needs -dir")
	}
	var capped *memCap
	memNote := "not capped (-memlimit 0)"
	if *memLimit > 0 {
		var err error
		if capped, err = capMemory(*memLimit); err != nil {
			memNote = "not capped: " + err.Error()
		}
	}
	err := run(context.Background(), work, *n, *nq, *store, *seed, *reuse, *only)
	if capped != nil {
		fmt.Printf("- memory: %s\n", capped)
		capped.release()
	} else {
		fmt.Printf("- memory: %s; mapped index pages then stay resident while the machine has memory to spare\n", memNote)
	}
	if err != nil {
		log.Fatal(err)
	}
}

func envInt(k string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(k)); err == nil && n > 0 {
		return n
	}
	return def
}

// targets at 1M documents on the 2-core machine (issue 6).
const (
	targetCombined = 20 * time.Millisecond
	targetFullText = 50 * time.Millisecond
	targetRate     = 5000.0
	targetRSS      = 1 << 30
)

func run(ctx context.Context, work string, n, nq, store int, seed uint64, reuse bool, only string) error {
	g := newGenerator(seed)
	fmt.Printf("### %d documents, %s\n\n", n, time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Printf("- machine: %s\n- load average before: %s\n", machine(), loadavg())

	x, err := index.Open(filepath.Join(work, "index"))
	if err != nil {
		return err
	}
	defer x.Close()
	start, cpu0 := time.Now(), cpuTime()
	if c, _ := x.Count(); !reuse || c != uint64(n) {
		if err := build(x, g, n); err != nil {
			return err
		}
	} else {
		fmt.Printf("- reusing the index in %s: indexing not measured in this run\n", work)
	}
	took, cpu := time.Since(start), cpuTime()-cpu0
	rate := float64(n) / took.Seconds()
	size := dirSize(filepath.Join(work, "index"))
	peakIndexing := procStatus("VmHWM")
	if anon, file := memory(); !reuse {
		fmt.Printf("- resident memory after indexing: %s anonymous, %s file-backed\n", mib(anon), mib(file))
	}
	fmt.Printf("- load average after indexing: %s; this process used %.2f of the %d cores while indexing\n",
		loadavg(), cpu.Seconds()/took.Seconds(), 2)
	debug.FreeOSMemory()
	resetPeakRSS()

	var kinds []*queryKind
	for _, k := range queryKinds(g) {
		if strings.HasPrefix(k.lat.name, only) {
			kinds = append(kinds, k)
		}
	}
	for _, k := range kinds {
		r := rand.New(rand.NewPCG(seed, 99))
		for i := range nq + 10 {
			ql := k.make(r)
			t0, c0 := time.Now(), cpuTime()
			q, err := index.ParseQuery(ql)
			if err != nil {
				return fmt.Errorf("%s: %w", ql, err)
			}
			res, err := x.Search(q)
			if err != nil {
				return fmt.Errorf("%s: %w", ql, err)
			}
			if i >= 10 { // the first ones warm the caches
				d := time.Since(t0)
				k.lat.add(d, cpuTime()-c0, res.Total, res.TotalExact)
				if os.Getenv("BENCH_SLOW") != "" && d > 30*time.Millisecond {
					log.Printf("slow: %s: %s, total %d", ms(d), ql, res.Total)
				}
			}
			k.lat.query = ql
		}
		k.lat.finish()
		k.lat.rssFile = procStatus("RssFile")
		log.Printf("%s: p50 %s p95 %s p99 %s", k.lat.name, ms(k.lat.p50), ms(k.lat.p95), ms(k.lat.p99))
	}
	rssQueries, peakQueries := procStatus("VmRSS"), procStatus("VmHWM")
	anon, file := memory()

	var hasEach, checkTook time.Duration
	if only == "" {
		if hasEach, checkTook, err = hasAndCheck(ctx, x, g, n); err != nil {
			return err
		}
	}

	var sr *storageResult
	if store > 0 {
		log.Printf("writing %d documents to a local archive and reindexing from it", store)
		if sr, err = reindexFromStorage(ctx, g, work, store); err != nil {
			return err
		}
	}
	if reuse {
		rate, cpu = 0, 0 // not measured
	}
	report(n, rate, took, cpu, size, peakIndexing, rssQueries, peakQueries, kinds, sr, checkTook, hasEach)
	fmt.Printf("- resident memory after the queries: %s anonymous (heap), %s file-backed (mapped index segments)\n", mib(anon), mib(file))
	fmt.Printf("- load average at the end: %s\n", loadavg())
	return nil
}

// hasAndCheck times Has, which serve asks of every finished document at
// start (resumeAll), and the index side of the consistency check (verify),
// which reads every stored entry: against an empty storage walk,
// everything is "extra".
func hasAndCheck(ctx context.Context, x *index.Index, g *generator, n int) (hasEach, checkTook time.Duration, err error) {
	t0 := time.Now()
	const hasN = 10000
	for i := range hasN {
		if ok, err := x.Has(g.docID(i * max(n/hasN, 1) % n)); err != nil || !ok {
			return 0, 0, fmt.Errorf("has %d: %v %v", i, ok, err)
		}
	}
	hasEach = time.Since(t0) / hasN
	t0 = time.Now()
	cr, err := x.Check(ctx, func(func(index.Fingerprint) error) error { return nil })
	if err != nil {
		return 0, 0, err
	}
	checkTook = time.Since(t0)
	if cr.ExtraCount != n {
		return 0, 0, fmt.Errorf("check read %d entries of %d", cr.ExtraCount, n)
	}
	log.Printf("check: read %d fingerprints in %s", cr.ExtraCount, checkTook)
	return hasEach, checkTook, nil
}

// build indexes documents 0..n-1 the way a reindex does.
func build(x *index.Index, g *generator, n int) error {
	b, err := x.NewBuilder()
	if err != nil {
		return err
	}
	start := time.Now()
	for i := range n {
		if err := b.Add(g.entry(g.make(i))); err != nil {
			return err
		}
		if (i+1)%(max(n/10, 1)) == 0 {
			log.Printf("indexed %d/%d (%.0f/s)", i+1, n, float64(i+1)/time.Since(start).Seconds())
		}
	}
	t0 := time.Now()
	if err := x.Swap(b); err != nil {
		return err
	}
	log.Printf("swap (compaction of each year included) took %s", time.Since(t0).Round(time.Second))
	return nil
}

type queryKind struct {
	lat  *latencies
	make func(r *rand.Rand) string
}

// queryKinds are the measured queries. Counterparties are drawn with the
// archive's own Zipf spread: people look up the ones they deal with.
func queryKinds(g *generator) []*queryKind {
	first := g.end.AddDate(-years, 0, 0)
	months := func(r *rand.Rand, span int) string {
		s := first.AddDate(0, r.IntN(years*12-span), 0)
		return s.Format("2006-01") + ".." + s.AddDate(0, span-1, 0).Format("2006-01")
	}
	return []*queryKind{
		{lat: &latencies{name: "combined: counterparty AND date range (3 months) AND amount range", target: targetCombined}, make: func(r *rand.Rand) string {
			c := g.companies[g.zipf(r)]
			lo := math.Round(math.Exp(math.Log(12000)+1.4*r.NormFloat64())/1000) * 1000
			return fmt.Sprintf("取引先:%s date:%s amount:%.0f..%.0f", quoteIfSpace(c.core), months(r, 3), lo, lo*5+1000)
		}},
		{lat: &latencies{name: "full text: one product word, all years", target: targetFullText}, make: func(r *rand.Rand) string {
			if r.Float64() < 0.75 {
				return "text:" + pick(r, jpItems)
			}
			return "text:" + pick(r, enItems)
		}},
		{lat: &latencies{name: "facets: one fiscal year, counterparty + month + type + status"}, make: func(r *rand.Rand) string {
			fy := g.end.Year() - r.IntN(years-1)
			return fmt.Sprintf("date:%d-04..%d-03 facets:counterparty,month,type,status limit:20", fy-1, fy)
		}},
	}
}

func quoteIfSpace(s string) string {
	for _, r := range s {
		if r == ' ' {
			return `"` + s + `"`
		}
	}
	return s
}
