// Package imagefmt reads scanned pages safely: it sniffs the format from
// magic bytes, reads the scan evidence the Electronic Bookkeeping Act asks
// for (pixel size, resolution, colour) from the file's own headers, checks
// pixel limits before anything is decoded, and decodes pages in pure Go
// with panics turned into errors.
//
// Everything here treats its input as hostile: a file that cannot be read
// gives a fault.Permanent error whose reason an accounting clerk can act on.
// Formats and codecs Go cannot decode (JPEG-compressed TIFF, JPEG 2000) are
// reported with ErrUnsupportedCodec so a caller can fall back to a native
// decoder on a standalone copy of the page (File.PageBytes).
package imagefmt
