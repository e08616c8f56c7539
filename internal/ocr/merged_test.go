package ocr

import (
	"image"
	"strings"
	"testing"
)

// TestRereadMerged gives the re-read a page reading in which two rows of
// a tax breakdown came out as Latin words two rows tall, as Tesseract's
// layout analysis reads them on some invoices, and checks both rows come
// back whole, the other lines kept.
func TestRereadMerged(t *testing.T) {
	w := testWorker(t)
	rows := []string{"株式会社青葉商事 御中", "下記の通りご請求申し上げます。",
		"10%対象 ¥79,535 消費税 ¥7,953", "8%対象 ¥5,200 消費税 ¥416", "合計 ¥93,104"}
	g, words := readRendered(t, w, rows, 12)
	var byLine [][]rawWord
	for i, wd := range words {
		if i == 0 || !sameLine(words[i-1], wd) {
			byLine = append(byLine, nil)
		}
		byLine[len(byLine)-1] = append(byLine[len(byLine)-1], wd)
	}
	if len(byLine) != len(rows) {
		t.Fatalf("the page reading has %d lines, want %d: %v", len(byLine), len(rows), words)
	}
	tax := append(append([]rawWord{}, byLine[2]...), byLine[3]...)
	// Four garbled words over both rows, on one Tesseract line.
	b := lineBox(tax)
	at := tax[0]
	quarter := (b[2] - b[0]) / 4
	var merged []rawWord
	for i, text := range []string{"ee", "wn", "en", "we"} {
		x := b[0] + i*quarter
		end := x + quarter*3/4
		if i == 3 {
			end = b[2]
		}
		merged = append(merged, rawWord{text: text, conf: 0.2, box: [4]int{x, b[1], end, b[3]},
			block: at.block, para: at.para, line: at.line})
	}
	var page []rawWord
	for i, l := range byLine {
		switch i {
		case 2:
			page = append(page, merged...)
		case 3:
		default:
			page = append(page, l...)
		}
	}
	lines, _ := buildLines(w.rereadMerged(g, 200, page))
	for i := range lines {
		// Tesseract reads ¥ as \ about as often; the amount parser
		// takes both.
		lines[i].Text = strings.ReplaceAll(lines[i].Text, `\`, "¥")
	}
	assertLines(t, lines, rows...)
}

// TestMergedRegions: only Latin words of low confidence, at least
// mergedHeight times the page's word height and over two rows of ink,
// start a region; it takes the garbled words of their Tesseract line that
// reach into its rows, and nothing else.
func TestMergedRegions(t *testing.T) {
	word := func(text string, conf float64, x0, y0, x1, y1, line int) rawWord {
		return rawWord{text: text, conf: conf, box: [4]int{x0, y0, x1, y1}, block: 1, para: 1, line: line}
	}
	var words []rawWord
	for i := range 8 { // the page's text, 20 pixels tall
		words = append(words, word("請求", 0.9, 0, 100*i, 40, 100*i+20, 10+i))
	}
	words = append(words,
		word("ee", 0.5, 100, 1000, 180, 1060, 1),     // tall and garbled: starts a region
		word("wn", 0.2, 200, 1002, 280, 1060, 1),     // same row: joins it
		word("we", 0.1, 500, 1002, 540, 1022, 1),     // short, but on its line and rows: joins it
		word("8.369", 0.3, 900, 1020, 990, 1045, 1),  // not letters: left alone
		word("ae", 0.1, 700, 1030, 740, 1050, 2),     // another Tesseract line: left alone
		word("TOTAL", 0.95, 100, 2000, 300, 2060, 3), // tall but read with confidence
		word("Ou", 0.5, 600, 3000, 700, 3060, 4),     // a second region
		word("Gk", 0.3, 100, 3500, 160, 3560, 5),     // tall, but its ink is one row
	)
	oneRow := rectOf(words[len(words)-1].box)
	got := mergedRegions(words, 20, func(r image.Rectangle) bool { return r != oneRow })
	want := []image.Rectangle{image.Rect(100, 1000, 540, 1060), image.Rect(600, 3000, 700, 3060)}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("regions %v, want %v", got, want)
	}
}

// TestTwoRows: a band of paper across the middle half between inked rows
// above and below is two rows, a speck in it notwithstanding; a tall line
// or paper only at its edge is not.
func TestTwoRows(t *testing.T) {
	page := func(inkRows ...[2]int) *image.Gray {
		g := image.NewGray(image.Rect(0, 0, 400, 100))
		for i := range g.Pix {
			g.Pix[i] = 255
		}
		for _, rows := range inkRows {
			for y := rows[0]; y < rows[1]; y++ {
				for x := 10; x < 390; x += 3 {
					g.Pix[y*g.Stride+x] = 0
				}
			}
		}
		return g
	}
	all := image.Rect(0, 0, 400, 100)
	if !twoRows(page([2]int{5, 40}, [2]int{60, 95}), all) {
		t.Error("two rows with a gap at 40-60: not found")
	}
	if twoRows(page([2]int{5, 95}), all) {
		t.Error("one tall row taken for two")
	}
	if twoRows(page([2]int{5, 90}), all) {
		t.Error("paper only below the middle half taken for a gap between rows")
	}
	g := page([2]int{5, 40}, [2]int{60, 95})
	g.Pix[50*g.Stride+200] = 0 // a speck in the gap
	if !twoRows(g, all) {
		t.Error("a speck in the gap hid it")
	}
}
