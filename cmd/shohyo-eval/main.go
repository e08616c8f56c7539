// Command shohyo-eval scores extracted fields against labelled keys, so
// changes to the extractor can be measured on a dataset such as SROIE.
//
// Input is JSON lines as printed by `shohyo extract FILE...`, one line per
// file, from the named file or stdin:
//
//	{"file": "img/000.jpg", "fields": {"issuer_name": {"value": "..."}, ...}}
//
// With -layout DIR it instead runs the extractor itself over DIR/*.json
// (layout.Document files, such as cached OCR output), which measures
// extraction without the OCR stage; -emit prints those JSON lines.
//
// Each file's key is KEYS/<base name>.json with company, date, address and
// total, scored as the dataset defines: company and address upper-cased
// with only letters and digits kept, date as a calendar date, total as a
// number. A key without a field is not scored for that field.
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
	"github.com/shohyo/shohyo/internal/record"
)

// Result is one line of `shohyo extract` output.
type Result struct {
	File   string        `json:"file"`
	Fields record.Fields `json:"fields"`
}

func main() {
	keys := flag.String("keys", "/work/shared/datasets/sroie-dev/key", "directory of NNN.json keys")
	layoutDir := flag.String("layout", "", "run the extractor over DIR/*.json layout documents instead of reading results")
	emit := flag.Bool("emit", false, "with -layout: print the JSON lines instead of scoring")
	verbose := flag.Bool("v", false, "list every miss with expected and got")
	order := flag.String("date-order", "dmy", "order of ambiguous numeric dates in the keys: dmy, mdy or ymd")
	explain := flag.String("explain", "", "print the rows, labels, amounts and dates extraction sees in one layout document, and its fields")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: shohyo-eval [-keys DIR] [-v] [RESULTS.jsonl | -layout DIR]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *explain != "" {
		if err := explainFile(*explain, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "shohyo-eval:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*keys, *layoutDir, *emit, *verbose, parseOrder(*order), flag.Args(), os.Stdin, os.Stdout); err != nil {
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

func run(keys, layoutDir string, emit, verbose bool, order normalize.Order, args []string, stdin io.Reader, out io.Writer) error {
	var results []Result
	var err error
	switch {
	case layoutDir != "":
		results, err = extractDir(layoutDir)
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
	if emit {
		enc := json.NewEncoder(out)
		for _, r := range results {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	rep, err := scoreAll(results, keys, order)
	if err != nil {
		return err
	}
	rep.print(out, verbose)
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
