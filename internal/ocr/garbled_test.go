package ocr

import (
	"strings"
	"testing"
)

// TestRereadGarbled gives the re-read a page reading in which a label
// came out as Latin letters, as it does beside a large amount, and
// checks the crop brings the label back on its line, no line added or
// lost.
func TestRereadGarbled(t *testing.T) {
	w := testWorker(t)
	g, words := readRendered(t, w, []string{"株式会社青葉商事 御中", "適格請求書発行事業者登録番号", "下記の通りご請求申し上げます。", "TOTAL 604,560"}, 10)
	// The label's words become one garbled word over their boxes.
	var kept []rawWord
	found := false
	for i := 0; i < len(words); {
		j, text := i, ""
		for ; j < len(words) && sameLine(words[i], words[j]); j++ {
			text += words[j].text
		}
		if !strings.Contains(text, "適格") {
			kept = append(kept, words[i:j]...)
			i = j
			continue
		}
		label := words[i]
		for _, o := range words[i+1 : j] {
			label.box = label.box.Union(o.box)
		}
		label.text, label.conf, found = "anmxaxceeeones", 0, true
		kept = append(kept, label)
		i = j
	}
	if !found {
		t.Fatalf("the page reading has no label line to garble: %v", words)
	}
	lines, _ := buildLines(w.rereadGarbled(g, 200, kept))
	if len(lines) != 4 || strings.ReplaceAll(lines[1].Text, " ", "") != "適格請求書発行事業者登録番号" {
		var got []string
		for _, l := range lines {
			got = append(got, l.Text)
		}
		t.Errorf("lines %q, want the label back on the second", got)
	}
}

func TestGarbledWordTests(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{{"anmxaxceeeones", true}, {"TOTAL", false}, {"Hello1", false}, {"請求書", false}, {"abcdef", true}} {
		if got := latinRun(tc.s); got != tc.want {
			t.Errorf("latinRun(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
	if s := cjkShare("適格 請求書 No.1"); s < 0.5 || s > 0.6 {
		t.Errorf("cjkShare = %v, want 5/9", s)
	}
	if hasJapanese([]rawWord{{text: "TOTAL"}, {text: "9.00"}}) || !hasJapanese([]rawWord{{text: "合計"}, {text: "¥1,100"}}) {
		t.Error("hasJapanese: wrong page")
	}
}
