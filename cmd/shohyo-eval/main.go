// Command shohyo-eval scores extracted fields against labelled keys, so
// changes to the extractor can be measured on a dataset such as SROIE or
// the synthetic Japanese set of testdata/gen.
//
// Input is JSON lines as printed by `shohyo extract FILE...`, one line per
// file, from the named file or stdin:
//
//	{"file": "img/000.jpg", "fields": {"issuer_name": {"value": "..."}, ...}}
//
// With -run BIN it runs `BIN extract` over the files named as arguments
// itself, and also reports seconds per document (wall, from the time
// between output lines, and CPU of the whole process). With -layout DIR
// it instead runs the extractor itself over DIR/*.json (layout.Document
// files, such as cached OCR output), which measures extraction without
// the OCR stage; -emit prints those JSON lines, -attribute counts the
// misses whose value is not in the OCR text at all (OCR lost it) apart
// from those extraction missed. -recognize DIR fills such a cache: it
// OCRs the files named as arguments into DIR, one at a time.
//
// Scoring:
//   - -keys DIR (SROIE): each file's key is DIR/<base name>.json with
//     company, date, address and total, scored as the dataset defines:
//     company and address upper-cased with only letters and digits kept,
//     date as a calendar date, total as a number. A key without a field
//     is not scored for that field.
//   - -truth DIR (synthetic): each file's truth is DIR/<base name>.json, a
//     record.Fields. Every field is scored on every file: dates and
//     registration numbers exactly, amounts as numbers, names and
//     addresses as SROIE compares them after NFKC, tax lines as the set
//     of (rate, base, tax). Line items are scored item by item, as
//     precision, recall and F1: a found item is right when an item of
//     the truth not matched yet has the same amount and quantity as
//     numbers (a quantity the line does not print counts as 1) and the
//     same description as names compare (× and x alike). Rates are not
//     part of the match; the report says on how many right items the
//     rate is right too, and how many match on amount and quantity with
//     the description aside.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/ocr"
	"github.com/shohyo/shohyo/internal/record"
)

// Result is one line of `shohyo extract` output.
type Result struct {
	File   string        `json:"file"`
	Fields record.Fields `json:"fields"`
}

// options are the command's flags.
type options struct {
	keys, truth string // score against SROIE keys, or against record.Fields truth
	layoutDir   string // extract cached layout documents instead of reading results
	runBin      string // run BIN extract over the arguments, timed
	emit        bool
	verbose     bool
	attribute   bool // with layoutDir: tell OCR losses from extraction misses
	vendors     bool // with layoutDir: the vendor register's effect
	// vendorCorrect: with vendors, a person corrects each vendor's first
	// document; false leaves the register to machine versions.
	vendorCorrect bool
	order         normalize.Order
	title         string
}

func main() {
	// -recognize runs Tesseract in this process: pinned like the stage.
	_ = ocr.ReexecWithThreadLimit()
	var o options
	flag.StringVar(&o.keys, "keys", "/work/shared/datasets/sroie-dev/key", "directory of NNN.json SROIE keys")
	flag.StringVar(&o.truth, "truth", "", "directory of NNN.json truth in record.Fields shape (synthetic set); replaces -keys")
	flag.StringVar(&o.layoutDir, "layout", "", "run the extractor over DIR/*.json layout documents instead of reading results")
	flag.StringVar(&o.runBin, "run", "", "run BIN extract over the files given as arguments and time it")
	flag.BoolVar(&o.emit, "emit", false, "print the JSON lines instead of scoring")
	flag.BoolVar(&o.verbose, "v", false, "list every miss with expected and got")
	flag.BoolVar(&o.attribute, "attribute", false, "with -layout: count the misses whose value OCR lost (not in the text) apart from extraction's")
	flag.BoolVar(&o.vendors, "vendors", false, "with -layout, and -truth of a set where vendors recur (gen -vendors) or SROIE -keys: correct each vendor's first document, score its later ones with and without the vendor register")
	flag.BoolVar(&o.vendorCorrect, "vendor-corrections", true, "with -vendors: correct each vendor's first document (false: the register learns from machine versions only)")
	flag.StringVar(&o.title, "title", "", "heading printed above the table")
	order := flag.String("date-order", "dmy", "order of ambiguous numeric dates in the keys: dmy, mdy or ymd")
	explain := flag.String("explain", "", "print the rows, labels, amounts and dates extraction sees in one layout document, and its fields")
	recog := flag.String("recognize", "", "OCR the files given as arguments into DIR as layout documents (for -layout), then stop")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: shohyo-eval [-keys DIR | -truth DIR] [-v] [RESULTS.jsonl | -layout DIR | -run BIN FILE...]\n"+
			"       shohyo-eval -recognize DIR FILE...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	o.order = parseOrder(*order)
	var err error
	switch {
	case *explain != "":
		err = explainFile(*explain, os.Stdout)
	case *recog != "":
		err = recognize(*recog, flag.Args(), os.Stderr)
	case o.vendors:
		err = runVendors(o, os.Stdout)
	default:
		err = run(o, flag.Args(), os.Stdin, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "shohyo-eval:", err)
		os.Exit(1)
	}
}

func parseOrder(s string) normalize.Order {
	switch strings.ToLower(s) {
	case "mdy":
		return normalize.OrderMDY
	case "ymd":
		return normalize.OrderYMD
	}
	return normalize.OrderDMY
}

func run(o options, args []string, stdin io.Reader, out io.Writer) error {
	var results []Result
	var t *timing
	var err error
	switch {
	case o.layoutDir != "":
		results, err = extractDir(o.layoutDir)
	case o.runBin != "":
		results, t, err = runExtract(o.runBin, args, os.Stderr)
	case len(args) > 0:
		var f *os.File
		if f, err = os.Open(args[0]); err != nil {
			return err
		}
		defer f.Close()
		results, err = readResults(f)
	default:
		results, err = readResults(stdin)
	}
	if err != nil {
		return err
	}
	if o.emit {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		for _, r := range results {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	var rep *Report
	if o.truth != "" {
		rep, err = scoreTruth(results, o.truth)
	} else {
		rep, err = scoreAll(results, o.keys, o.order)
	}
	if err != nil {
		return err
	}
	rep.Title, rep.Timing = o.title, t
	rep.print(out, o.verbose)
	if o.attribute && o.layoutDir != "" {
		at, err := attribute(rep, o.layoutDir, o.truth)
		if err != nil {
			return err
		}
		at.print(out, rep.Fields)
	}
	return nil
}

// readResults reads JSON lines; blank lines are skipped.
func readResults(r io.Reader) ([]Result, error) {
	var out []Result
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var res Result
		if err := json.Unmarshal([]byte(line), &res); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if res.File == "" {
			return nil, fmt.Errorf("line %d: no \"file\"", n)
		}
		out = append(out, res)
	}
	return out, sc.Err()
}

func explainFile(path string, out io.Writer) error {
	doc, err := readLayout(path)
	if err != nil {
		return err
	}
	fmt.Fprint(out, extract.Explain(doc, extract.Options{}))
	b, err := json.MarshalIndent(extract.Extract(doc, extract.Options{}), "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s\n", b)
	return err
}

// layoutPaths lists the layout documents of dir in file order.
func layoutPaths(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.layout.json"))
	if err == nil && len(paths) == 0 {
		paths, err = filepath.Glob(filepath.Join(dir, "*.json"))
	}
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, errors.New("no *.json in " + dir)
	}
	sort.Strings(paths)
	return paths, nil
}

func readLayout(path string) (*layout.Document, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc layout.Document
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &doc, nil
}

// extractDir runs the extractor over every layout document in dir: the
// *.layout.json files if there are any (a golden-test directory, where
// expectations sit beside them), else every *.json.
func extractDir(dir string) ([]Result, error) {
	paths, err := layoutPaths(dir)
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, p := range paths {
		doc, err := readLayout(p)
		if err != nil {
			return nil, err
		}
		out = append(out, Result{File: p, Fields: extract.Extract(doc, extract.Options{})})
	}
	return out, nil
}
