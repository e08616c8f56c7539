// Command gen writes synthetic scanned invoices and receipts with their
// truth, for OCR and extraction tests:
//
//	go run ./testdata/gen -n 50 -seed 1 -out DIR
//	go run ./testdata/gen -n 40 -vendors 8 -out DIR   (vendors recur)
//
// Sample i is NNN.png or NNN.jpg (NNN = i, from 001) with NNN.json, its
// truth as record.Fields. manifest.json lists every sample with its seed,
// kind, size and the degradations applied, so a failing sample can be
// regenerated alone with synth.Generate(seed, ...).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shohyo/shohyo/internal/synth"
)

// entry is one line of manifest.json.
type entry struct {
	File        string            `json:"file"`
	Truth       string            `json:"truth"`
	Seed        uint64            `json:"seed"`
	Kind        string            `json:"kind"`
	Width       int               `json:"width"`
	Height      int               `json:"height"`
	DPI         int               `json:"dpi"`
	Bytes       int               `json:"bytes"`
	Vendor      uint64            `json:"vendor,omitempty"`
	Degradation synth.Degradation `json:"degradation"`
}

func main() {
	var (
		n        = flag.Int("n", 10, "number of samples")
		seed     = flag.Uint64("seed", 1, "seed of the first sample; sample i uses seed+i")
		out      = flag.String("out", "", "output directory (created if missing)")
		kind     = flag.String("kind", "", "invoice, receipt, or empty for both")
		dpi      = flag.Int("dpi", synth.DefaultDPI, "scan resolution")
		calendar = flag.String("calendar", "any", "date style: any, western or wareki")
		clean    = flag.Bool("clean", false, "no degradations: straight PNG scans")
		demo     = flag.Bool("demo", false, "write the curated demo set of testdata/samples instead")
		vendors  = flag.Int("vendors", 0, "recurring vendors: sample i is from vendor 1 + i mod N (same issuer and layout; odd vendors invoices, even receipts unless -kind)")
	)
	flag.Parse()
	jobs, err := plan(*n, *seed, *kind, *dpi, *calendar, *clean, *vendors)
	if *demo {
		jobs = demoJobs()
	}
	if err == nil {
		err = run(jobs, *out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// plan turns the flags into one job per sample.
func plan(n int, seed uint64, kind string, dpi int, calendar string, clean bool, vendors int) ([]job, error) {
	opts := synth.Options{Kind: kind, DPI: dpi}
	switch calendar {
	case "any":
	case "western":
		opts.Calendar = synth.CalendarWestern
	case "wareki":
		opts.Calendar = synth.CalendarWareki
	default:
		return nil, fmt.Errorf("unknown -calendar %q", calendar)
	}
	if clean {
		opts.Degrade = &synth.Degradation{}
	}
	jobs := make([]job, n)
	for i := range jobs {
		jobs[i] = job{seed + uint64(i), opts}
		if vendors > 0 {
			v := 1 + i%vendors
			jobs[i].opts.Vendor = uint64(v)
			if kind == "" {
				jobs[i].opts.Kind = []string{synth.KindReceipt, synth.KindInvoice}[v%2]
			}
		}
	}
	return jobs, nil
}

// run renders the jobs into out with their truth and a manifest.
func run(jobs []job, out string) error {
	if out == "" {
		return errors.New("-out is required")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var manifest []entry
	for i, j := range jobs {
		s, err := synth.Generate(j.seed, j.opts)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("%03d", i+1)
		e := entry{
			File: name + "." + s.Ext, Truth: name + ".json", Seed: j.seed, Kind: s.Kind,
			Width: s.Width, Height: s.Height, DPI: s.DPI, Bytes: len(s.Image), Degradation: s.Degradation,
			Vendor: j.opts.Vendor,
		}
		truth, err := json.MarshalIndent(s.Truth, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, e.File), s.Image, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, e.Truth), append(truth, '\n'), 0o644); err != nil {
			return err
		}
		manifest = append(manifest, e)
	}
	m, err := json.MarshalIndent(manifest, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "manifest.json"), append(m, '\n'), 0o644)
}
