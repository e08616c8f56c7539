// Package ocreval measures recognition quality: character error rate
// against ground-truth transcripts, and loading of the SROIE receipt set
// (read where it lies, never copied into the repository).
package ocreval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Normalize collapses all whitespace, line breaks included, to single
// spaces: line segmentation and reading order of two engines differ more
// than their characters do.
func Normalize(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Distance is the Levenshtein distance between a and b in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Errors returns the edit distance between the normalised texts and the
// reference length in runes: CER is their ratio, and sums of both give a
// corpus CER weighted by length.
func Errors(ref, hyp string) (edits, refLen int) {
	ref, hyp = Normalize(ref), Normalize(hyp)
	return Distance(ref, hyp), len([]rune(ref))
}

// WordsFound counts how many of ref's words (whitespace-separated, as a
// multiset) occur in hyp. Unlike CER it ignores reading order, which on
// receipts differs between engines and transcripts more than the
// characters do (the SROIE transcripts split "TOTAL: 9.00" into two
// lines placed apart).
func WordsFound(ref, hyp string) (found, total int) {
	have := map[string]int{}
	for _, w := range strings.Fields(hyp) {
		have[w]++
	}
	for _, w := range strings.Fields(ref) {
		total++
		if have[w] > 0 {
			have[w]--
			found++
		}
	}
	return found, total
}

// Contains reports whether want occurs in text once spaces are ignored
// (OCR splits "9.00" into "9. 00" now and then).
func Contains(text, want string) bool {
	return want != "" && strings.Contains(strings.ReplaceAll(text, " ", ""), strings.ReplaceAll(want, " ", ""))
}

// Sample is one receipt of the SROIE set.
type Sample struct {
	Name       string // "000"
	Image      string // path of the JPEG
	Transcript string // ground truth, one line per row
	Date       string // key/NNN.json "date" as printed, "" when absent
	Total      string // key/NNN.json "total" as printed
}

// LoadSROIE lists the samples in dir (img/NNN.jpg with box/NNN.csv).
func LoadSROIE(dir string) ([]Sample, error) {
	imgs, err := filepath.Glob(filepath.Join(dir, "img", "*.jpg"))
	if err != nil {
		return nil, fmt.Errorf("ocreval: %w", err)
	}
	sort.Strings(imgs)
	var out []Sample
	for _, img := range imgs {
		name := strings.TrimSuffix(filepath.Base(img), ".jpg")
		b, err := os.ReadFile(filepath.Join(dir, "box", name+".csv"))
		if err != nil {
			return nil, fmt.Errorf("ocreval: transcript of %s: %w", name, err)
		}
		s := Sample{Name: name, Image: img, Transcript: Transcript(b)}
		if kb, err := os.ReadFile(filepath.Join(dir, "key", name+".json")); err == nil {
			var key struct{ Date, Total string }
			if json.Unmarshal(kb, &key) == nil {
				s.Date, s.Total = key.Date, key.Total
			}
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("ocreval: no images in %s", filepath.Join(dir, "img"))
	}
	return out, nil
}

// Transcript extracts the text of a SROIE box file: rows of eight
// coordinates followed by the text, which may itself contain commas.
func Transcript(csv []byte) string {
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(csv))
	for sc.Scan() {
		f := strings.SplitN(strings.TrimRight(sc.Text(), "\r"), ",", 9)
		if len(f) == 9 {
			lines = append(lines, f[8])
		}
	}
	return strings.Join(lines, "\n")
}
