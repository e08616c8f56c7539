package imagefmt

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// TIFF tags read for evidence and page handling. EXIF reuses the TIFF
// structure, so the same reader serves both.
const (
	tagNewSubfileType = 254
	tagImageWidth     = 256
	tagImageLength    = 257
	tagBitsPerSample  = 258
	tagCompression    = 259
	tagPhotometric    = 262
	tagOrientation    = 274
	tagSamplesPerPix  = 277
	tagXResolution    = 282
	tagResolutionUnit = 296
	tagExtraSamples   = 338
)

// maxIFDEntries bounds one directory; real files have a few dozen tags.
const maxIFDEntries = 1000

var errBadIFD = errors.New("malformed TIFF directory")

// ifd is one parsed image file directory: tag → raw entry.
type ifd struct {
	order   binary.ByteOrder
	data    []byte // the whole TIFF structure, offsets are relative to it
	entries map[uint16]ifdEntry
	next    uint32 // offset of the next directory, 0 at the end
}

type ifdEntry struct {
	typ   uint16
	count uint32
	value []byte // the 4-byte value field, or the pointed-to data
}

// tiffHeader checks a TIFF/EXIF header and returns its byte order and the
// offset of the first directory.
func tiffHeader(data []byte) (binary.ByteOrder, uint32, error) {
	if len(data) < 8 {
		return nil, 0, errBadIFD
	}
	var order binary.ByteOrder
	switch string(data[0:4]) {
	case "II*\x00":
		order = binary.LittleEndian
	case "MM\x00*":
		order = binary.BigEndian
	default:
		return nil, 0, errBadIFD
	}
	return order, order.Uint32(data[4:8]), nil
}

// typeSize is the byte size of one value of each TIFF field type.
var typeSize = map[uint16]uint32{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}

func readIFD(data []byte, order binary.ByteOrder, off uint32) (*ifd, error) {
	if uint64(off)+2 > uint64(len(data)) {
		return nil, fmt.Errorf("directory at %d beyond end of file: %w", off, errBadIFD)
	}
	n := uint32(order.Uint16(data[off:]))
	if n == 0 || n > maxIFDEntries {
		return nil, fmt.Errorf("directory with %d entries: %w", n, errBadIFD)
	}
	end := uint64(off) + 2 + uint64(n)*12
	if end+4 > uint64(len(data)) {
		return nil, fmt.Errorf("directory at %d truncated: %w", off, errBadIFD)
	}
	d := &ifd{order: order, data: data, entries: make(map[uint16]ifdEntry, n), next: order.Uint32(data[end:])}
	for i := uint32(0); i < n; i++ {
		e := data[off+2+i*12:]
		tag, typ, count := order.Uint16(e[0:]), order.Uint16(e[2:]), order.Uint32(e[4:])
		size, ok := typeSize[typ]
		if !ok {
			continue // unknown types are skipped, as the TIFF spec asks
		}
		total := uint64(size) * uint64(count)
		value := e[8:12]
		if total > 4 {
			p := uint64(order.Uint32(e[8:]))
			if p+total > uint64(len(data)) {
				continue // a broken tag we may not even need
			}
			value = data[p : p+total]
		}
		d.entries[tag] = ifdEntry{typ: typ, count: count, value: value}
	}
	return d, nil
}

// uints returns an integer tag's values (BYTE, SHORT or LONG).
func (d *ifd) uints(tag uint16) []uint32 {
	e, ok := d.entries[tag]
	if !ok {
		return nil
	}
	out := make([]uint32, 0, min(e.count, 64))
	for i := uint32(0); i < e.count && i < 64; i++ {
		switch e.typ {
		case 1:
			out = append(out, uint32(e.value[i]))
		case 3:
			out = append(out, uint32(d.order.Uint16(e.value[2*i:])))
		case 4:
			out = append(out, d.order.Uint32(e.value[4*i:]))
		default:
			return nil
		}
	}
	return out
}

// uint returns an integer tag's first value, or def when absent.
func (d *ifd) uint(tag uint16, def uint32) uint32 {
	if v := d.uints(tag); len(v) > 0 {
		return v[0]
	}
	return def
}

// rational returns a RATIONAL tag's first value, 0 when absent or invalid.
func (d *ifd) rational(tag uint16) float64 {
	e, ok := d.entries[tag]
	if !ok || e.typ != 5 || e.count < 1 {
		return 0
	}
	num, den := d.order.Uint32(e.value[0:]), d.order.Uint32(e.value[4:])
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// dpi converts XResolution and ResolutionUnit to dots per inch; 0 when the
// directory states no absolute resolution.
func (d *ifd) dpi() float64 {
	x := d.rational(tagXResolution)
	switch d.uint(tagResolutionUnit, 2) {
	case 2:
		return roundDPI(x)
	case 3:
		return roundDPI(x * 2.54)
	}
	return 0
}
