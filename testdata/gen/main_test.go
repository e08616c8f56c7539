package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/synth"
)

// TestDemoSamplesInSync regenerates the committed demo set and compares
// the truth, so a change to the generator cannot leave testdata/samples
// describing documents it no longer makes. Images are not compared byte
// for byte: encoder output may change between Go releases.
func TestDemoSamplesInSync(t *testing.T) {
	if testing.Short() {
		t.Skip("renders six full-size scans")
	}
	if _, err := os.Stat(synth.DefaultGothic); err != nil {
		t.Skipf("IPA font missing: %v", err)
	}
	dir := filepath.Join("..", "samples")
	var manifest []entry
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		t.Fatal(err)
	}
	jobs := demoJobs()
	if len(manifest) != len(jobs) {
		t.Fatalf("manifest lists %d samples, demoJobs %d", len(manifest), len(jobs))
	}
	for i, j := range jobs {
		e := manifest[i]
		s, err := synth.Generate(j.seed, j.opts)
		if err != nil {
			t.Fatal(err)
		}
		var committed record.Fields
		b, err := os.ReadFile(filepath.Join(dir, e.Truth))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &committed); err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(s.Truth)
		want, _ := json.Marshal(committed)
		if string(got) != string(want) {
			t.Errorf("%s: truth differs from the generator; rerun go run ./testdata/gen -demo -out testdata/samples", e.Truth)
		}
		fi, err := os.Stat(filepath.Join(dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		if e.File != filepath.Base(e.File) || fi.Size() > 300<<10 {
			t.Errorf("%s: %d bytes, want at most 300 KB", e.File, fi.Size())
		}
	}
}
