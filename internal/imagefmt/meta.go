package imagefmt

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
)

// Colour modes, as named in layout.Scan.
const (
	ModeRGB     = "rgb"
	ModeGray    = "gray"
	ModeBilevel = "bilevel"
	ModePalette = "palette"
	ModeCMYK    = "cmyk"
)

// Info is what a page's headers say, read before any pixel is decoded.
type Info struct {
	Width, Height int
	DPI           float64 // 0 when the file states no resolution
	ColorMode     string
	BitDepth      int // bits per pixel
	Orientation   int // EXIF orientation 1-8, 0 when absent
}

func roundDPI(v float64) float64 {
	if v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) || v > 100000 {
		return 0
	}
	return math.Round(v*10) / 10
}

// jpegInfo walks the JPEG markers up to the first scan: JFIF density,
// EXIF resolution and orientation, and the frame header.
func jpegInfo(data []byte) (Info, error) {
	var info Info
	var jfifDPI, exifDPI float64
	p := 2
	for p+4 <= len(data) {
		if data[p] != 0xFF {
			return info, fmt.Errorf("jpeg: marker expected at offset %d", p)
		}
		m := data[p+1]
		if m == 0xFF { // fill byte
			p++
			continue
		}
		if m == 0x01 || (m >= 0xD0 && m <= 0xD7) {
			p += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 || p+2+n > len(data) {
			return info, fmt.Errorf("jpeg: segment %#x at %d runs past the end", m, p)
		}
		seg := data[p+4 : p+2+n]
		switch {
		case m == 0xE0 && bytes.HasPrefix(seg, []byte("JFIF\x00")) && len(seg) >= 12:
			x := float64(binary.BigEndian.Uint16(seg[8:]))
			switch seg[7] {
			case 1:
				jfifDPI = roundDPI(x)
			case 2:
				jfifDPI = roundDPI(x * 2.54)
			}
		case m == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			if order, off, err := tiffHeader(seg[6:]); err == nil {
				if d, err := readIFD(seg[6:], order, off); err == nil {
					exifDPI = d.dpi()
					info.Orientation = int(d.uint(tagOrientation, 0))
				}
			}
		case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			if len(seg) < 6 {
				return info, fmt.Errorf("jpeg: short frame header")
			}
			info.Height = int(binary.BigEndian.Uint16(seg[1:]))
			info.Width = int(binary.BigEndian.Uint16(seg[3:]))
			comps := int(seg[5])
			info.BitDepth = int(seg[0]) * comps
			switch comps {
			case 1:
				info.ColorMode = ModeGray
			case 3:
				info.ColorMode = ModeRGB
			case 4:
				info.ColorMode = ModeCMYK
			}
		case m == 0xDA || m == 0xD9:
			p = len(data)
			continue
		}
		p += 2 + n
	}
	// JFIF is the scanner's own statement; EXIF often carries a camera's
	// meaningless 72 dpi, so it only fills in when JFIF is silent.
	info.DPI = jfifDPI
	if info.DPI == 0 {
		info.DPI = exifDPI
	}
	return info, nil
}

// pngInfo reads IHDR and pHYs.
func pngInfo(data []byte) (Info, error) {
	var info Info
	p := 8
	for p+12 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		if n < 0 || p+12+n > len(data) {
			return info, fmt.Errorf("png: chunk %q runs past the end", typ)
		}
		c := data[p+8 : p+8+n]
		switch typ {
		case "IHDR":
			if n < 13 {
				return info, fmt.Errorf("png: short IHDR")
			}
			info.Width = int(binary.BigEndian.Uint32(c[0:]))
			info.Height = int(binary.BigEndian.Uint32(c[4:]))
			depth := int(c[8])
			switch c[9] {
			case 0:
				info.ColorMode, info.BitDepth = ModeGray, depth
				if depth == 1 {
					info.ColorMode = ModeBilevel
				}
			case 2:
				info.ColorMode, info.BitDepth = ModeRGB, 3*depth
			case 3:
				info.ColorMode, info.BitDepth = ModePalette, depth
			case 4:
				info.ColorMode, info.BitDepth = ModeGray, 2*depth
			case 6:
				info.ColorMode, info.BitDepth = ModeRGB, 4*depth
			}
		case "pHYs":
			if n >= 9 && c[8] == 1 { // unit 1: pixels per metre
				info.DPI = roundDPI(float64(binary.BigEndian.Uint32(c[0:])) * 0.0254)
			}
		case "IDAT", "IEND":
			return info, nil // pHYs must come before IDAT
		}
		p += 12 + n
	}
	return info, nil
}

// tiffPageInfo reads one TIFF directory.
func tiffPageInfo(d *ifd) Info {
	info := Info{
		Width:       int(d.uint(tagImageWidth, 0)),
		Height:      int(d.uint(tagImageLength, 0)),
		DPI:         d.dpi(),
		Orientation: int(d.uint(tagOrientation, 0)),
	}
	spp := int(d.uint(tagSamplesPerPix, 1))
	bps := int(d.uint(tagBitsPerSample, 1))
	info.BitDepth = spp * bps
	switch d.uint(tagPhotometric, 1) {
	case 0, 1:
		info.ColorMode = ModeGray
		if bps == 1 && spp == 1 {
			info.ColorMode = ModeBilevel
		}
	case 2, 6: // RGB, YCbCr
		info.ColorMode = ModeRGB
	case 3:
		info.ColorMode = ModePalette
	case 5:
		info.ColorMode = ModeCMYK
	default:
		info.ColorMode = ModeRGB
	}
	return info
}
