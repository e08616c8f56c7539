package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"

	"github.com/shohyo/shohyo/internal/export"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/schemas/schematest"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// write exports ids to a file and returns its path and manifest.
func write(t testing.TB, e *archiveEnv, req export.Request, ids []string) (string, *export.Manifest) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "export.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	job := export.Job{ID: "test", Request: req, By: export.Actor{Kind: "person", Name: "auditor"}, IDs: ids}
	m, err := e.exp.Write(context.Background(), f, job, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p, m
}

func verifyFile(t testing.TB, p string) *export.Report {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	rep, err := export.Verify(f, fi.Size(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func entry(t testing.TB, p, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExportContents(t *testing.T) {
	e := newArchive(t)
	e.seed(t, 6, 2000)
	ctx := context.Background()
	clerk := record.Actor{Kind: record.ActorPerson, Name: "sato"}
	if _, _, err := e.docs.Correct(ctx, e.ids[0], clerk, "total misread", map[string]string{"total": "1100"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.docs.Delete(ctx, e.ids[1], clerk, "duplicate"); err != nil {
		t.Fatal(err)
	}
	p, m := write(t, e, export.Request{Query: "anything"}, e.ids[:3])
	if rep := verifyFile(t, p); !rep.OK() || rep.Files != len(m.Files) {
		t.Fatalf("fresh export: %+v", rep.Problems)
	}
	if c := m.Counts; c.Documents != 3 || c.Originals != 3 || c.Versions != 4 || c.Deletions != 1 || c.AuditEvents != 6 {
		t.Errorf("counts %+v", c)
	}
	// The manifest as written matches its published schema.
	sch := schematest.Compile(t, "export-manifest.schema.json")
	if err := schematest.Validate(t, sch, json.RawMessage(entry(t, p, export.ManifestName))); err != nil {
		t.Errorf("manifest.json does not match schemas/export-manifest.schema.json: %v", err)
	}
	// Originals byte-identical: their content hash is their archive key.
	names := map[string]bool{}
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, "originals/") {
			names[f.Path] = true
			v, _ := e.docs.Latest(ctx, f.Path[len(f.Path)-len("0123456789abcdef01234567.pdf"):][:24])
			if v == nil || v.Original.SHA256 != f.SHA256 {
				t.Errorf("%s: hash %s is not the original's", f.Path, f.SHA256)
			}
			if !strings.HasSuffix(f.Path, ".pdf") || strings.Count(filepath.Base(f.Path), "_") != 3 {
				t.Errorf("name %s is not <date>_<counterparty>_<amount>_<id>.<ext>", f.Path)
			}
		}
	}
	if !names["originals/20240101_株式会社テスト商事_1100_"+e.ids[0]+".pdf"] {
		t.Errorf("corrected document's name: %v", names)
	}
	if !names["originals/20240202_ACME-Trading-Co.,-Ltd_"+mustTotal(t, e, e.ids[1])+"_"+e.ids[1]+".pdf"] {
		t.Errorf("names %v", names)
	}
	csvb := entry(t, p, "records.csv")
	if !bytes.HasPrefix(csvb, []byte("\xEF\xBB\xBF取引年月日,取引金額,取引先,doc_id")) || bytes.Count(csvb, []byte("\r\n")) != 4 {
		t.Errorf("records.csv:\n%s", csvb)
	}
	if !bytes.Contains(csvb, []byte("2024-01-01,1100,株式会社テスト商事,"+e.ids[0]+",2,")) ||
		!bytes.Contains(csvb, []byte(e.ids[1]+",1,ready,true,")) {
		t.Errorf("records.csv rows:\n%s", csvb)
	}
	hist := entry(t, p, "history.jsonl")
	for _, want := range []string{`"kind":"deletion"`, `"reason":"total misread"`, `"kind":"receipt"`} {
		if !bytes.Contains(hist, []byte(want)) {
			t.Errorf("history.jsonl lacks %s", want)
		}
	}
	// Each audit line is the stored line; its hash is named by the next event of the trail.
	var prevHash string
	var prevSeq int64
	for i, l := range bytes.Split(bytes.TrimSpace(entry(t, p, "audit.jsonl")), []byte("\n")) {
		var a export.AuditLine
		if err := json.Unmarshal(l, &a); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(a.Line))
		if hex.EncodeToString(sum[:]) != a.LineSHA256 || !strings.Contains(a.Line, `"seq":`) {
			t.Errorf("audit line %d: hash %s of %q", i, a.LineSHA256, a.Line)
		}
		if a.Seq == prevSeq+1 && a.Prev != prevHash {
			t.Errorf("audit line %d (event %d) names %s as the previous line, which hashes to %s", i, a.Seq, a.Prev, prevHash)
		}
		prevHash, prevSeq = a.LineSHA256, a.Seq
	}

	// Shift_JIS and the tax office's CSV alone.
	p2, m2 := write(t, e, export.Request{DocIDs: e.ids[:2], Format: export.FormatNTACSV, Encoding: "sjis"}, e.ids[:2])
	raw, _ := os.ReadFile(p2)
	utf, err := japanese.ShiftJIS.NewDecoder().Bytes(raw)
	if err != nil || !bytes.HasPrefix(utf, []byte("取引年月日,取引金額,取引先,")) || len(m2.Files) != 1 {
		t.Errorf("nta-csv in sjis: %v %q", err, utf)
	}
	if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) != m2.Files[0].SHA256 {
		t.Errorf("nta-csv hash in the manifest is not the file's")
	}
}

func mustTotal(t *testing.T, e *archiveEnv, id string) string {
	v, err := e.docs.Latest(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return v.Fields.Total.Value
}

func TestRequestChecks(t *testing.T) {
	for _, r := range []export.Request{{Format: "pdf"}, {Encoding: "latin1"}} {
		if err := r.Normalize(); err == nil {
			t.Errorf("%+v accepted", r)
		}
	}
	if _, err := export.Select(nil, export.Request{}); err == nil {
		t.Error("an empty request selected something")
	}
	if _, err := export.Select(nil, export.Request{DocIDs: []string{"../etc"}}); err == nil {
		t.Error("a bad id was accepted")
	}
}
