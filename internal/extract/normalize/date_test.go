package normalize_test

import (
	"testing"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		hint normalize.Order
		want string // "" means no date
	}{
		// Japanese eras (compliance.md row 17).
		{"令和元年5月1日", normalize.OrderUnknown, "2019-05-01"},
		{"令和6年4月1日", normalize.OrderUnknown, "2024-04-01"},
		{"令和６年４月１日", normalize.OrderUnknown, "2024-04-01"},
		{"令和 6 年 4 月 1 日", normalize.OrderUnknown, "2024-04-01"},
		{"令 和 6 年 4 月 1 日", normalize.OrderUnknown, "2024-04-01"},
		{"R6.4.1", normalize.OrderDMY, "2024-04-01"},
		{"R6/12/25", normalize.OrderUnknown, "2024-12-25"},
		{"H31.4.30", normalize.OrderUnknown, "2019-04-30"},
		{"平成31年4月30日", normalize.OrderUnknown, "2019-04-30"},
		{"平成元年1月8日", normalize.OrderUnknown, "1989-01-08"},
		{"昭和64年1月7日", normalize.OrderUnknown, "1989-01-07"},
		{"昭和50年10月1日", normalize.OrderUnknown, "1975-10-01"},
		{"㋿6年1月1日", normalize.OrderUnknown, "2024-01-01"},
		{"令和元年4月30日", normalize.OrderUnknown, ""}, // 令和 began on 5/1
		{"平成32年1月1日", normalize.OrderUnknown, ""}, // 平成 ended in year 31
		{"平成元年1月7日", normalize.OrderUnknown, ""},  // still 昭和
		// Western with kanji.
		{"2024年4月1日(月)", normalize.OrderUnknown, "2024-04-01"},
		{"発行日：２０２４年１２月３日", normalize.OrderUnknown, "2024-12-03"},
		// Year first decides itself.
		{"2018-03-23", normalize.OrderDMY, "2018-03-23"},
		{"2024/04/01", normalize.OrderMDY, "2024-04-01"},
		{"2024.4.1", normalize.OrderUnknown, "2024-04-01"},
		// Day or month above 12 decides the order whatever the hint.
		{"25/12/2018", normalize.OrderMDY, "2018-12-25"},
		{"12/25/2018", normalize.OrderDMY, "2018-12-25"},
		// Ambiguous: the hint decides.
		{"04/05/2018", normalize.OrderDMY, "2018-05-04"},
		{"04/05/2018", normalize.OrderMDY, "2018-04-05"},
		{"04/05/2018", normalize.OrderUnknown, "2018-05-04"},
		{"DATE: 01-02-2019 10:30", normalize.OrderDMY, "2019-02-01"},
		// Two-digit years.
		{"25.12.18", normalize.OrderDMY, "2018-12-25"},
		{"24.04.01", normalize.OrderYMD, "2024-04-01"},
		{"24.04.01", normalize.OrderDMY, "2001-04-24"},
		{"24.4.1", normalize.OrderDMY, "2024-04-01"}, // one-digit last part cannot be a year
		{"31/12/99", normalize.OrderUnknown, "1999-12-31"},
		// Month names.
		{"12-JAN-2019", normalize.OrderUnknown, "2019-01-12"},
		{"12 Jan 2019", normalize.OrderMDY, "2019-01-12"},
		{"5 September 2018", normalize.OrderUnknown, "2018-09-05"},
		{"09-MAR-18", normalize.OrderUnknown, "2018-03-09"},
		{"March 5, 2018", normalize.OrderUnknown, "2018-03-05"},
		{"02/JAN/2017", normalize.OrderUnknown, "2017-01-02"},
		{"DATE/TIME : 20180428/191204", normalize.OrderDMY, "2018-04-28"},
		{"ORD #07 -REG #19- 10/03/2018 17:24", normalize.OrderDMY, "2018-03-10"},
		{"O7/01/18 14:41", normalize.OrderDMY, "2018-01-07"},
		{"S50.1.1", normalize.OrderUnknown, "1975-01-01"},
		// OCR misreadings: O for 0 in an era year, a 0 read as 6 next to
		// 日, a slashed 0 read as 9; a repair must be the only one.
		{"RO6/06/15(土)", normalize.OrderUnknown, "2024-06-15"},
		{"令和 7 年 12 月 36 日", normalize.OrderUnknown, "2025-12-30"},
		{"2024 年 4 月 36 日", normalize.OrderUnknown, "2024-04-30"},
		{"2924/11/12", normalize.OrderUnknown, "2024-11-12"},
		{"2024年2月39日", normalize.OrderUnknown, ""},  // 30 February does not exist
		{"2024年19月36日", normalize.OrderUnknown, ""}, // two repairs needed
		// Not dates.
		{"HD03-04-06", normalize.OrderDMY, ""},
		{"201804281", normalize.OrderDMY, ""},
		{"20181399", normalize.OrderDMY, ""},
		{"31/02/2018", normalize.OrderDMY, ""},
		{"TEL 03-1234-5678", normalize.OrderDMY, ""},
		{"9.00", normalize.OrderDMY, ""},
		{"1.5-2", normalize.OrderDMY, ""},
		// A month name one letter off a single month, as tills print it.
		{"CB: 78293158323 14/dun/2017 08:34:22", normalize.OrderDMY, "2017-06-14"},
		{"02-FEV-2018", normalize.OrderDMY, "2018-02-02"},
		{"02/JXN/2017", normalize.OrderDMY, ""},      // January or June
		{"14/dun-2017", normalize.OrderDMY, ""},      // separators differ
		{"ITEM 14/BOX/2017", normalize.OrderDMY, ""}, // no month is one letter off
		{"INV 123/45/678", normalize.OrderDMY, ""},
		{"", normalize.OrderDMY, ""},
	}
	for _, tt := range tests {
		got, err := normalize.ParseDate(tt.in, tt.hint)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseDate(%q, %v) = %q, want no date", tt.in, tt.hint, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q, %v) = %q, %v; want %q", tt.in, tt.hint, got, err, tt.want)
		}
	}
}

func TestFindDatesCertainty(t *testing.T) {
	tests := []struct {
		in   string
		hint normalize.Order
		want float64
	}{
		{"25/12/2018", normalize.OrderDMY, 1},
		{"04/05/2018", normalize.OrderDMY, 0.7},
		{"04/05/2018", normalize.OrderUnknown, 0.5},
		{"R6.4.1", normalize.OrderUnknown, 1},
		{"14/dun/2017", normalize.OrderDMY, 0.6},
	}
	for _, tt := range tests {
		m := normalize.FindDates(tt.in, tt.hint)
		if len(m) != 1 || m[0].Certainty != tt.want {
			t.Errorf("FindDates(%q) = %+v, want one match with certainty %v", tt.in, m, tt.want)
		}
	}
}

func TestFindDatesOffsets(t *testing.T) {
	s := "DATE: 25/12/2018 8:13:39 PM DUE 2019-01-24"
	m := normalize.FindDates(s, normalize.OrderDMY)
	if len(m) != 2 {
		t.Fatalf("FindDates(%q) = %+v, want 2 matches", s, m)
	}
	if s[m[0].Start:m[0].End] != "25/12/2018" || m[1].ISO != "2019-01-24" {
		t.Errorf("FindDates(%q) = %+v", s, m)
	}
}

func TestOrderForCurrency(t *testing.T) {
	for code, want := range map[string]normalize.Order{
		"MYR": normalize.OrderDMY, "EUR": normalize.OrderDMY, "USD": normalize.OrderMDY,
		"JPY": normalize.OrderYMD, "": normalize.OrderUnknown,
	} {
		if got := normalize.OrderForCurrency(code); got != want {
			t.Errorf("OrderForCurrency(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestFindDatesLenient(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Date : 09701/2019 8:01:11 PM", "2019-01-09"},
		{"Date: 1202/2018", "2018-02-12"},
		{"DATE 25/12/2018", "2018-12-25"}, // a clean date is read as usual
		{"Date 12/2018", ""},
		{"Date 0970171", ""},
	}
	for _, tt := range tests {
		m := normalize.FindDatesLenient(normalize.Fold(tt.in), normalize.OrderDMY)
		got := ""
		if len(m) > 0 {
			got = m[0].ISO
		}
		if got != tt.want {
			t.Errorf("FindDatesLenient(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
