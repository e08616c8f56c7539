package imagefmt

import (
	"bytes"
	"net/http"
	"strings"
)

// Format is a file format recognised from its first bytes.
type Format string

// Formats the archive reads. Unknown covers everything else.
const (
	Unknown Format = ""
	JPEG    Format = "jpeg"
	PNG     Format = "png"
	TIFF    Format = "tiff"
	WebP    Format = "webp"
	PDF     Format = "pdf"
)

// pdfHeaderWindow is how far into a file the "%PDF-" header may start:
// readers accept junk before it (ISO 32000-1 annex H.3 says 1024 bytes).
const pdfHeaderWindow = 1024

// Sniff names the format of data from its magic bytes, never from a file
// name: scanners and mail clients get extensions wrong.
func Sniff(data []byte) Format {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return TIFF
	case len(data) >= 12 && string(data[0:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return WebP
	}
	if bytes.Contains(data[:min(len(data), pdfHeaderWindow)], []byte("%PDF-")) {
		return PDF
	}
	return Unknown
}

// Describe says in plain words what an unsupported file looks like, for a
// rejection reason: "a text file", "a GIF image", "a ZIP archive".
func Describe(data []byte) string {
	switch {
	case len(data) == 0:
		return "an empty file"
	case bytes.HasPrefix(data, []byte("II+\x00")), bytes.HasPrefix(data, []byte("MM\x00+")):
		return "a BigTIFF image"
	case len(data) >= 12 && string(data[4:8]) == "ftyp" &&
		(strings.HasPrefix(string(data[8:12]), "hei") || strings.HasPrefix(string(data[8:12]), "mif")):
		return "a HEIC/HEIF photo"
	}
	ct := http.DetectContentType(data)
	switch {
	case strings.HasPrefix(ct, "text/html"):
		return "an HTML page"
	case strings.HasPrefix(ct, "text/xml"):
		return "an XML file"
	case strings.HasPrefix(ct, "text/"):
		return "a text file"
	case ct == "image/gif":
		return "a GIF image"
	case ct == "image/bmp":
		return "a BMP image"
	case ct == "application/zip":
		return "a ZIP archive (such as a Word or Excel file)"
	case ct == "application/x-gzip":
		return "a compressed archive"
	}
	return "a file of unknown type"
}
