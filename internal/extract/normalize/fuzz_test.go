package normalize_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

// The fuzz targets check properties that must hold for any input: no
// panic, offsets inside the string, outputs in their normal form.

func FuzzFold(f *testing.F) {
	for _, s := range []string{"ＴＯＴＡＬ　１，１００", "￥１，１００－", "ｶﾌﾞｼｷ", "㈱", " a\tb "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := normalize.Fold(s)
		if utf8.ValidString(s) && normalize.Fold(once) != once {
			t.Errorf("Fold not idempotent on %q: %q then %q", s, once, normalize.Fold(once))
		}
		if strings.HasPrefix(once, " ") || strings.HasSuffix(once, " ") || strings.Contains(once, "  ") {
			t.Errorf("Fold(%q) = %q keeps extra spaces", s, once)
		}
	})
}

var isoRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func FuzzFindDates(f *testing.F) {
	for _, s := range []string{"令和元年5月1日", "R6.4.1", "25/12/2018", "12-JAN-2019", "March 5, 2018", "24.04.01", "H31.4.30", "09701/2019", "1202/2018"} {
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, s string, hint int) {
		s = normalize.Fold(s)
		order := normalize.Order(uint(hint) % 4)
		for _, m := range append(normalize.FindDates(s, order), normalize.FindDatesLenient(s, order)...) {
			if m.Start < 0 || m.End > len(s) || m.Start >= m.End || s[m.Start:m.End] != m.Text {
				t.Fatalf("FindDates(%q): bad span %+v", s, m)
			}
			if !isoRe.MatchString(m.ISO) {
				t.Fatalf("FindDates(%q): ISO %q", s, m.ISO)
			}
			if _, err := time.Parse("2006-01-02", m.ISO); err != nil {
				t.Fatalf("FindDates(%q): invalid date %q", s, m.ISO)
			}
			if m.Certainty <= 0 || m.Certainty > 1 {
				t.Fatalf("FindDates(%q): certainty %v", s, m.Certainty)
			}
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"￥１，１００-", "金壱萬弐阡円也", "RM 9.00", "1.234,56 €", "9.OO", "(5.00)", "1 100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := normalize.ParseAmount(s)
		if err != nil {
			return
		}
		back, err := normalize.ParseDecimal(a.Value.String())
		if err != nil || back != a.Value {
			t.Fatalf("ParseAmount(%q) = %v does not round-trip: %v %v", s, a.Value, back, err)
		}
	})
}

func FuzzFindAmounts(f *testing.F) {
	for _, s := range []string{"TOTAL: RM 9.00", "合計 ¥1,100-", "2 X 4.50 9.00", "金壱萬弐阡円也", "RM-1.00 △100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = normalize.Fold(s)
		end := 0
		for _, m := range normalize.FindAmounts(s) {
			if m.Start < end || m.End > len(s) || m.Start >= m.End || s[m.Start:m.End] != m.Text {
				t.Fatalf("FindAmounts(%q): bad span %+v", s, m)
			}
			end = m.End
			if _, err := normalize.ParseDecimal(m.Amount.Value.String()); err != nil {
				t.Fatalf("FindAmounts(%q): value %v not a decimal", s, m.Amount.Value)
			}
		}
	})
}

func FuzzParseKanjiNumber(f *testing.F) {
	for _, s := range []string{"壱萬弐阡", "千二百三十四", "1,200万", "三億五千万"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := normalize.ParseKanjiNumber(s)
		if err == nil && (n < 0 || n >= 1e15) {
			t.Fatalf("ParseKanjiNumber(%q) = %d out of range", s, n)
		}
	})
}

var regRe = regexp.MustCompile(`^T\d{13}$`)

func FuzzRegistrationNumber(f *testing.F) {
	for _, s := range []string{"T7010705000725", "T2835678256246", "Ｔ７０１０７０５０００７２５", "T 7010-7050-0072-5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := normalize.RegistrationNumber(s)
		if v == "" {
			if err == nil {
				t.Fatalf("RegistrationNumber(%q): empty value without error", s)
			}
			return
		}
		if !regRe.MatchString(v) {
			t.Fatalf("RegistrationNumber(%q) = %q", s, v)
		}
		if (normalize.CheckDigit(v[2:]) == int(v[1]-'0')) != (err == nil) {
			t.Fatalf("RegistrationNumber(%q) = %q, %v: check digit disagrees", s, v, err)
		}
	})
}

func FuzzFindRegistrationMisread(f *testing.F) {
	for _, s := range []string{"登録番号 14011001098993", "TI290001829036", "rs835678256246", "17010705000 725", "T4O11OO1O98993"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = normalize.Fold(s)
		end := 0
		for _, m := range normalize.FindRegistrationMisread(s) {
			if m.Start < end || m.End > len(s) || m.Start >= m.End {
				t.Fatalf("FindRegistrationMisread(%q): bad span %+v", s, m)
			}
			end = m.End
			if v, err := normalize.RegistrationNumber(m.Value); err != nil || v != m.Value {
				t.Fatalf("FindRegistrationMisread(%q) = %q, which is not a valid number: %v", s, m.Value, err)
			}
		}
	})
}
