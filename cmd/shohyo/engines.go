package main

import (
	"time"

	"github.com/shohyo/shohyo/internal/config"
	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/ocr"
	"github.com/shohyo/shohyo/pipeline"
)

func newEngine(cfg *config.Config) (*ocr.Engine, error) {
	return ocr.New(ocr.Config{Languages: cfg.OCRLanguages, Workers: cfg.Workers, MaxBytes: cfg.MaxBytes})
}

// newExtractor is the extractor; improvers (the vendor register) run on
// its fields before validation.
func newExtractor(improvers ...extract.Improver) pipeline.Extractor {
	return extract.Stage{Now: time.Now, Improvers: improvers}
}

// fullPipeline is the pipeline with its OCR engine and extractor; the
// returned func releases the engine's Tesseract clients.
func (s *services) fullPipeline() (*pipeline.Pipeline, func(), error) {
	engine, err := newEngine(s.cfg)
	if err != nil {
		return nil, nil, err
	}
	p := s.newPipeline()
	p.OCR, p.Extract, p.Vendors = engine, newExtractor(s.vendors), s.vendors
	return p, engine.Close, nil
}
