package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/layout"
)

// Config tunes an Engine. Zero values take the defaults noted.
type Config struct {
	Languages    string        // Tesseract languages; "jpn+eng"
	Workers      int           // recognition goroutines, one Tesseract client each; runtime.NumCPU()
	MaxBytes     int64         // largest input file; 64 MiB
	MaxPixels    int64         // largest page; 60 megapixels (A3 at 600 dpi is 70)
	MaxPages     int           // most pages in one document; 200
	PageTimeout  time.Duration // see Engine; 2 minutes
	RecycleAfter int           // pages per client before it is recreated; 5000

	// PageSegMode is Tesseract's page segmentation mode for every page;
	// 0 chooses per page by shape (see doc.go): 6 (one block) for long
	// narrow slips such as receipts, 3 (automatic) for everything else.
	PageSegMode int
	// UpscaleBelowDPI: pages scanned below it are scaled to 300 dpi before
	// recognition (boxes are mapped back). 0 means DefaultUpscaleBelowDPI;
	// negative turns upscaling off.
	UpscaleBelowDPI float64
	// OSDBelowConf: orientation detection runs only on pages whose mean
	// confidence is below it. 0 means DefaultOSDBelowConf; negative: never.
	OSDBelowConf float64
	// SkipDeskew turns off straightening pages skewed by a few degrees
	// (deskew.go) before recognition.
	SkipDeskew bool
}

// Defaults chosen by measurement with cmd/shohyo-eval-ocr (see doc.go).
const (
	DefaultUpscaleBelowDPI = 0 // off: see doc.go
	DefaultOSDBelowConf    = 0.6
)

func (c Config) withDefaults() Config {
	if c.Languages == "" {
		c.Languages = "jpn+eng"
	}
	if c.Workers <= 0 {
		c.Workers = runtime.NumCPU()
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = 64 << 20
	}
	if c.MaxPixels <= 0 {
		c.MaxPixels = 60_000_000
	}
	if c.MaxPages <= 0 {
		c.MaxPages = 200
	}
	if c.PageTimeout <= 0 {
		c.PageTimeout = 2 * time.Minute
	}
	if c.RecycleAfter <= 0 {
		c.RecycleAfter = 5000
	}
	if c.UpscaleBelowDPI == 0 {
		c.UpscaleBelowDPI = DefaultUpscaleBelowDPI
	}
	if c.OSDBelowConf == 0 {
		c.OSDBelowConf = DefaultOSDBelowConf
	}
	return c
}

// Engine recognises documents with a pool of Tesseract clients. It is safe
// for concurrent use; pages of all documents share the pool.
//
// PageTimeout bounds how long Recognize waits for one page once a worker
// has taken it (time queued behind other pages does not count). Tesseract
// cannot be interrupted mid-page, so on timeout Recognize returns a
// permanent error at once, the stuck worker finishes its page in the
// background and then exits, and a fresh worker takes its place so the
// pool keeps its size.
type Engine struct {
	cfg   Config
	tools pdfTools
	jobs  chan *pageJob
	quit  chan struct{}

	mu     sync.Mutex // orders start against Close
	closed bool
	wg     sync.WaitGroup
}

var disableConfigDir sync.Once

// New starts cfg.Workers workers and loads the language models in each,
// so a missing model is reported here rather than on the first document.
func New(cfg Config) (*Engine, error) {
	disableConfigDir.Do(api.DisableConfigDir) // pdfcpu would create ~/.config/pdfcpu
	silenceLeptonica()
	e := &Engine{cfg: cfg.withDefaults(), jobs: make(chan *pageJob), quit: make(chan struct{})}
	tools, err := findPDFTools()
	if err != nil {
		return nil, err
	}
	e.tools = tools
	ws := make([]*worker, e.cfg.Workers)
	errs := make([]error, e.cfg.Workers)
	var wg sync.WaitGroup
	for i := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ws[i], errs[i] = e.newWorker()
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, w := range ws {
			if w != nil {
				w.close()
			}
		}
		return nil, err
	}
	for _, w := range ws {
		e.start(w)
	}
	return e, nil
}

func (e *Engine) start(w *worker) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		w.close()
		return
	}
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		w.run()
	}()
}

// Close stops the workers after their current pages and frees the
// clients. Recognize calls still waiting for a worker fail.
func (e *Engine) Close() {
	e.mu.Lock()
	if !e.closed {
		e.closed = true
		close(e.quit)
	}
	e.mu.Unlock()
	e.wg.Wait()
}

// errClosed is returned by Recognize after Close.
var errClosed = errors.New("ocr: engine closed")

// Job states: a worker finishing and a caller timing out race for the job.
const (
	jobRunning int32 = iota
	jobFinished
	jobAbandoned
)

// pageJob is one page handed to a worker. prepare runs in the worker so
// that decoding is spread over the pool as well.
type pageJob struct {
	number  int
	prepare func() (pageInput, error)
	done    chan pageResult // buffered: the worker never blocks on it
	state   atomic.Int32
}

// pageInput is a decoded page ready for recognition.
type pageInput struct {
	img      *image.Gray
	scan     layout.Scan
	rotation int // clockwise degrees already applied (EXIF, PDF /Rotate)
}

type pageResult struct {
	page layout.Page
	err  error
}

// pagePlan is either a page already read (from a PDF text layer) or one
// to recognise.
type pagePlan struct {
	page    *layout.Page
	prepare func() (pageInput, error)
}

// Recognize reads every page of the original in data. name is only used
// in error messages: the format is sniffed from the bytes. Errors that
// retrying cannot fix are fault.Permanent with a reason for a clerk.
func (e *Engine) Recognize(ctx context.Context, data []byte, name string) (*layout.Document, error) {
	doc, _, err := e.RecognizeFiles(ctx, data, name)
	return doc, err
}

// RecognizeFiles is Recognize that also returns the files embedded in a
// PDF (such as a Factur-X/ZUGFeRD XML), which the archive keeps.
func (e *Engine) RecognizeFiles(ctx context.Context, data []byte, name string) (*layout.Document, []EmbeddedFile, error) {
	doc, files, err := e.recognize(ctx, data)
	if err != nil {
		return nil, nil, fmt.Errorf("ocr: %s: %w", name, err)
	}
	return doc, files, nil
}

func (e *Engine) recognize(ctx context.Context, data []byte) (*layout.Document, []EmbeddedFile, error) {
	if len(data) == 0 {
		return nil, nil, fault.Permanent("The file is empty (0 bytes).", nil)
	}
	if int64(len(data)) > e.cfg.MaxBytes {
		return nil, nil, fault.Permanent(fmt.Sprintf("The file is too large: %.1f MB (the limit is %.1f MB).",
			float64(len(data))/(1<<20), float64(e.cfg.MaxBytes)/(1<<20)), nil)
	}
	var plans []pagePlan
	var files []EmbeddedFile
	if imagefmt.Sniff(data) == imagefmt.PDF {
		var err error
		if plans, files, err = e.planPDF(ctx, data); err != nil {
			return nil, nil, err
		}
	} else {
		f, err := imagefmt.Open(data, imagefmt.Limits{MaxPixels: e.cfg.MaxPixels, MaxPages: e.cfg.MaxPages})
		if err != nil {
			return nil, nil, err
		}
		for i := range f.Pages() {
			plans = append(plans, pagePlan{prepare: func() (pageInput, error) { return rasterPage(f, i) }})
		}
	}
	pages, err := e.run(ctx, plans)
	if err != nil {
		return nil, nil, err
	}
	doc := &layout.Document{Engine: "tesseract " + tesseractVersion(), Languages: e.cfg.Languages, Pages: pages}
	for _, f := range files {
		doc.Attachments = append(doc.Attachments, f.Attachment)
	}
	return doc, files, nil
}

// rasterPage decodes page i of an image file, upright per its EXIF or
// TIFF orientation tag.
func rasterPage(f *imagefmt.File, i int) (pageInput, error) {
	img, err := f.Decode(i)
	var g *image.Gray
	switch {
	case errors.Is(err, imagefmt.ErrUnsupportedCodec):
		if g, err = decodeNative(f.PageBytes(i)); err != nil {
			return pageInput{}, fault.Permanent(fmt.Sprintf("Page %d of the image uses a compression that cannot be read.", i+1), err)
		}
		if info := f.Info(i); g.Rect.Dx() != info.Width || g.Rect.Dy() != info.Height {
			return pageInput{}, fault.Permanent(fmt.Sprintf("Page %d of the image is damaged.", i+1),
				fmt.Errorf("decoded %v, header said %dx%d", g.Rect, info.Width, info.Height))
		}
	case err != nil:
		return pageInput{}, err
	default:
		g = imagefmt.Gray(img)
	}
	rot := imagefmt.ExifRotation(f.Info(i).Orientation)
	return pageInput{img: imagefmt.Rotate(g, rot), scan: f.Scan(i), rotation: rot}, nil
}

// run recognises the planned pages in parallel and returns them in order.
// The first failure cancels the pages not yet started.
func (e *Engine) run(ctx context.Context, plans []pagePlan) ([]layout.Page, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make([]layout.Page, len(plans))
	errs := make([]error, len(plans))
	var wg sync.WaitGroup
	for i, p := range plans {
		if p.page != nil {
			pages[i] = *p.page
			pages[i].Number = i + 1
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			pages[i], errs[i] = e.submit(ctx, i+1, p.prepare)
			if errs[i] != nil {
				cancel()
			}
		}()
	}
	wg.Wait()
	// Report the cause, not the cancellations it triggered.
	var first error
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
		if first == nil {
			first = err
		}
	}
	if first != nil {
		return nil, first
	}
	return pages, nil
}

// submit hands one page to the pool and waits for it (see Engine for the
// timeout rules).
func (e *Engine) submit(ctx context.Context, number int, prepare func() (pageInput, error)) (layout.Page, error) {
	job := &pageJob{number: number, prepare: prepare, done: make(chan pageResult, 1)}
	select {
	case e.jobs <- job: // a worker has taken it
	case <-ctx.Done():
		return layout.Page{}, ctx.Err()
	case <-e.quit:
		return layout.Page{}, errClosed
	}
	timer := time.NewTimer(e.cfg.PageTimeout)
	defer timer.Stop()
	select {
	case r := <-job.done:
		return r.page, r.err
	case <-ctx.Done():
		// The worker finishes the page and carries on with the next job.
		return layout.Page{}, ctx.Err()
	case <-timer.C:
		if !job.state.CompareAndSwap(jobRunning, jobAbandoned) {
			r := <-job.done // finished just now
			return r.page, r.err
		}
		if w, err := e.newWorker(); err == nil {
			e.start(w)
		}
		return layout.Page{}, fault.Permanent(fmt.Sprintf(
			"Page %d could not be read within %v; the scan may be damaged, very noisy or unusually large.", number, e.cfg.PageTimeout), nil)
	}
}

// tesseractVersion is "5.3.0" from Tesseract's version string.
func tesseractVersion() string {
	v := strings.Fields(tessVersion())
	if len(v) == 0 {
		return "unknown"
	}
	return v[0]
}
