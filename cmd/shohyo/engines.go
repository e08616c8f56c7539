package main

import (
	"github.com/shohyo/shohyo/internal/config"
	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/ocr"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/pipeline"
)

func newEngine(cfg *config.Config) (*ocr.Engine, error) {
	return ocr.New(ocr.Config{Languages: cfg.OCRLanguages, Workers: cfg.Workers, MaxBytes: cfg.MaxBytes})
}

// extractor reads fields and validates them, as the pipeline asks.
type extractor struct{ opts extract.Options }

func (x extractor) Extract(doc *layout.Document) (record.Fields, []record.Finding) {
	return extract.Extract(doc, x.opts), nil
}

func newExtractor() pipeline.Extractor { return extractor{} }

// fullPipeline is the pipeline with its OCR engine and extractor; the
// returned func releases the engine's Tesseract clients.
func (s *services) fullPipeline() (*pipeline.Pipeline, func(), error) {
	engine, err := newEngine(s.cfg)
	if err != nil {
		return nil, nil, err
	}
	p := s.newPipeline()
	p.OCR, p.Extract = engine, newExtractor()
	return p, engine.Close, nil
}
