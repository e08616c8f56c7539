package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/pipeline"
)

// storageResult is the reindex-from-storage measurement.
type storageResult struct {
	docs    int
	write   time.Duration // to write the archive (receipt, OCR result, version per document)
	rebuild time.Duration // pipeline.RebuildAfter into a fresh index, and the swap
	check   time.Duration // pipeline.CheckIndex over the result
	report  *index.CheckReport
}

// reindexFromStorage writes m documents to a local archive with the
// docstore, as the pipeline would, then rebuilds an index from it the way
// `shohyo reindex` does and checks it.
func reindexFromStorage(ctx context.Context, g *generator, dir string, m int) (*storageResult, error) {
	drv, err := storage.NewLocal(filepath.Join(dir, "archive"))
	if err != nil {
		return nil, err
	}
	docs := docstore.New(storage.NewBucket(drv))
	res := &storageResult{docs: m}
	start := time.Now()
	next := make(chan int)
	errs := make(chan error, 4)
	var wg sync.WaitGroup
	for range 4 { // local writes fsync: overlap them
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := storeDoc(ctx, docs, g.make(i)); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 0; i < m; i++ {
		select {
		case next <- i:
		case err := <-errs:
			close(next)
			wg.Wait()
			return nil, err
		}
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return nil, err
	default:
	}
	res.write = time.Since(start)

	x, err := index.Open(filepath.Join(dir, "index-from-storage"))
	if err != nil {
		return nil, err
	}
	defer x.Close()
	p := &pipeline.Pipeline{Docs: docs}
	start = time.Now()
	b, err := x.NewBuilder()
	if err != nil {
		return nil, err
	}
	if err := p.RebuildAfter(ctx, b.After(), b.Add, func(int, int) {}); err != nil {
		x.Abort(b)
		return nil, err
	}
	if err := x.Swap(b); err != nil {
		return nil, err
	}
	res.rebuild = time.Since(start)
	start = time.Now()
	if res.report, err = p.CheckIndex(ctx, x); err != nil {
		return nil, err
	}
	res.check = time.Since(start)
	if !res.report.OK() {
		return res, fmt.Errorf("the rebuilt index does not match storage: %s", res.report)
	}
	return res, nil
}

func storeDoc(ctx context.Context, docs *docstore.Store, d doc) error {
	id := d.version.DocID
	h := sha256.Sum256([]byte(id))
	source := "bench/" + id + ".jpg"
	rc := docstore.Receipt{DocID: id, SHA256: hex.EncodeToString(h[:]), Size: int64(len(d.text)), Name: "scan.jpg",
		MediaType: "image/jpeg", Source: source, Via: "inbox", ReceivedAt: d.received}
	if err := docs.AddReceipt(ctx, rc, docstore.ReceiptID(source, d.received)); err != nil {
		return fmt.Errorf("bench: receipt %s: %w", id, err)
	}
	var lines []layout.Line
	for _, l := range strings.Split(strings.TrimSuffix(d.text, "\n"), "\n") {
		lines = append(lines, layout.Line{Text: l, Conf: 90})
	}
	ocr := &layout.Document{Engine: "bench", Languages: "jpn+eng",
		Pages: []layout.Page{{Number: 1, Source: layout.SourceOCR, MeanConf: 90, Lines: lines}}}
	if err := docs.PutOCR(ctx, id, ocr); err != nil {
		return fmt.Errorf("bench: OCR %s: %w", id, err)
	}
	if err := docs.AppendVersion(ctx, d.version); err != nil {
		return fmt.Errorf("bench: version %s: %w", id, err)
	}
	return nil
}
