package deadline

import (
	"math"
	"time"
)

// nationalHolidays returns the national holidays of Japan in year y
// (国民の祝日に関する法律), including substitute holidays (振替休日) and
// days between two holidays (国民の休日). The equinox days use the
// astronomical approximation valid for 1980–2099; the Cabinet Office
// publishes the exact dates a year ahead, so years outside 2000–2099 and
// one-off changes beyond those coded here belong in Calendar.Closed.
func nationalHolidays(y int) map[time.Time]string {
	h := map[time.Time]string{}
	add := func(m time.Month, d int, name string) { h[date(y, m, d)] = name }
	add(1, 1, "元日")
	add(1, nthMonday(y, 1, 2), "成人の日")
	add(2, 11, "建国記念の日")
	if y >= 2020 {
		add(2, 23, "天皇誕生日")
	}
	if y >= 1989 && y <= 2018 {
		add(12, 23, "天皇誕生日")
	}
	add(3, equinox(y, 20.8431), "春分の日")
	add(4, 29, "昭和の日")
	add(5, 3, "憲法記念日")
	add(5, 4, "みどりの日")
	add(5, 5, "こどもの日")
	switch y {
	case 2020:
		add(7, 23, "海の日")
		add(7, 24, "スポーツの日")
		add(8, 10, "山の日")
	case 2021:
		add(7, 22, "海の日")
		add(7, 23, "スポーツの日")
		add(8, 8, "山の日")
	default:
		add(7, nthMonday(y, 7, 3), "海の日")
		if y >= 2016 {
			add(8, 11, "山の日")
		}
		name := "体育の日"
		if y >= 2020 {
			name = "スポーツの日"
		}
		add(10, nthMonday(y, 10, 2), name)
	}
	add(9, nthMonday(y, 9, 3), "敬老の日")
	add(9, equinox(y, 23.2488), "秋分の日")
	add(11, 3, "文化の日")
	add(11, 23, "勤労感謝の日")
	if y == 2019 {
		add(4, 30, "国民の休日")
		add(5, 1, "即位の日")
		add(5, 2, "国民の休日")
		add(10, 22, "即位礼正殿の儀")
	}

	// 国民の休日: a weekday between two holidays is a holiday too.
	// Collected first: adding to a map while ranging over it may or may
	// not visit the new keys.
	var between []time.Time
	for d := range h {
		mid := d.AddDate(0, 0, 1)
		if _, ok := h[d.AddDate(0, 0, 2)]; ok {
			if _, ok := h[mid]; !ok && mid.Weekday() != time.Sunday {
				between = append(between, mid)
			}
		}
	}
	for _, d := range between {
		h[d] = "国民の休日"
	}
	// 振替休日: a holiday on a Sunday moves to the next day that is not a
	// holiday (so 5/3 on a Sunday moves to 5/6).
	var subs []time.Time
	for d := range h {
		if d.Weekday() != time.Sunday {
			continue
		}
		s := d.AddDate(0, 0, 1)
		for {
			if _, ok := h[s]; !ok {
				break
			}
			s = s.AddDate(0, 0, 1)
		}
		subs = append(subs, s)
	}
	for _, s := range subs {
		h[s] = "振替休日"
	}
	return h
}

// equinox returns the March (base 20.8431) or September (23.2488)
// equinox day of year y.
func equinox(y int, base float64) int {
	return int(math.Floor(base + 0.242194*float64(y-1980) - math.Floor(float64(y-1980)/4)))
}

// nthMonday returns the day of the n-th Monday of month m.
func nthMonday(y int, m time.Month, n int) int {
	first := date(y, m, 1).Weekday()
	offset := (int(time.Monday) - int(first) + 7) % 7
	return 1 + offset + 7*(n-1)
}
