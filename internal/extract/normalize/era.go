package normalize

import "strings"

// era is a Japanese imperial era: year N of the era is Offset+N, and the
// era runs from its first day through its last year (0: still running).
type era struct {
	Offset   int
	First    string // ISO date of the first day
	LastYear int    // last era year, 0 when current
}

// eras by name and by the one-letter abbreviation used in short dates
// (R6.4.1). NFKC already turns the ligatures ㋿ ㍻ ㍼ into the names.
var eras = map[string]era{
	"令和": {2018, "2019-05-01", 0},
	"平成": {1988, "1989-01-08", 31},
	"昭和": {1925, "1926-12-25", 64},
	"R":  {2018, "2019-05-01", 0},
	"H":  {1988, "1989-01-08", 31},
	"S":  {1925, "1926-12-25", 64},
}

// eraDate converts an era date to ISO; "元" is year 1. Dates before the
// era began, or after its last year, are rejected as misreadings.
func eraDate(name, year string, m, d int) string {
	e, ok := eras[strings.ToUpper(name)]
	if !ok {
		return ""
	}
	n := 1
	if year != "元" {
		n = atoi(year)
	}
	if n < 1 || e.LastYear > 0 && n > e.LastYear {
		return ""
	}
	s := iso(e.Offset+n, m, d)
	if s == "" || s < e.First {
		return ""
	}
	return s
}
