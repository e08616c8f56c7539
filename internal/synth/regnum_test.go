package synth_test

import (
	"testing"

	"github.com/shohyo/shohyo/internal/synth"
)

// Vectors from docs compliance.md (法人番号 check digit).
func TestValidRegistration(t *testing.T) {
	for _, s := range []string{"T7010705000725", "T5835678256246", "T4011001098993"} {
		if !synth.ValidRegistration(s) {
			t.Errorf("%s: want valid", s)
		}
	}
	for _, s := range []string{"T2835678256246", "7010705000725", "T701070500072", "T701070500072X", "Ｔ7010705000725"} {
		if synth.ValidRegistration(s) {
			t.Errorf("%s: want invalid", s)
		}
	}
}

func TestCheckDigit(t *testing.T) {
	got, err := synth.CheckDigit("010705000725")
	if err != nil || got != 7 {
		t.Errorf("CheckDigit(010705000725) = %d, %v; want 7", got, err)
	}
	for _, bad := range []string{"", "12345678901", "01070500072X"} {
		if _, err := synth.CheckDigit(bad); err == nil {
			t.Errorf("CheckDigit(%q): want an error", bad)
		}
	}
}
