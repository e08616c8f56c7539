package imagefmttest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
)

// TIFFPage is one page of a TIFF fixture.
type TIFFPage struct {
	Img       image.Image // *image.Gray (8-bit, or bilevel with G4) or *image.RGBA
	DPI       int
	G4        bool // CCITT Group 4, as document scanners write bilevel pages
	JPEG      bool // JPEG-compressed (TIFF compression 7), for gray pages
	Thumbnail bool // marked reduced-resolution (NewSubfileType 1)
}

// TIFF writes a little-endian TIFF with one directory per page.
func TIFF(pages []TIFFPage) []byte {
	le := binary.LittleEndian
	out := []byte("II*\x00\x00\x00\x00\x00")
	prevNext := 4 // where the previous directory's "next" offset goes
	for _, p := range pages {
		b := p.Img.Bounds()
		var data []byte
		var spp, bps, photometric, compression uint32 = 1, 8, 1, 1
		switch img := p.Img.(type) {
		case *image.Gray:
			switch {
			case p.G4:
				data = G4(img)
				bps, photometric, compression = 1, 0, 4
			case p.JPEG:
				var b bytes.Buffer
				if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
					panic(err)
				}
				data, compression = b.Bytes(), 7
			default:
				for y := 0; y < b.Dy(); y++ {
					data = append(data, img.Pix[y*img.Stride:y*img.Stride+b.Dx()]...)
				}
			}
		case *image.RGBA:
			spp, photometric = 3, 2
			for i := 0; i < len(img.Pix); i += 4 {
				data = append(data, img.Pix[i:i+3]...)
			}
		default:
			panic("imagefmttest: TIFF page must be *image.Gray or *image.RGBA")
		}
		dataOff := uint32(len(out))
		out = append(out, data...)
		if len(out)%2 == 1 {
			out = append(out, 0)
		}
		// Out-of-line values: resolution and, for RGB, bits per sample.
		resOff := uint32(len(out))
		out = le.AppendUint32(out, uint32(p.DPI))
		out = le.AppendUint32(out, 1)
		bpsOff := uint32(len(out))
		out = le.AppendUint16(out, 8)
		out = le.AppendUint16(out, 8)
		out = le.AppendUint16(out, 8)
		out = append(out, 0, 0)
		ifdOff := uint32(len(out))
		le.PutUint32(out[prevNext:], ifdOff)
		type entry struct {
			tag, typ     uint16
			count, value uint32
		}
		subfile := uint32(0)
		if p.Thumbnail {
			subfile = 1
		}
		bpsEntry := entry{258, 3, 1, bps}
		if spp == 3 {
			bpsEntry = entry{258, 3, 3, bpsOff}
		}
		es := []entry{
			{254, 4, 1, subfile},
			{256, 4, 1, uint32(b.Dx())},
			{257, 4, 1, uint32(b.Dy())},
			bpsEntry,
			{259, 3, 1, compression},
			{262, 3, 1, photometric},
			{273, 4, 1, dataOff},
			{277, 3, 1, spp},
			{278, 4, 1, uint32(b.Dy())},
			{279, 4, 1, uint32(len(data))},
			{282, 5, 1, resOff},
			{283, 5, 1, resOff},
			{296, 3, 1, 2},
		}
		out = le.AppendUint16(out, uint16(len(es)))
		for _, e := range es {
			out = le.AppendUint16(out, e.tag)
			out = le.AppendUint16(out, e.typ)
			out = le.AppendUint32(out, e.count)
			out = le.AppendUint32(out, e.value)
		}
		prevNext = len(out)
		out = le.AppendUint32(out, 0)
	}
	return out
}
