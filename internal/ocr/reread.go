package ocr

// Re-reading key fields. Read as part of a page, a registration number
// (T + 13 digits) loses most often to two confusions: the slashed 0 of
// common Japanese gothic fonts read as 9, and the T read as 1 or lost.
// The 法人番号 check digit cannot catch the first (9 ≡ 0 mod 9). The
// number's own crop, read as one line by the English model allowed only
// "T" and digits, comes out right: the model is not tempted by kanji and
// the line segmentation sees nothing else. So every word run on a page
// that looks like a registration number is read again that way, and the
// second reading replaces the first when its check digit holds and it is
// close to what the page reading saw (so a crop that caught something
// else never wins). The crops are a few hundred pixels: 10-30 ms each.

/*
#cgo LDFLAGS: -ltesseract
#include <stdlib.h>
#include <tesseract/capi.h>
*/
import "C"

import (
	"errors"
	"image"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/imagefmt"
)

// lineReader reads single text lines limited to the characters a field
// is printed with, on a TessBaseAPI of its own: Tesseract does not lift a
// character whitelist once set, so it must never touch the page client.
// Lines read without a whitelist use the worker's page client (readLine),
// which costs no second copy of the jpn+eng models (about 50 MB).
type lineReader struct {
	restricted tessAPI
}

func newLineReader() (*lineReader, error) {
	lang := C.CString("jpn+eng")
	defer C.free(unsafe.Pointer(lang))
	h := C.TessBaseAPICreate()
	if C.TessBaseAPIInit3(h, nil, lang) != 0 {
		C.TessBaseAPIDelete(h)
		return nil, errors.New("ocr: cannot load the Tesseract jpn+eng models for line re-reads")
	}
	return &lineReader{restricted: tessAPI{h}}, nil
}

// read recognises g as one line of the characters in allowed and returns
// the text and Tesseract's mean confidence in [0,1].
func (r *lineReader) read(g *image.Gray, dpi int, allowed string) (string, float64) {
	name, val := C.CString("tessedit_char_whitelist"), C.CString(allowed)
	defer C.free(unsafe.Pointer(name))
	defer C.free(unsafe.Pointer(val))
	C.TessBaseAPISetVariable(r.restricted.h, name, val)
	return r.restricted.readLine(g, dpi)
}

// readLine reads g as one line of any characters with the page client.
func (w *worker) readLine(g *image.Gray, dpi int) (string, float64) {
	return w.api.readLine(g, dpi)
}

// ensureReader creates the worker's line reader on first use; false
// when the models cannot be loaded (re-reads are then skipped).
func (w *worker) ensureReader() bool {
	if w.reader == nil {
		lr, err := newLineReader()
		if err != nil {
			return false
		}
		w.reader = lr
	}
	return true
}

func (r *lineReader) close() {
	if r != nil && r.restricted.h != nil {
		C.TessBaseAPIEnd(r.restricted.h)
		C.TessBaseAPIDelete(r.restricted.h)
		r.restricted.h = nil
	}
}

// rereadKeys returns words with every run that looks like a
// registration number or a garbled date read again from its crop of g
// (the image the boxes refer to), where that reading passes the field's
// validation (acceptReg, acceptDate). Without a line reader the words
// stay as they are.
func (w *worker) rereadKeys(g *image.Gray, dpi float64, words []rawWord) []rawWord {
	runs := keyRuns(words)
	if len(runs) == 0 || !w.ensureReader() {
		return words
	}
	out := make([]rawWord, 0, len(words))
	next := 0
	for _, run := range runs {
		out = append(out, words[next:run.from]...)
		next = run.from
		read := w.rereadReg
		if run.date {
			read = w.rereadDate
		}
		if text, conf, ok := read(g, dpi, words, run); ok {
			nw := words[run.from]
			nw.text, nw.conf = text, conf
			for _, o := range words[run.from+1 : run.to] {
				nw.box = nw.box.Union(o.box)
			}
			out = append(out, nw)
			next = run.to
		}
	}
	return append(out, words[next:]...)
}

// keyRuns are the registration number and date runs of words, in order.
func keyRuns(words []rawWord) []wordRun {
	runs := regRuns(words)
	for _, d := range dateRuns(words) {
		i := sort.Search(len(runs), func(i int) bool { return runs[i].from >= d.from })
		if i > 0 && runs[i-1].to > d.from || i < len(runs) && runs[i].from < d.to {
			continue // part of a registration number run
		}
		runs = slices.Insert(runs, i, d)
	}
	return runs
}

// rereadReg reads a registration number run from two crops, one tight
// and one reaching into the label on the left: they miss the slashed
// zeros in different places (acceptReg).
func (w *worker) rereadReg(g *image.Gray, dpi float64, words []rawWord, run wordRun) (string, float64, bool) {
	crop, d := lineCrop(g, dpi, words, run, true)
	text, conf := w.reader.read(crop, d, "T0123456789")
	crop, d = lineCrop(g, dpi, words, run, false)
	text2, conf2 := w.reader.read(crop, d, "T0123456789")
	v, ok := acceptReg([]string{text, text2}, run)
	// Restricted to 11 characters, the model's certainty is spent on the
	// restriction: Tesseract reports 0-0.3 for crops it reads right. An
	// accepted reading agrees with the page reading up to 0/9 and a few
	// edits, so the page reading's confidence in those glyphs is the
	// better measure when it is higher.
	return v, max(conf, conf2, runConf(words[run.from:run.to])), ok
}

// runConf is the mean confidence of words, weighted by characters.
func runConf(words []rawWord) float64 {
	var n float64
	for _, w := range words {
		n += float64(utf8.RuneCountInString(strings.TrimSpace(w.text)))
	}
	if n == 0 {
		return 0
	}
	return score(words) / n
}

// wordRun is words[from:to], all on one Tesseract line. For a
// registration number, seen is their text with look-alike letters mapped
// to digits and T (regLook), unless the run is garbled (garbledReg); for
// a date (date set), the word as read.
type wordRun struct {
	from, to int
	seen     string
	garbled  bool
	date     bool
}

// regLook maps the characters a registration number's glyphs are read
// as to what they stand for: 'T' for the prefix, digits otherwise; 0
// means the character cannot be part of one.
func regLook(r rune) byte {
	switch {
	case r >= '0' && r <= '9':
		return byte(r)
	case strings.ContainsRune("OoDQ", r):
		return '0'
	case strings.ContainsRune("Il|i", r):
		return '1'
	case r == 'S' || r == 's':
		return '5'
	case r == 'T' || r == 't' || r == '丁':
		return 'T'
	}
	return 0
}

// regRuns finds the runs of words that could be a registration number:
// consecutive words of one line made only of digits, look-alikes, T and
// separators, 12 to 15 digit-like characters in all (12: the T and a
// digit lost, to be found in the crop's margin), most of them digits.
func regRuns(words []rawWord) []wordRun {
	var runs []wordRun
	for i := 0; i < len(words); {
		j, seen, digits := i, "", 0
		for j < len(words) && sameLine(words[i], words[j]) {
			s, d, ok := regChars(words[j].text)
			if !ok {
				break
			}
			seen, digits = seen+s, digits+d
			j++
		}
		n := len(strings.TrimLeft(seen, "T"))
		if j > i && n >= 12 && n <= 15 && digits >= 8 {
			runs = append(runs, wordRun{from: i, to: j, seen: seen})
			i = j
			continue
		}
		if garbledReg(words[i].text) || garbledLabelled(words, i) {
			runs = append(runs, wordRun{from: i, to: i + 1, garbled: true})
		}
		i++
	}
	return runs
}

// garbledLabelled reports a word of 11 to 16 ASCII letters and digits,
// at least four of them digits, right after a 登録番号 label on its line
// or under it: a registration number whose T and first digits were read
// as letters ("sorno2519274" for T8011102519274). The label stands in for
// the T; the re-read's check digit decides.
func garbledLabelled(words []rawWord, i int) bool {
	w := strings.TrimLeft(words[i].text, ":：")
	if len(w) < 11 || len(w) > 16 {
		return false
	}
	digits, ok := asciiDigits(w)
	return ok && digits >= 4 && underRegLabel(words, i)
}

// underRegLabel reports whether words[i] follows a 登録番号 label (read
// as the words 登録 and 番号, or one word) on its line, or starts at most
// two of its heights under it, overlapping the label's column.
func underRegLabel(words []rawWord, i int) bool {
	wb := words[i].box
	h := wb[3] - wb[1]
	for k, l := range words[:i] {
		if !strings.Contains(l.text, "番号") {
			continue
		}
		lb := l.box
		if !strings.Contains(l.text, "登録") {
			if k == 0 || !sameLine(words[k-1], l) || !strings.HasSuffix(words[k-1].text, "登録") {
				continue
			}
			lb = lb.Union(words[k-1].box)
		}
		if sameLine(l, words[i]) {
			return true
		}
		if wb[1] > lb[1] && wb[1]-lb[3] <= 2*h && wb[0] <= lb[2] && wb[2] >= lb[0]-5*h {
			return true
		}
	}
	return false
}

// garbledReg reports a word that is a T and 12 to 15 letters and
// digits, at least four of them digits: a registration number read as
// "Tsjzoo0ssr4744" when the scan is poor. Only its re-read can say; the
// check digit alone then decides (a random reading passes one in nine).
func garbledReg(w string) bool {
	w = strings.TrimLeft(w, ":：")
	if len(w) < 13 || len(w) > 16 || w[0] != 'T' {
		return false
	}
	digits, ok := asciiDigits(w[1:])
	return ok && digits >= 4
}

// asciiDigits counts the digits of w; ok is false when w holds anything
// but ASCII letters and digits.
func asciiDigits(w string) (digits int, ok bool) {
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r < 0x80 && (r|0x20) >= 'a' && (r|0x20) <= 'z':
		default:
			return 0, false
		}
	}
	return digits, true
}

func sameLine(a, b rawWord) bool {
	return a.block == b.block && a.para == b.para && a.line == b.line
}

// regChars maps one word's characters with regLook, dropping separators;
// ok is false when the word holds anything else.
func regChars(w string) (mapped string, digits int, ok bool) {
	var b strings.Builder
	for _, r := range strings.TrimLeft(w, ":：") {
		switch c := regLook(r); {
		case r == '-' || r == '‐' || r == 'ー' || r == '.':
		case c == 0:
			return "", 0, false
		default:
			if r >= '0' && r <= '9' {
				digits++
			}
			b.WriteByte(c)
		}
	}
	return b.String(), digits, b.Len() > 0
}

// lineCrop cuts the run's box out of g with a margin: more on the left,
// where a lost T would be, and with tight never into the neighbouring
// words; without, a line height into the word on the left.
func lineCrop(g *image.Gray, dpi float64, words []rawWord, run wordRun, tight bool) (*image.Gray, int) {
	box := words[run.from].box
	for _, o := range words[run.from+1 : run.to] {
		box = box.Union(o.box)
	}
	h := box[3] - box[1]
	x0, x1 := box[0]-h*3/2, box[2]+h/2
	if prev := run.from - 1; prev >= 0 && sameLine(words[prev], words[run.from]) {
		if tight {
			x0 = max(x0, words[prev].box[2]+1)
		} else {
			x0 = max(x0, words[prev].box[2]-h)
		}
	}
	if run.to < len(words) && sameLine(words[run.to-1], words[run.to]) {
		x1 = min(x1, words[run.to].box[0]-1)
	}
	return cropScaled(g, dpi, image.Rect(x0, box[1]-h/2, x1, box[3]+h/2).Intersect(g.Rect), h)
}

// cropScaled copies r out of g, enlarged so text h pixels high becomes
// about 40 px, the height Tesseract reads best, and returns it with its
// resolution.
func cropScaled(g *image.Gray, dpi float64, r image.Rectangle, h int) (*image.Gray, int) {
	crop := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		copy(crop.Pix[y*crop.Stride:y*crop.Stride+r.Dx()], g.Pix[g.PixOffset(r.Min.X, r.Min.Y+y):])
	}
	scale := 1.0
	if h > 0 {
		scale = min(4, max(1, 40/float64(h)))
	}
	if scale > 1 {
		crop = imagefmt.Scale(crop, scale)
	}
	return crop, int(max(70, min(dpi*scale, 2400)))
}

// regDigits returns the 13 digits of a registration number in a reading:
// what follows its last T, or, without a T, its last 13 digits when there
// are 13 to 16 (the T lost, or it and a label's edge read as digits).
// Other characters (":", "+", spaces from the crop's margin) are dropped.
func regDigits(text string) (string, bool) {
	k := strings.LastIndexByte(text, 'T')
	if k >= 0 {
		text = text[k+1:]
	}
	var b strings.Builder
	for _, r := range text {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if len(s) > 13 && len(s) <= 16 && k < 0 {
		s = s[len(s)-13:]
	}
	return s, len(s) == 13
}

// acceptReg combines the page reading of a run and its re-reads. A
// re-read counts when it is within three edits of the page reading (a 0
// read as 9 is free: editDistance). Where two readings disagree between
// 0 and 9, the 0 wins: a slashed 0 is read as 9 all the time, a 9 as 0
// hardly ever, and the check digit cannot tell (9 ≡ 0 mod 9). Some
// reading must show the T (or the page reading a digit in its place), so
// a 13-digit product code is never made a registration number; and the
// result must pass the check digit.
func acceptReg(rereads []string, run wordRun) (string, bool) {
	seenDigits := strings.ReplaceAll(run.seen, "T", "")
	hasT := run.garbled || strings.Contains(run.seen, "T") || len(seenDigits) == 14
	var all []string
	for _, text := range rereads {
		if s, ok := regDigits(text); ok && (run.garbled || editDistance(s, seenDigits) <= 3) {
			all = append(all, s)
			hasT = hasT || strings.ContainsRune(text, 'T')
		}
	}
	if len(all) == 0 || !hasT {
		return "", false
	}
	if p, ok := regDigits(run.seen); ok && !run.garbled {
		all = append(all, p)
	}
	best := []byte(all[0])
	for _, s := range all[1:] {
		if !zeroNineApart(string(best), s) {
			continue // another misreading, not the same one with other zeros
		}
		for i := range best {
			if best[i] == '9' && s[i] == '0' {
				best[i] = '0'
			}
		}
	}
	v, err := normalize.RegistrationNumber("T" + string(best))
	if err != nil {
		return "", false
	}
	return v, true
}

// zeroNineApart reports whether a and b (of one length) differ only
// where one has 0 and the other 9.
func zeroNineApart(a, b string) bool {
	for i := range a {
		if x, y := a[i], b[i]; x != y && !(x == '0' && y == '9' || x == '9' && y == '0') {
			return false
		}
	}
	return true
}

// editDistance is the Levenshtein distance between two short ASCII
// strings, except that a 0 read as 9 is no edit: that is the confusion
// the re-read is there to undo, and a number can hold many zeros.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if x, y := a[i-1], b[j-1]; x == y || x == '0' && y == '9' {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
