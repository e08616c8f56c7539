package synth

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"math"
)

// encode writes img as PNG, or JPEG when quality > 0, with the resolution
// recorded in the file (PNG pHYs, JPEG JFIF density): the archive reads
// dpi from there as scan evidence, and Go's encoders write neither.
func encode(img image.Image, dpi, quality int) (data []byte, ext string, err error) {
	var buf bytes.Buffer
	if quality > 0 {
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
			return nil, "", fmt.Errorf("synth: encode jpeg: %w", err)
		}
		return withJFIFDensity(buf.Bytes(), dpi), "jpg", nil
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, "", fmt.Errorf("synth: encode png: %w", err)
	}
	return withPNGDensity(buf.Bytes(), dpi), "png", nil
}

// withPNGDensity inserts a pHYs chunk (pixels per metre, unit metre) right
// after IHDR, which the spec requires to precede IDAT.
func withPNGDensity(b []byte, dpi int) []byte {
	const ihdrEnd = 8 + 4 + 4 + 13 + 4 // signature, then IHDR length, type, data, CRC
	ppm := uint32(math.Round(float64(dpi) / 0.0254))
	chunk := make([]byte, 4+4+9+4)
	binary.BigEndian.PutUint32(chunk[0:], 9)
	copy(chunk[4:], "pHYs")
	binary.BigEndian.PutUint32(chunk[8:], ppm)
	binary.BigEndian.PutUint32(chunk[12:], ppm)
	chunk[16] = 1 // unit: metre
	binary.BigEndian.PutUint32(chunk[17:], crc32.ChecksumIEEE(chunk[4:17]))
	out := make([]byte, 0, len(b)+len(chunk))
	out = append(out, b[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, b[ihdrEnd:]...)
}

// withJFIFDensity inserts a JFIF APP0 segment with the density in dots per
// inch right after SOI.
func withJFIFDensity(b []byte, dpi int) []byte {
	app0 := []byte{
		0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00,
		0x01, 0x01, // version 1.01
		0x01, // units: dots per inch
		byte(dpi >> 8), byte(dpi), byte(dpi >> 8), byte(dpi),
		0x00, 0x00, // no thumbnail
	}
	out := make([]byte, 0, len(b)+len(app0))
	out = append(out, b[:2]...)
	out = append(out, app0...)
	return append(out, b[2:]...)
}
