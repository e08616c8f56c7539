package imagefmttest

import (
	"bytes"
	"fmt"
	"unicode/utf16"
)

// PDF writes objects 1..n (object 1 the catalog) with a correct
// cross-reference table: the smallest PDF writer that yields files real
// readers (pdfcpu, Poppler) accept, for tests and benchmarks.
func PDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

// Stream is a PDF stream object with its dictionary entries and data.
func Stream(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// UCS2 encodes s as a hex string for a Type0 font with the UniJIS-UCS2-H
// CMap, the way Japanese text is written without an embedded font.
func UCS2(s string) string {
	var b bytes.Buffer
	b.WriteByte('<')
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteByte('>')
	return b.String()
}
