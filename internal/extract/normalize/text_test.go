package normalize_test

import (
	"testing"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, fold, key, alnum string }{
		{"ＴＯＴＡＬ　１，１００", "TOTAL 1,100", "TOTAL 1,100", "TOTAL1100"},
		{"￥１，１００－", "¥1,100-", "¥1,100-", "1100"},
		{"ｶﾌﾞｼｷｶﾞｲｼｬ", "カブシキガイシャ", "カブシキガイシャ", "カブシキガイシャ"},
		{"  Book  Ta.K\t(Taman) ", "Book Ta.K (Taman)", "BOOK TA.K (TAMAN)", "BOOKTAKTAMAN"},
		{"㈱山田商事", "(株)山田商事", "(株)山田商事", "株山田商事"},
		{"10−2", "10-2", "10-2", "102"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		if got := normalize.Fold(tt.in); got != tt.fold {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.fold)
		}
		if got := normalize.Key(tt.in); got != tt.key {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.key)
		}
		if got := normalize.AlnumKey(tt.in); got != tt.alnum {
			t.Errorf("AlnumKey(%q) = %q, want %q", tt.in, got, tt.alnum)
		}
	}
}

func TestHasCJK(t *testing.T) {
	for s, want := range map[string]bool{"請求書": true, "ﾚｼｰﾄ": true, "INVOICE": false, "¥100": false, "ー": true} {
		if got := normalize.HasCJK(s); got != want {
			t.Errorf("HasCJK(%q) = %v", s, got)
		}
	}
}
