package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/shohyo/shohyo/internal/config"
	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/record"
)

// extractLine is one line of `shohyo extract` output; the evaluation tools
// read exactly this shape.
type extractLine struct {
	File     string           `json:"file"`
	Fields   record.Fields    `json:"fields"`
	Findings []record.Finding `json:"findings,omitempty"`
	Error    string           `json:"error,omitempty"`
}

func runExtract(args []string) error {
	fs := newFlags("extract", "[flags] FILE...  (prints one JSON object a line; no services needed)")
	cfg, err := config.Parse(fs, config.GroupLocal, args)
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitError(2)
	}
	engine, err := newEngine(cfg)
	if err != nil {
		return err
	}
	defer engine.Close()
	ex := newExtractor()
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, name := range fs.Args() {
		line := extractLine{File: name}
		data, err := readLimited(name, cfg.MaxBytes)
		if err == nil {
			doc, rerr := engine.Recognize(context.Background(), data, name)
			if err = rerr; err == nil {
				line.Fields, line.Findings = ex.Extract(doc)
			}
		}
		if err != nil {
			failed++
			line.Error = fault.Reason(err)
			fmt.Fprintf(os.Stderr, "shohyo extract: %s: %v\n", name, err)
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	if failed > 0 {
		return exitError(1)
	}
	return nil
}

func readLimited(name string, maxBytes int64) ([]byte, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxBytes {
		return nil, fault.Permanent(fmt.Sprintf("file is %d bytes, larger than the limit of %d bytes", st.Size(), maxBytes), nil)
	}
	return os.ReadFile(name)
}
