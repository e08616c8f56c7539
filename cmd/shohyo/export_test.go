package main_test

import (
	"archive/zip"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/testutil"
)

// TestExportCommands runs what an auditor does, as processes: a token of
// the auditor role made offline, `shohyo export` through serve, `shohyo
// verify-export` with the key serve publishes; a changed byte makes
// verify-export exit 1 naming the file, and a viewer cannot export.
func TestExportCommands(t *testing.T) {
	testutil.FindBinary(t, "redis-server", "SHOHYO_REDIS_BIN")
	testutil.FindBinary(t, "tesseract", "")
	data := t.TempDir()
	s := startServe(t, []string{"SHOHYO_WORKERS=1"}, "--data", data)
	if err := os.WriteFile(filepath.Join(data, "inbox", "receipt.png"), mustRead(t, "../../testdata/samples/004.png"), 0o644); err != nil {
		t.Fatal(err)
	}
	id := waitDone(t, s, 1, 2*time.Minute).Hits[0].DocID

	token := func(role string) string {
		out, err := cli(t, nil, "token", "create", "--data", data, "--role", role, "--name", role+"-san")
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(out)
	}
	auditor := []string{"SHOHYO_SERVER=" + s.url, "SHOHYO_TOKEN=" + token("auditor")}
	viewer := []string{"SHOHYO_SERVER=" + s.url, "SHOHYO_TOKEN=" + token("viewer")}
	out := filepath.Join(t.TempDir(), "export.zip")
	if o, err := cli(t, auditor, "export", "--doc", id, "--out", out); err != nil || !strings.Contains(o, "1 documents") {
		t.Fatalf("export: %v\n%s", err, o)
	}
	if _, err := cli(t, viewer, "export", "--doc", id, "--out", out+".v"); err == nil || !strings.Contains(err.Error(), "forbidden") {
		t.Errorf("a viewer exported: %v", err)
	}
	resp, err := http.Get(s.url + "/api/v1/export-key")
	if err != nil {
		t.Fatal(err)
	}
	var key struct {
		PublicKey string `json:"public_key"`
	}
	json.NewDecoder(resp.Body).Decode(&key)
	resp.Body.Close()
	if o, err := cli(t, nil, "verify-export", out, "--pubkey", key.PublicKey); err != nil || !strings.HasPrefix(o, "intact: ") || !strings.Contains(o, "auditor-san") {
		t.Fatalf("verify-export: %v\n%s", err, o)
	}

	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	f := zr.File[0] // the original
	off, _ := f.DataOffset()
	zr.Close()
	b, _ := os.ReadFile(out)
	b[off+10] ^= 1
	changed := filepath.Join(t.TempDir(), "changed.zip")
	os.WriteFile(changed, b, 0o600)
	o, err := cli(t, nil, "verify-export", changed, "--pubkey", key.PublicKey)
	if err == nil || !strings.Contains(err.Error(), "exit status 1") || !strings.Contains(o, f.Name+": ") {
		t.Errorf("verify-export of a changed original: %v\n%s", err, o)
	}
}
