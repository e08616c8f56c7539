package main

import (
	"fmt"
	"time"

	"github.com/shohyo/shohyo/internal/index"
)

// report prints the figures as Markdown, with each one's ratio to its
// target (above 1 is better for throughput, below 1 for latency and RSS).
func report(n int, rate float64, took, cpu time.Duration, size, peakIndexing, rssQueries, peakQueries int64,
	kinds []*queryKind, sr *storageResult, checkTook, hasEach time.Duration) {
	fmt.Printf("\n| measure | result | target (at 1M) | ratio to target |\n|---|---|---|---|\n")
	if rate > 0 {
		fmt.Printf("| indexing, batch (FillFromVersion → Builder, %d per batch) | %.0f docs/s (%s in all) | ≥ %.0f docs/s | %.2f× |\n",
			index.BatchSize, rate, took.Round(time.Second), targetRate, rate/targetRate)
		perCPU := float64(n) / cpu.Seconds()
		fmt.Printf("| indexing CPU cost (independent of the machine's load) | %.0f µs of CPU per document = %.0f docs per CPU-second; on 2 idle cores at most %.0f docs/s | ≥ %.0f docs/s | %.2f× |\n",
			float64(cpu.Microseconds())/float64(n), perCPU, 2*perCPU, targetRate, 2*perCPU/targetRate)
	}
	fmt.Printf("| index size on disk | %s (%.0f bytes/doc) | | |\n", mib(size), float64(size)/float64(n))
	if rate > 0 {
		fmt.Printf("| peak RSS while indexing | %s | ≤ 1 GiB | %.2f |\n", mib(peakIndexing), float64(peakIndexing)/targetRSS)
	}
	fmt.Printf("| RSS after the queries (peak while querying) | %s (%s) | ≤ 1 GiB | %.2f |\n",
		mib(rssQueries), mib(peakQueries), float64(peakQueries)/targetRSS)
	for _, k := range kinds {
		l := k.lat
		target, ratio := "", ""
		if t := l.target; t > 0 {
			target, ratio = "p95 ≤ "+ms(t), fmt.Sprintf("%.2f", float64(l.p95)/float64(t))
		}
		bound := ""
		if l.inexact > 0 {
			bound = fmt.Sprintf("; total a lower bound in %d%% of answers", 100*l.inexact/len(l.ds))
		}
		fmt.Printf("| %s: p50 / p95 / p99 (mean total %d%s) | %s / %s / %s | %s | %s |\n",
			l.name, l.meanHits(), bound, ms(l.p50), ms(l.p95), ms(l.p99), target, ratio)
		cpuRatio := ""
		if l.target > 0 {
			cpuRatio = fmt.Sprintf("%.2f", float64(l.cpu95)/float64(l.target))
		}
		fmt.Printf("| … its CPU time (what an idle core would take, about): p50 / p95 | %s / %s | %s | %s |\n",
			ms(l.cpu50), ms(l.cpu95), target, cpuRatio)
		fmt.Printf("| … mapped index pages resident after it (each kind adds what it touched) | %s | | |\n", mib(l.rssFile))
	}
	if checkTook == 0 {
		fmt.Println()
		return
	}
	fmt.Printf("| Has (serve asks it of every finished document at start) | %.1f µs each (%s for all) | | |\n",
		float64(hasEach.Nanoseconds())/1000, (hasEach * time.Duration(n)).Round(time.Second))
	fmt.Printf("| consistency check, index side: every stored entry read | %s (%.0f µs/doc) | | |\n",
		checkTook.Round(time.Millisecond), float64(checkTook.Microseconds())/float64(n))
	if sr != nil {
		fmt.Printf("| reindex from a local archive (%d docs: receipt, OCR, version each) | %.0f docs/s (%s); writing the archive took %s | | |\n",
			sr.docs, float64(sr.docs)/sr.rebuild.Seconds(), sr.rebuild.Round(time.Millisecond), sr.write.Round(time.Second))
		fmt.Printf("| consistency check (pipeline.CheckIndex) over those | %s, %s | | |\n", sr.check.Round(time.Millisecond), sr.report)
	}
	fmt.Printf("\nExample queries: ")
	for i, k := range kinds {
		if i > 0 {
			fmt.Print(", ")
		}
		fmt.Printf("`%s`", k.lat.query)
	}
	fmt.Printf(".\n\n")
}
