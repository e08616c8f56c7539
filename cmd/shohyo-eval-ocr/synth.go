package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/shohyo/shohyo/internal/ocr"
	"github.com/shohyo/shohyo/internal/ocr/ocreval"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/synth"
)

// evaluateSynth measures Japanese documents, which SROIE lacks: synthetic
// 請求書 and receipts from internal/synth (seeds 1..n, their own scan
// degradations) at dpi, scored by how many printed field texts (issuer,
// dates, amounts, registration number...) come out verbatim.
func evaluateSynth(e *ocr.Engine, n, dpi, parallel int) {
	type res struct {
		kind         string
		found, total int
		seconds      float64
		err          error
	}
	out := make([]res, n)
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			s, err := synth.Generate(uint64(i+1), synth.Options{DPI: dpi})
			if err != nil {
				out[i].err = err
				return
			}
			t := time.Now()
			doc, err := e.Recognize(context.Background(), s.Image, fmt.Sprintf("synth-%d.%s", i+1, s.Ext))
			out[i] = res{kind: s.Kind, seconds: time.Since(t).Seconds(), err: err}
			if err != nil {
				return
			}
			for _, src := range sources(s.Truth) {
				out[i].total++
				if ocreval.Contains(doc.Text(), src) {
					out[i].found++
				}
			}
		}()
	}
	wg.Wait()
	byKind := map[string][2]int{}
	var secs float64
	var failed int
	for _, r := range out {
		if r.err != nil {
			failed++
			fmt.Println("failed:", r.err)
			continue
		}
		k := byKind[r.kind]
		byKind[r.kind] = [2]int{k[0] + r.found, k[1] + r.total}
		secs += r.seconds
	}
	for kind, k := range byKind {
		fmt.Printf("%s: printed fields found verbatim %.4f (%d / %d)\n", kind, float64(k[0])/float64(max(k[1], 1)), k[0], k[1])
	}
	fmt.Printf("documents %d, failed %d, latency %.3f s/doc, throughput %.3f s/doc\n",
		n, failed, secs/float64(max(n-failed, 1)), time.Since(start).Seconds()/float64(n))
}

// sources lists the printed text of every field the truth has.
func sources(f record.Fields) []string {
	var out []string
	for _, p := range []*record.Field{f.IssuerName, f.RegistrationNumber, f.Recipient, f.IssueDate, f.TransactionDate,
		f.DueDate, f.InvoiceNumber, f.Total, f.Subtotal, f.WithholdingTax} {
		if p != nil && p.Source != "" {
			out = append(out, p.Source)
		}
	}
	if f.TaxLines != nil && f.TaxLines.Source != "" {
		out = append(out, f.TaxLines.Source)
	}
	return out
}
