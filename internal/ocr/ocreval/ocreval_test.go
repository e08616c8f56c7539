package ocreval_test

import (
	"testing"

	"github.com/shohyo/shohyo/internal/ocr/ocreval"
)

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		ref, hyp    string
		edits, size int
	}{
		{"TOTAL 9.00", "TOTAL 9.00", 0, 10},
		{"TOTAL\n9.00", "TOTAL  9.00 ", 0, 10},
		{"TOTAL 9.00", "T0TAL 9.0", 2, 10},
		{"請求書", "請求", 1, 3},
		{"", "abc", 3, 0},
	} {
		e, n := ocreval.Errors(c.ref, c.hyp)
		if e != c.edits || n != c.size {
			t.Errorf("Errors(%q, %q) = %d, %d; want %d, %d", c.ref, c.hyp, e, n, c.edits, c.size)
		}
	}
}

func TestTranscript(t *testing.T) {
	got := ocreval.Transcript([]byte("72,25,326,25,326,64,72,64,TAN WOON YANN\r\n110,144,383,144,383,163,110,163,NO.53 55,57 & 59, JALAN SAGU 18,\n"))
	want := "TAN WOON YANN\nNO.53 55,57 & 59, JALAN SAGU 18,"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWordsFound(t *testing.T) {
	found, total := ocreval.WordsFound("TOTAL: 9.00\nCASH 10.00 9.00", "CASH 10.00 TOTAL: 9.00 extra")
	if found != 4 || total != 5 {
		t.Errorf("found %d of %d, want 4 of 5", found, total)
	}
}
