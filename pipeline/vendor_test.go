package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/synth"
	"github.com/shohyo/shohyo/internal/vendor"
)

// TestExtractUsesTheVendorRegister runs two scans of one vendor through
// intake, OCR and extract with the real engine. A person corrects the
// first to the name they keep for the vendor; the second's version 1
// then carries that name from the register.
func TestExtractUsesTheVendorRegister(t *testing.T) {
	h := newHarness(t)
	reg := vendor.NewCache(vendor.NewStore(h.p.Docs.Bucket()), 0)
	h.p.Vendors, h.p.Extract = reg, extract.Stage{Now: fixedClock, Improvers: []extract.Improver{reg}}
	ctx := context.Background()
	run := func(name string, seed uint64) (*record.Version, record.Fields) {
		s, err := synth.Generate(seed, synth.Options{Kind: synth.KindReceipt, Vendor: 7, Degrade: &synth.Degradation{}})
		if err != nil {
			t.Fatal(err)
		}
		h.drop(t, name, s.Image)
		info, err := h.p.Inbox.Stat(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if err := h.p.handleIntake(ctx, task(TypeIntake, keyPayload{Key: info.Key})); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(s.Image)
		id := record.DocID(hex.EncodeToString(sum[:]))
		if err := h.p.handleOCR(ctx, task(TypeOCR, docPayload{DocID: id})); err != nil {
			t.Fatalf("ocr of %s: %v", name, err)
		}
		if err := h.p.handleExtract(ctx, task(TypeExtract, docPayload{DocID: id})); err != nil {
			t.Fatalf("extract of %s: %v", name, err)
		}
		v, err := h.p.Docs.Latest(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return v, s.Truth
	}
	first, truth := run("first.png", 11)
	kept := truth.IssuerName.Value + " 本店"
	v2, _, err := h.p.Docs.Correct(ctx, first.DocID, record.Actor{Kind: record.ActorPerson, Name: "sato"}, "the name we file this vendor under",
		map[string]string{"issuer_name": kept, "registration_number": truth.RegistrationNumber.Value})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := h.p.Docs.OCR(ctx, first.DocID)
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Learn(ctx, v2, first, doc); err != nil {
		t.Fatal(err)
	}

	second, truth2 := run("second.png", 12)
	if truth2.RegistrationNumber.Value != truth.RegistrationNumber.Value {
		t.Fatalf("synth gave the vendor two numbers: %s, %s", truth.RegistrationNumber.Value, truth2.RegistrationNumber.Value)
	}
	f := second.Fields
	if f.IssuerName == nil || f.IssuerName.Value != kept || f.IssuerName.Source != vendor.Source {
		t.Errorf("issuer_name %+v, want %q from the vendor register", f.IssuerName, kept)
	}
	if f.RegistrationNumber == nil || f.RegistrationNumber.Value != truth.RegistrationNumber.Value {
		t.Errorf("registration_number %+v, want %s", f.RegistrationNumber, truth.RegistrationNumber.Value)
	}
	vs := reg.Register().Vendors
	if len(vs) != 1 || vs[0].Documents < 1 {
		t.Errorf("register %+v, want the one vendor", vs)
	}
}
