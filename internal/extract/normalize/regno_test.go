package normalize_test

import (
	"errors"
	"testing"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

func TestRegistrationNumber(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr error
	}{
		// Test vectors from compliance.md.
		{"T7010705000725", "T7010705000725", nil},
		{"T5835678256246", "T5835678256246", nil},
		{"T4011001098993", "T4011001098993", nil},
		{"T2835678256246", "T2835678256246", normalize.ErrRegCheckDigit},
		// Printed and OCR variants.
		{"Ｔ７０１０７０５０００７２５", "T7010705000725", nil},
		{"T 7010-7050-0072-5", "T7010705000725", nil},
		{"t4011001098993", "T4011001098993", nil},
		// Not registration numbers.
		{"7010705000725", "", normalize.ErrRegFormat},
		{"T701070500072", "", normalize.ErrRegFormat},
		{"T70107050007250", "", normalize.ErrRegFormat},
		{"X7010705000725", "", normalize.ErrRegFormat},
		{"", "", normalize.ErrRegFormat},
	}
	for _, tt := range tests {
		got, err := normalize.RegistrationNumber(tt.in)
		if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
			t.Errorf("RegistrationNumber(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestCheckDigit(t *testing.T) {
	for base, want := range map[string]int{
		"010705000725": 7, "835678256246": 5, "011001098993": 4, "12345": -1, "01070500072x": -1,
	} {
		if got := normalize.CheckDigit(base); got != want {
			t.Errorf("CheckDigit(%q) = %d, want %d", base, got, want)
		}
	}
}

func TestFindRegistrationNumber(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  error
		ok       bool
	}{
		{"登録番号:T7010705000725", "T7010705000725", nil, true},
		{"登録番号 T 5835678256246 TEL 03-1234-5678", "T5835678256246", nil, true},
		{"適格請求書発行事業者登録番号 T2835678256246", "T2835678256246", normalize.ErrRegCheckDigit, true},
		{"GST ID 000123456789", "", nil, false},
		{"ACCT70107050007251", "", nil, false},
	}
	for _, tt := range tests {
		m, ok := normalize.FindRegistrationNumber(tt.in)
		if m.Value != tt.want || ok != tt.ok || !errors.Is(m.Err, tt.wantErr) {
			t.Errorf("FindRegistrationNumber(%q) = %+v, %v; want %q, %v, %v", tt.in, m, ok, tt.want, tt.wantErr, tt.ok)
		}
		if ok && normalize.Fold(tt.in[m.Start:m.End]) == "" {
			t.Errorf("FindRegistrationNumber(%q) span %d..%d is empty", tt.in, m.Start, m.End)
		}
	}
}

func TestFindRegistrationMisread(t *testing.T) {
	tests := []struct {
		in, want string
		repair   normalize.RegRepair
	}{
		{"登録番号 14011001098993", "T4011001098993", normalize.RegPrefixRead},  // T read as 1
		{"登録番号 :74011001098993", "T4011001098993", normalize.RegPrefixRead}, // T read as 7
		{"r7010705000725", "T7010705000725", normalize.RegPrefixRead},       // T read as r
		{"登録番号 4011001098993", "T4011001098993", normalize.RegNoPrefix},     // T lost
		{"登録番号 : 17010705000 725", "T7010705000725", normalize.RegPrefixRead},
		{"TI290001829036", "T1290001829036", normalize.RegLettersRead}, // digits read as letters...
		{"T4O11OO1O98993", "T4011001098993", normalize.RegLettersRead},
		{"rs835678256246", "T5835678256246", normalize.RegLettersRead},
		{"T12900093414638", "T1290003414638", normalize.RegLettersRead}, // a slashed 0 read as 09
		// ...but only with a valid check digit, and not inside a longer number.
		{"登録番号 12835678256246", "", 0},
		{"T4011001098993", "", 0}, // printed correctly: FindRegistrationNumber's
		{"ACCT 1401100109899312", "", 0},
		{"TEL 03-1234-5678 FAX 03-1234-5679", "", 0},
	}
	for _, tt := range tests {
		ms := normalize.FindRegistrationMisread(tt.in)
		got, repair := "", normalize.RegRepair(0)
		if len(ms) > 0 {
			got, repair = ms[0].Value, ms[0].Repair
			if ms[0].Start < 0 || ms[0].End > len(tt.in) || ms[0].Start >= ms[0].End {
				t.Errorf("FindRegistrationMisread(%q): span %d..%d", tt.in, ms[0].Start, ms[0].End)
			}
		}
		if got != tt.want || got != "" && repair != tt.repair {
			t.Errorf("FindRegistrationMisread(%q) = %q (%d), want %q (%d)", tt.in, got, repair, tt.want, tt.repair)
		}
	}
}
