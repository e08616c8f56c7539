package synth

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Calendar selects how dates are printed.
type Calendar int

const (
	CalendarAny     Calendar = iota // each document picks at random
	CalendarWestern                 // 2024年4月1日, 2024/04/01
	CalendarWareki                  // 令和6年4月1日, R6.4.1
)

// dateStyle is one concrete way to print a date.
type dateStyle int

const (
	dateKanji       dateStyle = iota // 2024年4月1日
	dateSlash                        // 2024/04/01
	dateWarekiKanji                  // 令和6年4月1日
	dateWarekiDot                    // R6.4.1
	dateWarekiSlash                  // R06/04/01, common on receipts
	numDateStyles
)

func (s dateStyle) wareki() bool { return s >= dateWarekiKanji }

// formatDate prints t in style s. 和暦 years follow the era that was in
// force on that day, so a date before 2019-05-01 prints as 平成.
func formatDate(t time.Time, s dateStyle) string {
	y, m, d := t.Date()
	switch s {
	case dateSlash:
		return fmt.Sprintf("%04d/%02d/%02d", y, int(m), d)
	case dateWarekiKanji, dateWarekiDot, dateWarekiSlash:
		era, letter, ey := warekiYear(t)
		switch s {
		case dateWarekiKanji:
			year := strconv.Itoa(ey) + "年"
			if ey == 1 {
				year = "元年"
			}
			return fmt.Sprintf("%s%s%d月%d日", era, year, int(m), d)
		case dateWarekiDot:
			return fmt.Sprintf("%s%d.%d.%d", letter, ey, int(m), d)
		default:
			return fmt.Sprintf("%s%02d/%02d/%02d", letter, ey, int(m), d)
		}
	default:
		return fmt.Sprintf("%d年%d月%d日", y, int(m), d)
	}
}

// warekiYear returns the era name, its Latin initial and the year in it.
func warekiYear(t time.Time) (era, letter string, year int) {
	reiwa := time.Date(2019, 5, 1, 0, 0, 0, 0, t.Location())
	if !t.Before(reiwa) {
		return "令和", "R", t.Year() - 2018
	}
	return "平成", "H", t.Year() - 1988
}

var weekdays = []string{"日", "月", "火", "水", "木", "金", "土"}

// isoDate is the normalised form of a date in the truth.
func isoDate(t time.Time) string { return t.Format("2006-01-02") }

// yenStyle is how an amount with a currency mark is printed.
type yenStyle int

const (
	yenHalf     yenStyle = iota // ¥12,345
	yenFull                     // ￥12,345
	yenSuffix                   // 12,345円
	yenFullDash                 // ￥12,345-
	numYenStyles
)

// comma prints n with thousands separators.
func comma(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// yen prints n in style s.
func yen(n int64, s yenStyle) string {
	switch s {
	case yenFull:
		return "￥" + comma(n)
	case yenSuffix:
		return comma(n) + "円"
	case yenFullDash:
		return "￥" + comma(n) + "-"
	default:
		return "¥" + comma(n)
	}
}

// fullWidth turns printable ASCII into its full-width form, as Japanese
// documents often print digits and Latin letters.
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ':
			b.WriteRune('　')
		case r > ' ' && r <= '~':
			b.WriteRune(r + 0xFEE0)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
