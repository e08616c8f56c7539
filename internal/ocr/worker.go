package ocr

import (
	"fmt"
	"image"
	"math"
	"runtime/debug"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/otiai10/gosseract/v2"

	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/layout"
)

// worker owns one Tesseract client (not safe for concurrent use) and
// recognises one page at a time with it.
type worker struct {
	e      *Engine
	client *gosseract.Client
	api    tessAPI     // client's, for recognizeWords
	osd    *osd        // created on first use: most pages never need it
	reader *lineReader // for key-field re-reads (reread.go); on first use
	pages  int         // recognised by the current client
}

func (e *Engine) newWorker() (*worker, error) {
	w := &worker{e: e}
	if err := w.newClient(); err != nil {
		return nil, err
	}
	// Recognise once now: a missing language fails New, not a document.
	if _, err := w.read(blankPage(), 300); err != nil {
		w.close()
		return nil, fmt.Errorf("ocr: load Tesseract languages %q: %w", e.cfg.Languages, err)
	}
	return w, nil
}

func (w *worker) newClient() error {
	c := gosseract.NewClient()
	if err := c.SetLanguage(strings.Split(w.e.cfg.Languages, "+")...); err != nil {
		c.Close()
		return fmt.Errorf("ocr: languages %q: %w", w.e.cfg.Languages, err)
	}
	// Tesseract's warnings would go to the service's stderr, page by page.
	if err := c.DisableOutput(); err != nil {
		c.Close()
		return fmt.Errorf("ocr: silence Tesseract: %w", err)
	}
	h, err := initClient(c)
	if err != nil {
		c.Close()
		return err
	}
	w.client, w.api, w.pages = c, h, 0
	return nil
}

// initClient makes gosseract load the languages and apply the variables
// (it does so lazily, on its first recognition), reading a blank image
// once, and returns the client's TessBaseAPI.
func initClient(c *gosseract.Client) (tessAPI, error) {
	if err := c.SetImageFromBytes(imagefmt.PGM(blankPage())); err != nil {
		return tessAPI{}, fmt.Errorf("ocr: set image: %w", err)
	}
	if _, err := c.Text(); err != nil {
		return tessAPI{}, fmt.Errorf("ocr: load Tesseract: %w", err)
	}
	return tessHandle(c)
}

func blankPage() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 64, 64))
	for i := range g.Pix {
		g.Pix[i] = 0xFF
	}
	return g
}

func (w *worker) close() {
	if w.client != nil {
		w.client.Close()
		w.client = nil
	}
	w.osd.close()
	w.osd = nil
	w.reader.close()
	w.reader = nil
}

// run serves jobs until the engine closes, or until a caller gave up on
// this worker's page after a timeout and started a replacement.
func (w *worker) run() {
	defer w.close()
	for {
		select {
		case <-w.e.quit:
			return
		case job := <-w.e.jobs:
			page, err := w.do(job)
			job.done <- pageResult{page: page, err: err}
			if !job.state.CompareAndSwap(jobRunning, jobFinished) {
				return // replaced while stuck on this page
			}
			releaseFreed()
			// A client's adaptive classifier keeps learning from every
			// page; a fresh one bounds that state (doc.go, Memory).
			if w.pages >= w.e.cfg.RecycleAfter {
				w.client.Close()
				if err := w.newClient(); err != nil {
					return // the replacement failing means the models vanished
				}
			}
		}
	}
}

// do recognises one page, turning a panic in Go code into a permanent
// error: a hostile file must not take the service down.
func (w *worker) do(job *pageJob) (page layout.Page, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fault.Permanent(fmt.Sprintf("Page %d could not be processed.", job.number),
				fmt.Errorf("ocr: panic: %v\n%s", r, debug.Stack()))
		}
	}()
	in, err := job.prepare()
	if err != nil {
		return layout.Page{}, err
	}
	return w.recognize(job.number, in)
}

// recognize reads one decoded page: once as it is, and when the result is
// poor, again turned upright if orientation detection says it is rotated.
func (w *worker) recognize(number int, in pageInput) (layout.Page, error) {
	dpi := in.scan.DPI
	var skew float64
	if !w.e.cfg.SkipDeskew {
		in.img, skew = deskew(in.img)
	}
	scale := 1.0
	if up := w.e.cfg.UpscaleBelowDPI; up > 0 && dpi > 0 && dpi < up {
		// Never past the pixel limit: a large photo at a low stated dpi
		// would otherwise grow to hundreds of megapixels.
		px := float64(in.img.Rect.Dx()) * float64(in.img.Rect.Dy())
		scale = max(1, min(300/dpi, 4, math.Sqrt(float64(w.e.cfg.MaxPixels)/px)))
	}
	words, err := w.readScaled(in.img, dpi, scale)
	if err != nil {
		return layout.Page{}, err
	}
	lines, mean := buildLines(words)
	rotation := in.rotation
	// A page without any word is blank, not rotated: skip detection.
	if mean < w.e.cfg.OSDBelowConf && len(lines) > 0 {
		if rot, ok := w.orientation(in.img, dpi); ok {
			turned := imagefmt.Rotate(in.img, rot)
			words2, err := w.readScaled(turned, dpi, scale)
			if err != nil {
				return layout.Page{}, err
			}
			if score(words2) > score(words) {
				lines, mean = buildLines(words2)
				rotation = (rotation + rot) % 360
			}
		}
	}
	if lines == nil {
		lines = []layout.Line{}
	}
	return layout.Page{Number: number, Source: layout.SourceOCR, Scan: in.scan,
		Rotation: rotation, Skew: skew, MeanConf: mean, Lines: lines}, nil
}

// minOSDConf is the orientation confidence below which Tesseract's
// answer is ignored; on upright receipts it claims 180° with confidence
// under 5, so the re-read must also win on score.
const minOSDConf = 1.0

func (w *worker) orientation(g *image.Gray, dpi float64) (int, bool) {
	if w.osd == nil {
		o, err := newOSD()
		if err != nil {
			return 0, false // no osd model: recognition still works
		}
		w.osd = o
	}
	rot, conf, ok := w.osd.detect(g, int(dpi))
	return rot, ok && rot != 0 && conf >= minOSDConf
}

// score rates a reading: confident characters count, doubtful ones do not.
func score(words []rawWord) float64 {
	var s float64
	for _, w := range words {
		s += w.conf * float64(utf8.RuneCountInString(strings.TrimSpace(w.text)))
	}
	return s
}

// readScaled recognises g, enlarged by scale first, with boxes mapped back
// to g's pixels.
func (w *worker) readScaled(g *image.Gray, dpi, scale float64) ([]rawWord, error) {
	if scale != 1 {
		g = imagefmt.Scale(g, scale)
		dpi *= scale
	}
	words, err := w.read(g, dpi)
	if err == nil {
		// Rows read as one and garbled labels before the key re-reads,
		// which look for them; skipped rows before ink right of a line,
		// which then counts them as read.
		words = w.rereadMerged(g, dpi, words)
		words = w.rereadGarbled(g, dpi, words)
		words = w.rereadKeys(g, dpi, words)
		words = w.readMarks(g, dpi, words)
		words = w.readUnreadRows(g, dpi, words)
		words = w.readUnread(g, dpi, words)
	}
	if err != nil || scale == 1 {
		return words, err
	}
	for i := range words {
		for k := range words[i].box {
			words[i].box[k] = int(float64(words[i].box[k])/scale + 0.5)
		}
	}
	return words, nil
}

// read is the one recognition call per image: word boxes with their
// confidences and block/paragraph/line numbers, from which everything
// else is derived.
func (w *worker) read(g *image.Gray, dpi float64) ([]rawWord, error) {
	// Tesseract sizes its filters by the resolution.
	d := int(max(70, min(dpi, 2400)))
	words, err := w.api.recognizeWords(g, d, w.e.pageSegMode(g))
	w.pages++
	return words, err
}

var (
	versionOnce sync.Once
	version     string
)

func tessVersion() string {
	versionOnce.Do(func() { version = gosseract.Version() })
	return version
}

// slipAspect is the length-to-width ratio from which a page is a slip
// (a till receipt) rather than a sheet: A4 is 1.41, an 80 mm receipt 2-5.
const slipAspect = 1.8

// pageSegMode picks Tesseract's page segmentation for a page: measured
// (doc.go), one uniform block reads receipts best and automatic layout
// analysis reads invoices best.
func (e *Engine) pageSegMode(g *image.Gray) int {
	if e.cfg.PageSegMode != 0 {
		return e.cfg.PageSegMode
	}
	w, h := float64(g.Rect.Dx()), float64(g.Rect.Dy())
	if max(w, h) >= slipAspect*min(w, h) {
		return 6 // PSM_SINGLE_BLOCK
	}
	return 3 // PSM_AUTO
}
