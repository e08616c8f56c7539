package normalize_test

import (
	"testing"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in, want, currency string // want "" means not an amount
	}{
		// compliance.md row 17.
		{"￥１，１００-", "1100", "JPY"},
		{"¥1,100-", "1100", "JPY"},
		{"1,100円", "1100", "JPY"},
		{"\\3,300", "3300", "JPY"},
		{"金壱萬弐阡円也", "12000", "JPY"},
		{"金 参拾伍萬円也", "350000", "JPY"},
		{"1万2千円", "12000", "JPY"},
		// Malaysian and other receipts.
		{"RM 9.00", "9.00", "MYR"},
		{"RM9.00", "9.00", "MYR"},
		{"MYR 1,234.50", "1234.50", "MYR"},
		{"$12.5", "12.5", "USD"},
		{"1.234,56 €", "1234.56", "EUR"},
		{"€1.234", "1234", "EUR"},
		{"9,00", "9.00", ""},
		{"0.500", "0.500", ""},
		{"1,234,567", "1234567", ""},
		{"1 100", "1100", ""},
		// OCR confusions.
		{"9.OO", "9.00", ""},
		{"1O.5O", "10.50", ""},
		{"l2.00", "12.00", ""},
		{"S0.00", "50.00", ""},
		{"9. 00", "9.00", ""},
		// Signs.
		{"-5.00", "-5.00", ""},
		{"(5.00)", "-5.00", ""},
		{"△100", "-100", ""},
		{"RM-1.00", "-1.00", "MYR"},
		// Not amounts.
		{"", "", ""},
		{"TOTAL", "", ""},
		{"1234,567", "", ""},
		{"1.2345", "", ""},
		{"1,,000", "", ""},
		{"壱弐参拾阡萬", "", ""}, // a jumble, not a number
		{"9999999999999999", "", ""},
	}
	for _, tt := range tests {
		got, err := normalize.ParseAmount(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseAmount(%q) = %v, want error", tt.in, got)
			}
			continue
		}
		if err != nil || got.Value.String() != tt.want || got.Currency != tt.currency {
			t.Errorf("ParseAmount(%q) = %v %q, %v; want %s %q", tt.in, got.Value, got.Currency, err, tt.want, tt.currency)
		}
	}
}

func TestParseKanjiNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // -1: error
	}{
		{"壱萬弐阡", 12000}, {"千二百三十四", 1234}, {"十", 10}, {"二〇二四", 2024}, {"12万", 120000},
		{"1,200万", 12000000}, {"三億五千万", 350000000}, {"壱億", 100000000}, {"拾萬", 100000},
		{"百十", 110}, {"一万二", 10002},
		{"壱弐参拾阡萬", -1}, {"十百", -1}, {"万億", -1}, {"", -1}, {"一二万三四", 120034}, {"千千", -1}, {"万", -1}, {"a", -1},
	}
	for _, tt := range tests {
		got, err := normalize.ParseKanjiNumber(tt.in)
		if tt.want < 0 {
			if err == nil {
				t.Errorf("ParseKanjiNumber(%q) = %d, want error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseKanjiNumber(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestFindAmounts(t *testing.T) {
	tests := []struct {
		in   string
		want []string // values in order
	}{
		{"TOTAL: RM 9.00", []string{"9.00"}},
		{"TOTAL9.00", []string{"9.00"}},
		{"DATE: 25/12/2018 8:13:39 PM", nil},
		{"TEL 03-1234-5678", nil},
		{"2 X 4.50 9.00", []string{"2", "4.50", "9.00"}},
		{"THIS IS SO 5.OO", []string{"5.00"}},
		{"合計 ¥1,100-", []string{"1100"}},
		{"合計金額 金壱萬弐阡円也", []string{"12000"}},
		{"10%対象 ¥11,000 内消費税 ¥1,000", []string{"10", "11000", "1000"}},
		{"DISCOUNT -1.00", []string{"-1.00"}},
		{"ROUNDING ADJ -0.02", []string{"-0.02"}},
		{"CHANGE RM .05", []string{"0.05"}},
		// Yen amounts as OCR misreads them: a separator doubled, 円 read
		// as "F9" or as a last digit after the thousands group.
		{"10% 対象 \\3,.724 消費税 \\372", []string{"10", "3724", "372"}},
		{"ボールペン 3 色 380F9", []string{"3", "380"}},
		{"小計 (6 点) 3, 1909", []string{"6", "3190"}},
		{"8% 対象 30.630 円消費税 2, 45079", []string{"8", "30630", "2450"}},
		{"小計 293, 35075", []string{"293350"}},
		{"1,23478", nil}, // two extra digits that are no misread 円
		{"13F 9", []string{"13", "9"}},
		{"1,2345", nil}, // a group of four that does not end in a misread 円
	}
	for _, tt := range tests {
		ms := normalize.FindAmounts(normalize.Fold(tt.in))
		var got []string
		for _, m := range ms {
			got = append(got, m.Amount.Value.String())
		}
		if len(got) != len(tt.want) {
			t.Errorf("FindAmounts(%q) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("FindAmounts(%q) = %v, want %v", tt.in, got, tt.want)
				break
			}
		}
	}
}

func TestDecimal(t *testing.T) {
	a, _ := normalize.ParseDecimal("9.00")
	b, _ := normalize.ParseDecimal("0.5")
	if s := a.Add(b).String(); s != "9.50" {
		t.Errorf("9.00 + 0.5 = %s", s)
	}
	if s := b.Sub(a).String(); s != "-8.50" {
		t.Errorf("0.5 - 9.00 = %s", s)
	}
	nine, _ := normalize.ParseDecimal("9")
	if a.Cmp(nine) != 0 || b.Cmp(a) != -1 || a.Cmp(b) != 1 {
		t.Errorf("Cmp wrong for 9.00, 9, 0.5")
	}
	for _, bad := range []string{"", "-", "1.", ".5", "1.2345", "abc", "1e5"} {
		if _, err := normalize.ParseDecimal(bad); err == nil {
			t.Errorf("ParseDecimal(%q) succeeded", bad)
		}
	}
	if s := (normalize.Decimal{Units: -5, Scale: 2}).String(); s != "-0.05" {
		t.Errorf("String = %s, want -0.05", s)
	}
}
