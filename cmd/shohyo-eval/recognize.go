package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/shohyo/shohyo/internal/ocr"
)

// recognize OCRs files one at a time into dir as layout documents
// (dir/BASE.json), skipping those already there, so the extraction rules
// can be measured again and again with -layout without paying for OCR:
// the OCR of a set takes minutes, extraction over the cached layouts a
// second.
func recognize(dir string, files []string, log io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	engine, err := ocr.New(ocr.Config{Workers: 1})
	if err != nil {
		return err
	}
	defer engine.Close()
	for _, f := range files {
		out := filepath.Join(dir, baseName(f)+".json")
		if _, err := os.Stat(out); err == nil {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		doc, err := engine.Recognize(context.Background(), data, f)
		if err != nil {
			fmt.Fprintf(log, "shohyo-eval: %v\n", err)
			continue
		}
		b, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		if err := os.WriteFile(out, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
