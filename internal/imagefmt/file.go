package imagefmt

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // registers the decoders image.DecodeConfig uses
	_ "image/png"
	"io"
	"runtime/debug"

	"golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/layout"
)

// AssumedDPI is recorded, with DPISource "assumed", for pages whose file
// states no resolution; it is the usual default of office scanners.
const AssumedDPI = 300

// ErrUnsupportedCodec marks a page whose container is valid but whose
// compression Go cannot decode (JPEG-in-TIFF, for example).
var ErrUnsupportedCodec = errors.New("imagefmt: codec not supported in Go")

// Limits bound what Open accepts; zero means no limit.
type Limits struct {
	MaxPixels int64 // per page
	MaxPages  int
}

// File is a validated raster file whose pages decode one at a time.
type File struct {
	Format Format
	data   []byte
	pages  []Info
	ifds   []uint32 // TIFF: directory offset of each page
}

// Open checks data's headers against lim without decoding pixels, so a
// decompression bomb is refused before it allocates anything.
func Open(data []byte, lim Limits) (f *File, err error) {
	defer recoverPermanent(&err)
	f = &File{Format: Sniff(data), data: data}
	var info Info
	switch f.Format {
	case JPEG:
		info, err = jpegInfo(data)
	case PNG:
		info, err = pngInfo(data)
	case WebP:
		info = Info{ColorMode: ModeRGB, BitDepth: 24}
	case TIFF:
		if err := f.openTIFF(lim); err != nil {
			return nil, err
		}
	case PDF:
		return nil, fmt.Errorf("imagefmt: PDF is not a raster format")
	default:
		return nil, fault.Permanent("The file is not a supported image or PDF: it is "+Describe(data)+".", nil)
	}
	if err != nil {
		return nil, damaged(err)
	}
	if f.Format != TIFF {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return nil, damaged(err)
		}
		info.Width, info.Height = cfg.Width, cfg.Height
		if f.Format == WebP && cfg.ColorModel != nil && hasAlpha(cfg) {
			info.BitDepth = 32
		}
		f.pages = []Info{info}
	}
	for i, p := range f.pages {
		if err := checkPixels(i+1, p.Width, p.Height, lim.MaxPixels); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func hasAlpha(cfg image.Config) bool {
	_, _, _, a := cfg.ColorModel.Convert(image.Transparent).RGBA()
	return a == 0
}

func checkPixels(page, w, h int, max int64) error {
	if w <= 0 || h <= 0 {
		return fault.Permanent(fmt.Sprintf("Page %d of the image has no pixels (%d×%d); the file is damaged.", page, w, h), nil)
	}
	if max > 0 && int64(w)*int64(h) > max {
		return fault.Permanent(fmt.Sprintf("Page %d is too large to process: %d×%d pixels (the limit is %d megapixels). Scan at a lower resolution.",
			page, w, h, max/1_000_000), nil)
	}
	return nil
}

func damaged(err error) error {
	return fault.Permanent("The image file is damaged or incomplete and cannot be read.", err)
}

// recoverPermanent turns a decoder panic (a bug triggered by a hostile
// file) into a permanent error instead of taking the worker down.
func recoverPermanent(err *error) {
	if r := recover(); r != nil {
		*err = fault.Permanent("The image file is damaged and cannot be read.",
			fmt.Errorf("imagefmt: decoder panic: %v\n%s", r, debug.Stack()))
	}
}

// Pages returns the number of pages.
func (f *File) Pages() int { return len(f.pages) }

// Info returns page i's header information (i from 0).
func (f *File) Info(i int) Info { return f.pages[i] }

// Scan returns page i's scan evidence.
func (f *File) Scan(i int) layout.Scan {
	p := f.pages[i]
	s := layout.Scan{
		WidthPx: p.Width, HeightPx: p.Height,
		DPI: p.DPI, DPISource: "file",
		ColorMode: p.ColorMode, BitDepth: p.BitDepth,
		Format: string(f.Format),
	}
	if s.DPI == 0 {
		s.DPI, s.DPISource = AssumedDPI, "assumed"
	}
	return s
}

// Decode decodes page i. It returns an error wrapping ErrUnsupportedCodec
// when only the compression is beyond Go's decoders.
func (f *File) Decode(i int) (img image.Image, err error) {
	defer recoverPermanent(&err)
	switch f.Format {
	case TIFF:
		img, err = tiff.Decode(newPageReader(f.data, f.ifds[i]))
		var ue tiff.UnsupportedError
		if errors.As(err, &ue) {
			return nil, fmt.Errorf("page %d: %w: %v", i+1, ErrUnsupportedCodec, err)
		}
	default:
		img, _, err = image.Decode(bytes.NewReader(f.data))
	}
	if err != nil {
		return nil, damaged(fmt.Errorf("page %d: %w", i+1, err))
	}
	if b := img.Bounds(); b.Dx() != f.pages[i].Width || b.Dy() != f.pages[i].Height {
		return nil, damaged(fmt.Errorf("page %d: decoded %v, header said %dx%d", i+1, b, f.pages[i].Width, f.pages[i].Height))
	}
	return img, nil
}

// PageBytes returns page i as a standalone file for a native decoder: the
// file itself, or for TIFF a copy whose first directory is page i.
func (f *File) PageBytes(i int) []byte {
	if f.Format != TIFF {
		return f.data
	}
	out := bytes.Clone(f.data)
	copy(out, newPageReader(f.data, f.ifds[i]).head[:])
	return out
}

// pageReader presents a TIFF whose header points at one chosen directory,
// so x/image/tiff (which reads only the first) decodes any page without
// copying the file. It serves ReadAt, which the decoder prefers.
type pageReader struct {
	data []byte
	head [8]byte // the header with the chosen directory's offset
	off  int64
}

func newPageReader(data []byte, ifd uint32) *pageReader {
	r := &pageReader{data: data}
	copy(r.head[:], data)
	order, _, _ := tiffHeader(data)
	order.PutUint32(r.head[4:], ifd)
	return r
}

func (r *pageReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off >= int64(len(r.data)) {
		return 0, io.EOF
	}
	n := copy(p, r.data[off:])
	if off < 8 {
		copy(p[:n], r.head[off:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (r *pageReader) Read(p []byte) (int, error) {
	n, err := r.ReadAt(p, r.off)
	r.off += int64(n)
	return n, err
}
