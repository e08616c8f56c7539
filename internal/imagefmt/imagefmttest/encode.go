package imagefmttest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
)

// JPEG encodes img with a JFIF APP0 stating dpi (0: no JFIF density).
func JPEG(img image.Image, dpi int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		panic(err) // encoding to memory cannot fail for a valid image
	}
	if dpi == 0 {
		return b.Bytes()
	}
	app0 := []byte{0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 1, byte(dpi >> 8), byte(dpi), byte(dpi >> 8), byte(dpi), 0, 0}
	return splice(b.Bytes(), 2, app0)
}

// JPEGExif encodes img with only an EXIF APP1: XResolution dpi and the
// given orientation (1-8), as cameras and phone scanner apps write.
func JPEGExif(img image.Image, dpi, orientation int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	le := binary.LittleEndian
	t := []byte("II*\x00\x08\x00\x00\x00")
	t = le.AppendUint16(t, 3)
	entry := func(tag, typ uint16, count, value uint32) {
		t = le.AppendUint16(t, tag)
		t = le.AppendUint16(t, typ)
		t = le.AppendUint32(t, count)
		t = le.AppendUint32(t, value)
	}
	ratOff := uint32(8 + 2 + 3*12 + 4)
	entry(0x0112, 3, 1, uint32(orientation))
	entry(0x011A, 5, 1, ratOff)
	entry(0x0128, 3, 1, 2)
	t = le.AppendUint32(t, 0)
	t = le.AppendUint32(t, uint32(dpi))
	t = le.AppendUint32(t, 1)
	seg := append([]byte("Exif\x00\x00"), t...)
	app1 := append([]byte{0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}, seg...)
	return splice(b.Bytes(), 2, app1)
}

// PNG encodes img with a pHYs chunk stating dpi (0: none).
func PNG(img image.Image, dpi int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	if dpi == 0 {
		return b.Bytes()
	}
	ppm := uint32(float64(dpi)/0.0254 + 0.5)
	body := binary.BigEndian.AppendUint32([]byte("pHYs"), ppm)
	body = binary.BigEndian.AppendUint32(body, ppm)
	body = append(body, 1)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)-4))
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(body))
	return splice(b.Bytes(), 8+25, chunk) // after the signature and IHDR
}

func splice(b []byte, at int, ins []byte) []byte {
	out := make([]byte, 0, len(b)+len(ins))
	out = append(out, b[:at]...)
	out = append(out, ins...)
	return append(out, b[at:]...)
}
