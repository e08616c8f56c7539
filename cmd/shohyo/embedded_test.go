package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/testutil"
)

// TestEmbeddedInbox: `shohyo serve --data DIR` with nothing else running;
// files copied into DIR/inbox become searchable, bad files end quarantined
// with a reason, and the service keeps running.
func TestEmbeddedInbox(t *testing.T) {
	testutil.FindBinary(t, "redis-server", "SHOHYO_REDIS_BIN")
	testutil.FindBinary(t, "tesseract", "")
	data := t.TempDir()
	s := startServe(t, []string{"SHOHYO_WORKERS=2"}, "--data", data)
	inbox := filepath.Join(data, "inbox")

	samples, _ := filepath.Glob("../../testdata/samples/*.png")
	if len(samples) < 2 {
		t.Fatalf("need the sample scans in testdata/samples, found %v", samples)
	}
	sample, err := os.ReadFile(samples[0])
	if err != nil {
		t.Fatal(err)
	}
	jpeg := mustRead(t, firstJPEG(t))
	drop := map[string][]byte{
		"good.png":             sample,
		"sub/copy-of-good.png": sample, // same content: one document, two arrivals
		"zero.jpg":             {},
		"truncated.jpg":        jpeg[:len(jpeg)/3],
		"letter.pdf":           []byte("Dear sir,\nthis is a plain text file with a .pdf name.\n"),
	}
	for name, b := range drop {
		p := filepath.Join(inbox, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	r := waitDone(t, s, 4, 3*time.Minute)
	t.Logf("4 documents done %.1fs after the drop", time.Since(start).Seconds())
	if r.Total != 4 {
		t.Fatalf("want 4 documents (5 files, one a duplicate), got %d: %+v", r.Total, r.Hits)
	}
	quarantined := search(t, s.url, "status=quarantined")
	if quarantined.Total != 3 {
		t.Fatalf("want the 3 bad files quarantined, got %+v", quarantined.Hits)
	}
	for _, h := range quarantined.Hits {
		if h.Reason == "" {
			t.Errorf("%s quarantined without a reason", h.FileName)
		}
		t.Logf("quarantined %s: %s", h.FileName, h.Reason)
	}
	if !s.alive() {
		t.Fatal("serve died on bad input")
	}
	// The duplicate is noted on the one document.
	for _, h := range r.Hits {
		if h.Status != "quarantined" && h.Arrivals != 2 {
			t.Errorf("document %s has %d arrivals, want 2", h.DocID, h.Arrivals)
		}
	}
	// Nothing is left in the inbox but the quarantine area, which is empty
	// here: these files could all be archived.
	var left []string
	_ = filepath.WalkDir(inbox, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			left = append(left, p)
		}
		return nil
	})
	if len(left) != 0 {
		t.Errorf("files left in the inbox: %v", left)
	}

	// The CLI reads the same index.
	out, err := cli(t, []string{"SHOHYO_SERVER=" + s.url}, "search", "--status", "quarantined")
	if err != nil || !strings.Contains(out, "3 of 3 documents") {
		t.Errorf("search --status quarantined: %v\n%s", err, out)
	}
	// Reindex rebuilds the same index from storage.
	if out, err := cli(t, []string{"SHOHYO_SERVER=" + s.url}, "reindex"); err != nil || !strings.Contains(out, "4 documents") {
		t.Errorf("reindex: %v\n%s", err, out)
	}
	if got := search(t, s.url, "").Total; got != 4 {
		t.Errorf("after reindex %d documents, want 4", got)
	}
	// And the vendor register from the record versions.
	if out, err := cli(t, []string{"SHOHYO_SERVER=" + s.url}, "reindex", "--vendors"); err != nil || !strings.Contains(out, "vendor register rebuilt: ") {
		t.Errorf("reindex --vendors: %v\n%s", err, out)
	}
}

// TestExtractCommand: one JSON line per file in the shape the evaluation
// tools read, with no service running.
func TestExtractCommand(t *testing.T) {
	testutil.FindBinary(t, "tesseract", "")
	samples, _ := filepath.Glob("../../testdata/samples/*.json")
	if len(samples) == 0 {
		t.Fatal("no sample truth files in testdata/samples")
	}
	img := strings.TrimSuffix(samples[0], ".json") + ".png"
	if _, err := os.Stat(img); err != nil {
		img = strings.TrimSuffix(samples[0], ".json") + ".jpg"
	}
	out, err := cli(t, nil, "extract", img)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one line, got %q", out)
	}
	// provenance is what every field and every line item carries.
	type provenance struct {
		Confidence float64 `json:"confidence"`
		Page       int     `json:"page"`
		BBox       []int   `json:"bbox"`
	}
	var got struct {
		File   string `json:"file"`
		Fields struct {
			IssueDate  *provenance  `json:"issue_date"`
			Total      *provenance  `json:"total"`
			IssuerName *provenance  `json:"issuer_name"`
			LineItems  []provenance `json:"line_items"`
		} `json:"fields"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, lines[0])
	}
	if got.File != img {
		t.Errorf("file %q, want %q", got.File, img)
	}
	f := got.Fields
	if len(f.LineItems) == 0 {
		t.Errorf("no line_items in %s", lines[0])
	}
	for k, p := range map[string]*provenance{"issue_date": f.IssueDate, "total": f.Total, "issuer_name": f.IssuerName} {
		if p == nil {
			t.Errorf("field %s missing in %s", k, lines[0])
			continue
		}
		f.LineItems = append(f.LineItems, *p)
	}
	for _, p := range f.LineItems {
		if p.Confidence < 0 || p.Confidence > 1 || p.Page != 1 || len(p.BBox) != 4 {
			t.Errorf("confidence/page/bbox malformed: %+v", p)
		}
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// firstJPEG finds a JPEG to truncate: a sample, or a SROIE receipt.
func firstJPEG(t *testing.T) string {
	t.Helper()
	for _, pat := range []string{"../../testdata/samples/*.jpg", filepath.Join(sroieDir(), "img", "*.jpg")} {
		if m, _ := filepath.Glob(pat); len(m) > 0 {
			return m[0]
		}
	}
	t.Fatal("no JPEG in testdata/samples or the SROIE folder")
	return ""
}

func sroieDir() string {
	if d := os.Getenv("SHOHYO_SROIE"); d != "" {
		return d
	}
	return "../../../shared/datasets/sroie-dev"
}
