package audit_test

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/audit/tsatest"
)

func TestAnchors(t *testing.T) {
	ctx := t.Context()
	b, dir := newBucket(t)
	c := newClock()
	tsa := tsatest.Start(t, c.Now)
	l := audit.NewLog(b, audit.Options{Now: c.Now})
	an := &audit.Anchorer{B: b, Now: c.Now}

	if a, err := an.Make(ctx); a != nil || err != nil {
		t.Fatalf("anchor of an empty log: %+v, %v", a, err)
	}
	appendN(t, l, 3, "first")
	a1, err := an.Make(ctx)
	if err != nil || a1 == nil {
		t.Fatal(a1, err)
	}
	if a1.Number != 1 || a1.FromSeq != 1 || a1.ToSeq != 3 || a1.Objects != 3 || a1.Leaves != 3*3 || a1.Timestamp != nil {
		t.Errorf("anchor 1: %+v", a1)
	}
	if a, err := an.Make(ctx); a != nil || err != nil {
		t.Errorf("anchor with nothing new: %+v, %v", a, err)
	}

	// With a TSA: an outage writes no anchor; the next run covers all.
	an.TSA = &audit.TSA{URL: tsa.URL, Roots: tsa.Roots}
	appendN(t, l, 2, "second")
	tsa.SetFailing(true)
	if a, err := an.Make(ctx); err == nil || a != nil {
		t.Fatalf("anchor during a TSA outage: %+v, %v", a, err)
	}
	tsa.SetFailing(false)
	appendN(t, l, 2, "third")
	a2, err := an.Make(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a2.Number != 2 || a2.FromSeq != 4 || a2.ToSeq != 7 || a2.Timestamp == nil || a2.Previous == "" {
		t.Errorf("anchor 2: %+v", a2)
	}
	appendN(t, l, 1, "after")

	tr := readTrail(t, b)
	check, err := audit.VerifyAnchors(ctx, b, tr, tsa.Roots)
	if err != nil {
		t.Fatal(err)
	}
	if len(check.Problems) != 0 || check.Stamped != 1 || len(check.Anchors) != 2 || check.Unanchored != 1 {
		t.Fatalf("clean check: %+v", check)
	}

	// A token checked against other roots does not verify.
	other, err := audit.VerifyAnchors(ctx, b, tr, x509.NewCertPool())
	if err != nil {
		t.Fatal(err)
	}
	if got := problemsOn(other.Problems, audit.AnchorKey(2)); len(got) != 1 || got[0].Code != audit.CodeToken {
		t.Errorf("foreign roots: %v", other.Problems)
	}

	// The last event of anchor 2's range has no successor in the chain
	// check; the anchor's segment hashes still name it.
	last := tr.Segments[6].Key
	flipByte(t, dir, last, `"sha256":"`+tr.Segments[6].Events[0].SHA256[:4])
	tr = readTrail(t, b)
	check, err = audit.VerifyAnchors(ctx, b, tr, tsa.Roots)
	if err != nil {
		t.Fatal(err)
	}
	if got := problemsOn(check.Problems, last); len(got) != 1 || got[0].Code != audit.CodeAltered {
		t.Errorf("altered %s: anchor problems %v", last, check.Problems)
	}

	// Changing anchor 1 is reported on anchor 1 through anchor 2's link.
	p := filepath.Join(dir, filepath.FromSlash(audit.AnchorKey(1)))
	os.Chmod(p, 0o600)
	data, _ := os.ReadFile(p)
	data[len(data)-3] ^= 0x01 // inside the root's hex digits
	os.WriteFile(p, data, 0o600)
	check, err = audit.VerifyAnchors(ctx, b, tr, tsa.Roots)
	if err != nil {
		t.Fatal(err)
	}
	if got := problemsOn(check.Problems, audit.AnchorKey(1)); len(got) == 0 {
		t.Errorf("altered anchor 1 not named: %v", check.Problems)
	}
}

func TestTSAStamp(t *testing.T) {
	c := newClock()
	tsa := tsatest.Start(t, c.Now)
	client := &audit.TSA{URL: tsa.URL, Roots: tsa.Roots}
	digest := make([]byte, 32)
	digest[0] = 7
	s, err := client.Stamp(t.Context(), digest)
	if err != nil {
		t.Fatal(err)
	}
	if s.Time.Year() != 2024 || s.Serial == "" || len(s.Token) == 0 {
		t.Errorf("stamp %+v", s)
	}
	if _, err := audit.VerifyStamp(s, digest, tsa.Roots); err != nil {
		t.Errorf("verify: %v", err)
	}
	other := append([]byte(nil), digest...)
	other[31] = 1
	if _, err := audit.VerifyStamp(s, other, tsa.Roots); err == nil {
		t.Error("token verified for other data")
	}
	moved := *s
	moved.Time = s.Time.Add(-3600e9)
	if _, err := audit.VerifyStamp(&moved, digest, tsa.Roots); err == nil {
		t.Error("token verified with a backdated recorded time")
	}
	if _, err := audit.VerifyStamp(s, digest, nil); err == nil {
		t.Error("token of a private CA verified against the system roots")
	}
	bad := *s
	bad.Token = append([]byte(nil), s.Token...)
	bad.Token[len(bad.Token)-10] ^= 0xff // inside the signature
	if _, err := audit.VerifyStamp(&bad, digest, tsa.Roots); err == nil {
		t.Error("token with a damaged signature verified")
	}
	if tsa.Requests() != 1 {
		t.Errorf("%d requests", tsa.Requests())
	}
}
