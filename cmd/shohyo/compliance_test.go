package main_test

import (
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/audit/tsatest"
	"github.com/shohyo/shohyo/internal/testutil"
)

// TestComplianceCommands runs what an accountant and an auditor do, as
// processes: a scan goes through serve (with anchors stamped by a TSA),
// `shohyo correct` and `shohyo delete` add history, `shohyo history` shows
// it, `shohyo verify` reports the archive intact; then one byte of a
// record version is changed on disk and `shohyo verify` names it and
// exits 1.
func TestComplianceCommands(t *testing.T) {
	testutil.FindBinary(t, "redis-server", "SHOHYO_REDIS_BIN")
	testutil.FindBinary(t, "tesseract", "")
	data := t.TempDir()
	tsa := tsatest.Start(t, nil)
	roots := filepath.Join(t.TempDir(), "tsa-roots.pem")
	if err := os.WriteFile(roots, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tsa.RootDER()}), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, []string{"SHOHYO_WORKERS=1", "SHOHYO_TSA_URL=" + tsa.URL, "SHOHYO_TSA_ROOTS=" + roots, "SHOHYO_ANCHOR_EVERY=1s"}, "--data", data)
	env := []string{"SHOHYO_SERVER=" + s.url}

	sample := mustRead(t, "../../testdata/samples/004.png")
	if err := os.WriteFile(filepath.Join(data, "inbox", "receipt.png"), sample, 0o644); err != nil {
		t.Fatal(err)
	}
	r := waitDone(t, s, 1, 2*time.Minute)
	id := r.Hits[0].DocID

	// The person on a version is the token's user: clerks get their own.
	sato, err := cli(t, nil, "token", "create", "--data", data, "--role", "clerk", "--name", "sato")
	if err != nil {
		t.Fatal(err)
	}
	suzuki, err := cli(t, nil, "token", "create", "--data", data, "--role", "clerk", "--name", "suzuki")
	if err != nil {
		t.Fatal(err)
	}
	asSato := append(env, "SHOHYO_TOKEN="+strings.TrimSpace(sato))
	out, err := cli(t, asSato, "correct", id, "--set", "total=1100", "--set", "voucher_number=J-2024-0042", "--reason", "total misread")
	if err != nil || !strings.Contains(out, "version 2 by sato") || !strings.Contains(out, `"J-2024-0042"`) {
		t.Fatalf("correct: %v\n%s", err, out)
	}
	if out, err := cli(t, env, "correct", id, "--set", "total=1100", "--reason", "again"); err == nil {
		t.Errorf("a correction changing nothing succeeded: %s", out)
	}
	if out, err = cli(t, append(env, "SHOHYO_TOKEN="+strings.TrimSpace(suzuki)), "delete", id, "--reason", "duplicate of J-2024-0041"); err != nil {
		t.Fatalf("delete: %v\n%s", err, out)
	}
	out, err = cli(t, env, "history", id)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"version 1 ", "version 2 ", "sato  total misread", `"1100"`, "deleted ", "suzuki  duplicate of J-2024-0041", "retain until 20"} {
		if !strings.Contains(out, want) {
			t.Errorf("history lacks %q:\n%s", want, out)
		}
	}
	if out, err := cli(t, env, "hold", id, "--reason", "inspection 2025"); err != nil || !strings.Contains(out, "legal hold placed on 6 objects") {
		t.Errorf("hold: %v\n%s", err, out)
	}
	// The deleted document is still found with the filter, once the
	// index task queued by the deletion has run.
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := search(t, s.url, "voucher_number=J-2024-0042&deleted=include")
		if got.Total == 1 && got.Hits[0].Deleted {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("deleted document by voucher number: %+v", got)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// Wait for an anchor with a token over everything so far.
	deadline = time.Now().Add(30 * time.Second)
	for tsa.Requests() == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	out, err = cli(t, env, "verify")
	if err != nil || !strings.HasPrefix(out, "intact: 1 documents (1 deleted)") || !strings.Contains(out, "with TSA token") {
		t.Fatalf("verify of a clean archive: %v\n%s", err, out)
	}
	// Dates are days in Japan, where the document was stored "today".
	today := time.Now().In(time.FixedZone("JST", 9*60*60)).Format(time.DateOnly)
	if out, err = cli(t, env, "verify", "--from", today, "--to", today); err != nil || !strings.Contains(out, "1 documents") {
		t.Errorf("verify of today: %v\n%s", err, out)
	}

	key := "docs/" + id + "/versions/000001.json"
	p := filepath.Join(data, "archive", filepath.FromSlash(key))
	os.Chmod(p, 0o600) // the software lock made it read-only; root can undo that
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), `"total":{"value":"`) + len(`"total":{"value":"`)
	b[i] ^= 0x01
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = cli(t, env, "verify")
	if err == nil || !strings.Contains(err.Error(), "exit status 1") || !strings.Contains(out, key) {
		t.Fatalf("verify after changing %s: %v\n%s", key, err, out)
	}
	t.Logf("verify after tampering:\n%s", out)
}
