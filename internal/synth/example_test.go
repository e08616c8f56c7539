package synth_test

import (
	"fmt"

	"github.com/shohyo/shohyo/internal/synth"
)

func ExampleGenerate() {
	s, err := synth.Generate(7, synth.Options{
		Kind:     synth.KindReceipt,
		DPI:      100,
		Calendar: synth.CalendarWareki,
		Degrade:  &synth.Degradation{JPEGQuality: 85},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Kind, s.Ext, s.Truth.IssueDate.Value, s.Truth.IssueDate.Source, s.Truth.Total.Value)
	// Output: receipt jpg 2024-01-28 R6.1.28(日) 1440
}
