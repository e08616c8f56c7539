package extract

import (
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/layout"
)

func TestSplitColumns(t *testing.T) {
	c := compileVocab(DefaultVocabularies())
	w := func(text string, x0, x1 int) word {
		return word{raw: text, text: text, box: layout.BBox{x0, 400, x1, 435}, conf: 0.9}
	}
	tests := []struct {
		name string
		ws   []word
		want string // parts joined by " | "
	}{
		{"recipient and issuer", []word{w("渡辺", 167, 242), w("由美", 267, 339), w("様", 365, 403), w("富士", 938, 1033), w("システム", 1042, 1170)},
			"渡辺 由美 様 | 富士 システム"},
		{"a narrow gap after 御中 is enough", []word{w("三協", 169, 245), w("商事", 256, 313), w("御中", 320, 375), w("株式", 420, 480), w("会社", 485, 545)},
			"三協 商事 御中 | 株式 会社"},
		{"debris between 御中 and the next name", []word{w("三協", 169, 245), w("商事", 256, 313), w("御中", 320, 375), w("。", 400, 410), w("株式", 440, 500), w("会社", 505, 565)},
			"三協 商事 御中 。 | 株式 会社"},
		{"a rule read as dashes is cut off", []word{w("——", 202, 260), w("電話", 915, 962), w("042-458-4887", 977, 1130)},
			"—— | 電話 042-458-4887"},
		{"a label and its amount stay together", []word{w("合計", 60, 120), w("¥1,100", 500, 600)},
			"合計 ¥1,100"},
		{"a suffix alone at the end of the name's rule ends the name", []word{w("(有)", 44, 71), w("ネクスト", 104, 207), w("フーズ", 215, 266), w("様", 443, 469)},
			"(有) ネクスト フーズ 様"},
		{"a narrow gap without a suffix is no column", []word{w("ハッ", 72, 130), w("ピー", 143, 196), w("マート", 205, 290), w("吉祥寺店", 320, 448)},
			"ハッ ピー マート 吉祥寺店"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []string
			for _, p := range c.splitColumns(tt.ws) {
				var ts []string
				for _, x := range p {
					ts = append(ts, x.text)
				}
				parts = append(parts, strings.Join(ts, " "))
			}
			if got := strings.Join(parts, " | "); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
