package synth

import (
	"testing"
	"time"
)

func TestFormatDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		t     time.Time
		style dateStyle
		want  string
	}{
		{day(2024, 4, 1), dateKanji, "2024年4月1日"},
		{day(2024, 4, 1), dateSlash, "2024/04/01"},
		{day(2024, 4, 1), dateWarekiKanji, "令和6年4月1日"},
		{day(2024, 4, 1), dateWarekiDot, "R6.4.1"},
		{day(2024, 4, 1), dateWarekiSlash, "R06/04/01"},
		{day(2019, 5, 1), dateWarekiKanji, "令和元年5月1日"},
		{day(2019, 4, 30), dateWarekiKanji, "平成31年4月30日"},
		{day(2019, 4, 30), dateWarekiDot, "H31.4.30"},
	}
	for _, tt := range tests {
		if got := formatDate(tt.t, tt.style); got != tt.want {
			t.Errorf("formatDate(%s, %d) = %q, want %q", isoDate(tt.t), tt.style, got, tt.want)
		}
	}
}

func TestAmountFormats(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 123456: "123,456", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := comma(n); got != want {
			t.Errorf("comma(%d) = %q, want %q", n, got, want)
		}
	}
	for s, want := range map[yenStyle]string{yenHalf: "¥1,100", yenFull: "￥1,100", yenSuffix: "1,100円", yenFullDash: "￥1,100-"} {
		if got := yen(1100, s); got != want {
			t.Errorf("yen(1100, %d) = %q, want %q", s, got, want)
		}
	}
	if got := fullWidth("T123-4 a"); got != "Ｔ１２３－４　ａ" {
		t.Errorf("fullWidth = %q", got)
	}
}
