package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

type report struct {
	opts               options
	start, end         time.Time
	loadStart, loadEnd string
	refused            []string
	cli                *cliResult
	ocrmypdf           *ocrmypdfResult
	born               *bornResult
	scale              *scaleResult
	rss                *rssResult
	errors             []string
}

// verdict says whether a measured figure meets its target, in words.
func verdict(ok bool) string {
	if ok {
		return "meets"
	}
	return "misses"
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "Run: %s, %s, %s; load average (1/5/15 min) %s at start, %s at end; %.1f min.\n\n",
		r.start.Format("2006-01-02 15:04 MST"), machine(), tessVersionLine(), r.loadStart, r.loadEnd, r.end.Sub(r.start).Minutes())
	if len(r.refused) > 0 {
		fmt.Fprintf(w, "Scans the stage refuses, left out of every benchmark: %s.\n\n", strings.Join(r.refused, ", "))
	}
	if c := r.cli; c != nil {
		ratio := sum(c.stage).Seconds() / sum(c.tess).Seconds()
		fmt.Fprintf(w, "**1. Stage vs tesseract CLI** (%d SROIE scans, %s, PSM %d, TSV, OMP_THREAD_LIMIT=1, interleaved per image)\n\n",
			c.n, r.opts.lang, r.opts.psm)
		fmt.Fprintln(w, "| reader | total | median per image | ratio to CLI (total / median of per-image) |")
		fmt.Fprintln(w, "|---|---|---|---|")
		fmt.Fprintf(w, "| tesseract CLI (new process per image) | %.1f s | %.2f s | 1 |\n", sum(c.tess).Seconds(), median(c.tess).Seconds())
		fmt.Fprintf(w, "| stage (1 worker, client reused) | %.1f s | %.2f s | **%.2f** / %.2f |\n",
			sum(c.stage).Seconds(), median(c.stage).Seconds(), ratio, medianRatio(c.stage, c.tess))
		fmt.Fprintf(w, "| stage, orientation check off | %.1f s | %.2f s | %.2f / %.2f |\n",
			sum(c.noOSD).Seconds(), median(c.noOSD).Seconds(),
			sum(c.noOSD).Seconds()/sum(c.tess).Seconds(), medianRatio(c.noOSD, c.tess))
		fmt.Fprintf(w, "\nTarget ≤ 1.05: %s (%.2f). The stage's Go-side work (read, validate, decode, gray, PGM) took %.0f ms median, "+
			"%.1f s in all; orientation detection ran on %d of %d pages (mean confidence below the threshold).\n\n",
			verdict(ratio <= 1.05), ratio, float64(median(c.decode).Microseconds())/1000, sum(c.decode).Seconds(), c.osdPages, c.n)
	}
	if m := r.ocrmypdf; m != nil {
		ratio := sum(m.ocrmypdf).Seconds() / sum(m.stage).Seconds()
		fmt.Fprintf(w, "**2. Stage vs ocrmypdf %s** (%d scans as one-page PDFs made with pdfcpu, time to text, interleaved)\n\n", m.version, m.n)
		fmt.Fprintln(w, "| reader | total | median per PDF | characters of text |")
		fmt.Fprintln(w, "|---|---|---|---|")
		fmt.Fprintf(w, "| `ocrmypdf %s` | %.1f s | %.2f s | %d |\n", m.args, sum(m.ocrmypdf).Seconds(), median(m.ocrmypdf).Seconds(), m.ocrmypdfChars)
		fmt.Fprintf(w, "| stage (1 worker) | %.1f s | %.2f s | %d |\n", sum(m.stage).Seconds(), median(m.stage).Seconds(), m.stageChars)
		fmt.Fprintf(w, "\nStage faster by **%.2f×** (median of per-PDF ratios %.2f×); target ≥ 3×: %s.\n\n",
			ratio, medianRatio(m.ocrmypdf, m.stage), verdict(ratio >= 3))
	}
	if b := r.born; b != nil {
		perCore := float64(b.n) / b.cpu.Seconds()
		fmt.Fprintf(w, "**3. Born-digital PDFs** (%d generated one-page invoices, %.1f KB each, English in Helvetica, Japanese in a non-embedded CID font; text layer, no OCR; one goroutine)\n\n",
			b.n, float64(b.bytes)/float64(b.n)/1024)
		fmt.Fprintln(w, "| documents | wall | CPU (process + pdftotext children) | documents / s wall | documents / CPU-second |")
		fmt.Fprintln(w, "|---|---|---|---|---|")
		fmt.Fprintf(w, "| %d | %.2f s | %.2f s | %.1f | **%.1f** |\n", b.n, b.wall.Seconds(), b.cpu.Seconds(), float64(b.n)/b.wall.Seconds(), perCore)
		fmt.Fprintf(w, "\nTarget ≥ 50 per second per core: %s (%.1f per CPU-second); %d of %d pages read from the text layer, %d characters.\n\n",
			verdict(perCore >= 50), perCore, b.textPages, b.n, b.characters)
	}
	if s := r.scale; s != nil {
		d1, d2 := float64(s.n)/s.one.Minutes(), float64(s.n)/s.two.Minutes()
		fmt.Fprintf(w, "**4. Scaling** (%d scans through `bin/shohyo extract`, SHOHYO_WORKERS=1 each; load %s before, %s after)\n\n", s.n, s.loadBefore, s.loadAfter)
		fmt.Fprintln(w, "| processes | wall | documents / minute |")
		fmt.Fprintln(w, "|---|---|---|")
		fmt.Fprintf(w, "| 1 | %.1f s | %.1f |\n| 2 (half each) | %.1f s | %.1f |\n", s.one.Seconds(), d1, s.two.Seconds(), d2)
		fmt.Fprintf(w, "\nScaling **%.2f×**; target ≥ 1.8×: %s.\n\n", d2/d1, verdict(d2/d1 >= 1.8))
	}
	if m := r.rss; m != nil {
		fmt.Fprintf(w, "**5. RSS of one worker** (`bin/shohyo extract`, SHOHYO_WORKERS=1, %d PNG strips (%s) cut from the scans, %.1f min, %d pages with an error)\n\n",
			m.pages, m.stripPx, m.wall.Minutes(), m.errors)
		var head, sep, row strings.Builder
		head.WriteString("| pages |")
		sep.WriteString("|---|")
		row.WriteString("| RSS MB |")
		for _, p := range m.curve {
			if p.pages == 1 || p.pages == 50 || p.pages%250 == 0 || p.pages == 100 || p.pages == m.pages {
				fmt.Fprintf(&head, " %d |", p.pages)
				sep.WriteString("---|")
				fmt.Fprintf(&row, " %.0f |", p.rssMB)
			}
		}
		fmt.Fprintf(w, "%s\n%s\n%s\n", head.String(), sep.String(), row.String())
		fmt.Fprintf(w, "\nPeak (VmHWM) **%.0f MB**; target ≤ 300 MB: %s.\n\n", m.peakMB, verdict(m.peakMB <= 300))
	}
	for _, e := range r.errors {
		fmt.Fprintf(w, "Not measured: %s\n\n", e)
	}
}

// machine describes the CPU and memory from /proc.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				model = strings.TrimSpace(l[strings.Index(l, ":")+1:])
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb float64
		fmt.Sscanf(strings.TrimPrefix(strings.SplitN(string(b), "\n", 2)[0], "MemTotal:"), "%f", &kb)
		mem = fmt.Sprintf(", %.0f GB RAM", kb/1024/1024)
	}
	return fmt.Sprintf("%d × %s%s, %s", runtime.NumCPU(), model, mem, runtime.Version())
}

func tessVersionLine() string {
	out, err := exec.Command("tesseract", "--version").CombinedOutput()
	if err != nil {
		return "tesseract unknown"
	}
	return strings.SplitN(string(out), "\n", 2)[0]
}
