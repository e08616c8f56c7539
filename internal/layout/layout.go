// Package layout holds recognised text with its positions: the contract
// between the OCR stage, which produces it, and extraction, which reads it.
//
// Terms: a Document is every page of one original; a Page carries its scan
// evidence (pixel size, dpi, colour) and its Lines; a Line is a run of Words
// on one baseline. Boxes are in page pixels, origin top left; for pages read
// from a PDF text layer, pixels are at the page's nominal DPI.
package layout

// BBox is x0, y0, x1, y1 in page pixels, origin top left.
type BBox [4]int

// Union returns the smallest box holding b and o.
func (b BBox) Union(o BBox) BBox {
	if b == (BBox{}) {
		return o
	}
	if o == (BBox{}) {
		return b
	}
	return BBox{min(b[0], o[0]), min(b[1], o[1]), max(b[2], o[2]), max(b[3], o[3])}
}

// Word is one recognised word. Conf is in [0,1].
type Word struct {
	Text string  `json:"text"`
	BBox BBox    `json:"bbox"`
	Conf float64 `json:"conf"`
}

// Line is one text line. Block and Para number the engine's layout blocks
// on the page, so a consumer can tell columns apart.
type Line struct {
	Text  string  `json:"text"`
	BBox  BBox    `json:"bbox"`
	Conf  float64 `json:"conf"`
	Block int     `json:"block"`
	Para  int     `json:"para"`
	Words []Word  `json:"words"`
}

// Text sources of a page.
const (
	SourceOCR       = "ocr"
	SourceTextLayer = "text-layer"
)

// Scan is the evidence the Electronic Bookkeeping Act asks for a scanned
// page: its pixel size, resolution and colour.
type Scan struct {
	WidthPx   int     `json:"width_px"`
	HeightPx  int     `json:"height_px"`
	DPI       float64 `json:"dpi"`
	DPISource string  `json:"dpi_source"` // "file", "pdf-page-size" or "assumed"
	ColorMode string  `json:"color_mode"` // "rgb", "gray", "bilevel", "palette", "cmyk"
	BitDepth  int     `json:"bit_depth"`  // bits per pixel
	Format    string  `json:"format"`     // "jpeg", "png", "tiff", "webp", "pdf-image", "pdf-text"
}

// Page is one page of a document, numbered from 1.
type Page struct {
	Number   int     `json:"number"`
	Source   string  `json:"source"`
	Scan     Scan    `json:"scan"`
	Rotation int     `json:"rotation"`       // degrees applied before recognition
	Skew     float64 `json:"skew,omitempty"` // small rotation straightened after it, degrees
	MeanConf float64 `json:"mean_conf"`
	Lines    []Line  `json:"lines"`
}

// Attachment is a file embedded in the original, such as a Factur-X XML.
type Attachment struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Document is the recognised text of one original.
type Document struct {
	Engine      string       `json:"engine"`
	Languages   string       `json:"languages"`
	Pages       []Page       `json:"pages"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Text joins every line of every page, one line per row.
func (d *Document) Text() string {
	n := 0
	for _, p := range d.Pages {
		for _, l := range p.Lines {
			n += len(l.Text) + 1
		}
	}
	b := make([]byte, 0, n)
	for _, p := range d.Pages {
		for _, l := range p.Lines {
			b = append(b, l.Text...)
			b = append(b, '\n')
		}
	}
	return string(b)
}
