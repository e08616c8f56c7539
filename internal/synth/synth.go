package synth

import (
	"fmt"
	"image/color"
	"math/rand/v2"

	"github.com/shohyo/shohyo/internal/record"
)

// Document kinds, as in record document_type.
const (
	KindInvoice = "invoice"
	KindReceipt = "receipt"
)

// DefaultDPI is the resolution the Electronic Bookkeeping Act asks of
// scans of 重要書類 (invoices and receipts).
const DefaultDPI = 200

// Options choose what Generate makes. The zero value makes a random kind at
// 200 dpi with random dates and random degradations.
type Options struct {
	Kind     string   // KindInvoice, KindReceipt, or "" for either
	DPI      int      // scan resolution; 0 means DefaultDPI
	Calendar Calendar // western or 和暦 dates; CalendarAny picks per document
	// Degrade is applied as given; nil draws degradations from the seed.
	// Use &Degradation{} for a clean PNG.
	Degrade *Degradation
	// Font files; empty means the IPA fonts at DefaultGothic, DefaultMincho.
	GothicFont, MinchoFont string
	// Vendor, when not 0, makes the issuer a recurring vendor: documents
	// with the same Vendor and Kind have the same issuer, printed the
	// same way, and differ in content.
	Vendor uint64
}

// Sample is one rendered document and what it says.
type Sample struct {
	Image       []byte        // encoded PNG or JPEG with its dpi recorded
	Ext         string        // "png" or "jpg"
	Truth       record.Fields // what is printed, normalised
	Kind        string        // KindInvoice or KindReceipt
	Width       int           // pixels
	Height      int           // pixels
	DPI         int
	Degradation Degradation // what was applied
}

// Streams of the seeded source: content and degradation draw from
// separate streams, so forcing a degradation keeps a seed's content.
const (
	streamContent = 0x73686f6879 // "shohy"
	streamDegrade = 0x6465677261 // "degra"
	streamKind    = 0x6b696e64   // "kind"
)

// Generate renders the document of seed under opts. The same seed and
// options always give the same bytes.
func Generate(seed uint64, opts Options) (Sample, error) {
	if opts.DPI == 0 {
		opts.DPI = DefaultDPI
	}
	if opts.DPI < 30 || opts.DPI > 1200 {
		return Sample{}, fmt.Errorf("synth: dpi %d out of range 30..1200", opts.DPI)
	}
	if opts.GothicFont == "" {
		opts.GothicFont = DefaultGothic
	}
	if opts.MinchoFont == "" {
		opts.MinchoFont = DefaultMincho
	}
	kind := opts.Kind
	if kind == "" {
		kind = pick(rand.New(rand.NewPCG(seed, streamKind)), []string{KindInvoice, KindReceipt})
	}
	// Each kind has its own content stream: sharing one made an invoice
	// and a receipt of the same seed share their issuer's address.
	stream := uint64(streamContent)
	if kind == KindReceipt {
		stream++
	}
	r := rand.New(rand.NewPCG(seed, stream))
	dpi := float64(opts.DPI)
	paper := color.RGBA{252, 252, 250, 255}
	lid := color.RGBA{232, 232, 228, 255}

	var d *document
	var c *canvas
	var err error
	switch kind {
	case KindInvoice:
		d = newInvoice(r, opts.Calendar)
		if opts.Vendor != 0 {
			asVendor(d, opts.Vendor, opts.Calendar)
		}
		w, h := (&canvas{dpi: dpi}).mm(a4W), (&canvas{dpi: dpi}).mm(a4H)
		if c, err = newCanvas(w, h, dpi, paper, opts.GothicFont, opts.MinchoFont); err != nil {
			return Sample{}, err
		}
		renderInvoice(c, d)
	case KindReceipt:
		d = newReceipt(r, opts.Calendar)
		if opts.Vendor != 0 {
			asVendor(d, opts.Vendor, opts.Calendar)
		}
		rows := receiptRows(d)
		w, h := receiptSize(d, rows, dpi)
		if c, err = newCanvas(w, h, dpi, lid, opts.GothicFont, opts.MinchoFont); err != nil {
			return Sample{}, err
		}
		renderReceipt(c, d, rows)
	default:
		return Sample{}, fmt.Errorf("synth: unknown kind %q", kind)
	}

	dr := rand.New(rand.NewPCG(seed, streamDegrade))
	deg := randomDegradation(dr)
	if opts.Degrade != nil {
		deg = *opts.Degrade
	}
	if deg.JPEGQuality < 0 || deg.JPEGQuality > 100 {
		return Sample{}, fmt.Errorf("synth: jpeg quality %d out of range 0..100", deg.JPEGQuality)
	}
	img := deg.apply(c.img, dr, lid, c.drawn)
	data, ext, err := encode(img, opts.DPI, deg.JPEGQuality)
	if err != nil {
		return Sample{}, err
	}
	b := img.Bounds()
	return Sample{
		Image: data, Ext: ext, Truth: truth(d, c.drawn), Kind: kind,
		Width: b.Dx(), Height: b.Dy(), DPI: opts.DPI, Degradation: deg,
	}, nil
}
