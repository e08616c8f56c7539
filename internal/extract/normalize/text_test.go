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

func TestJoinCJK(t *testing.T) {
	for in, want := range map[string]string{
		"スーパー マルイチ 本店":        "スーパーマルイチ本店",
		"東京都 世田谷区 桜丘 2-3-4":   "東京都世田谷区桜丘 2-3-4",
		"ABC TRADING SDN BHD": "ABC TRADING SDN BHD",
		"合 計":                 "合計",
	} {
		if got := normalize.JoinCJK(in); got != want {
			t.Errorf("JoinCJK(%q) = %q, want %q", in, got, want)
		}
	}
}
