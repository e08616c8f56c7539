package main

import "github.com/shohyo/shohyo/internal/synth"

// job is one sample to write: a seed and the options to render it with.
type job struct {
	seed uint64
	opts synth.Options
}

// demoJobs is the committed set in testdata/samples, regenerated with
//
//	go run ./testdata/gen -demo -out testdata/samples
//
// Seeds were picked for variety: both tax rates on every document, 和暦
// and western dates, full-width registration numbers, a tax-exclusive and
// two tax-inclusive receipts (one with a 4-yen bag taxed 0 yen), 上様 and
// named recipients (a company and a person), an 80 mm and a 58 mm roll,
// one skewed scan of each kind, colour and grayscale, PNG and JPEG, each
// file under 300 KB.
func demoJobs() []job {
	inv, rec := synth.KindInvoice, synth.KindReceipt
	w, wa := synth.CalendarWestern, synth.CalendarWareki
	return []job{
		{3, synth.Options{Kind: inv, Calendar: w, Degrade: &synth.Degradation{Blur: 0.4, Noise: 1.5, JPEGQuality: 78}}},
		{20, synth.Options{Kind: inv, Calendar: wa, Degrade: &synth.Degradation{Rotate: 1.3, JPEGQuality: 85}}},
		{29, synth.Options{Kind: inv, Calendar: w, Degrade: &synth.Degradation{Grayscale: true}}},
		{16, synth.Options{Kind: rec, Calendar: w, Degrade: &synth.Degradation{}}},
		{12, synth.Options{Kind: rec, Calendar: wa, Degrade: &synth.Degradation{Rotate: -1, Noise: 2, JPEGQuality: 88}}},
		{27, synth.Options{Kind: rec, Calendar: wa, Degrade: &synth.Degradation{Grayscale: true, Blur: 0.5, JPEGQuality: 80}}},
	}
}
