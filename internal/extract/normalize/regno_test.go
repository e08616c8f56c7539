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
