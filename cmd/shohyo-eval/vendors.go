package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/vendor"
)

// correctedFields are what the simulated clerk checks on a vendor's first
// document and sets to the truth where extraction got it wrong.
var correctedFields = []string{"issuer_name", "issuer_address", "registration_number", "issue_date",
	"transaction_date", "due_date", "total", "subtotal", "invoice_number", "recipient"}

// truthOf gives the truth of the layout with base name base, as a clerk
// would confirm it, and the vendor it belongs to; ok is false for a file
// with no truth.
type truthOf func(base string) (truth record.Fields, vendor string, ok bool, err error)

// setTruth reads the synthetic set's truth files; a vendor is a
// registration number.
func setTruth(dir string) truthOf {
	return func(base string) (record.Fields, string, bool, error) {
		var t record.Fields
		ok, err := readKeyFile(dir, base, &t)
		return t, value(t.RegistrationNumber), ok, err
	}
}

// keyTruth reads SROIE keys; a vendor is a company name as the keys spell
// it, so a chain's branches are one vendor, as one company's receipts
// would be in a register without registration numbers.
func keyTruth(dir string, order normalize.Order) truthOf {
	return func(base string) (record.Fields, string, bool, error) {
		var t record.Fields
		var k Key
		if ok, err := readKeyFile(dir, base, &k); !ok || err != nil {
			return t, "", ok, err
		}
		t.IssuerName, t.IssuerAddress = truthField(k.Company), truthField(k.Address)
		if d, err := normalize.ParseDate(k.Date, order); err == nil {
			t.IssueDate = truthField(d)
		}
		if a, err := normalize.ParseAmount(k.Total); err == nil {
			t.Total = truthField(a.Value.String())
		}
		return t, TextKey(k.Company), true, nil
	}
}

func truthField(v string) *record.Field {
	if v == "" {
		return nil
	}
	return &record.Field{Value: v, Confidence: 1}
}

// vendorRun measures the vendor register on a set where vendors recur.
// The layouts of dir are taken in file order, as they would arrive. Each
// is extracted with the register as it stands and its version 1 is
// learned (a machine version confirms its issuer only under
// vendor.FromVersion's rule); the first document of each vendor is then
// corrected to its truth, as a clerk reviewing a new vendor would, and
// the correction is learned (unless correct is false: then the register
// learns from machine versions alone). It returns the results of the
// vendors' later documents with the register and, from the same
// extractor without it, without.
func vendorRun(layoutDir string, truth truthOf, correct bool) (with, without []Result, err error) {
	paths, err := layoutPaths(layoutDir)
	if err != nil {
		return nil, nil, err
	}
	tmp, err := os.MkdirTemp("", "shohyo-eval-vendors")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	d, err := storage.NewLocal(tmp)
	if err != nil {
		return nil, nil, err
	}
	ctx := context.Background()
	reg := vendor.NewCache(vendor.NewStore(storage.NewBucket(d)), 0)
	plain, improved := extract.Stage{}, extract.Stage{Improvers: []extract.Improver{reg}}
	seen := map[string]bool{}
	for i, p := range paths {
		t, key, ok, err := truth(baseName(p))
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			continue
		}
		doc, err := readLayout(p)
		if err != nil {
			return nil, nil, err
		}
		if err := reg.Refresh(ctx); err != nil {
			return nil, nil, err
		}
		fields, findings := improved.Extract(doc)
		id := fmt.Sprintf("%024x", i+1)
		v1 := &record.Version{DocID: id, Version: 1, Actor: record.Actor{Kind: record.ActorMachine, Name: "shohyo-eval"},
			Fields: fields, Findings: findings, Status: record.StatusReady}
		if err := reg.Learn(ctx, v1, nil, doc); err != nil {
			return nil, nil, err
		}
		if key != "" && seen[key] {
			base, _ := plain.Extract(doc)
			without = append(without, Result{File: p, Fields: base})
			with = append(with, Result{File: p, Fields: fields})
			continue
		}
		seen[key] = true
		if !correct {
			continue
		}
		if err := reg.Learn(ctx, correctToTruth(v1, t), v1, doc); err != nil {
			return nil, nil, err
		}
	}
	return with, without, nil
}

// correctToTruth is the person's version 2 of v1: every corrected field
// that differs from the truth set to it.
func correctToTruth(v1 *record.Version, truth record.Fields) *record.Version {
	v2 := &record.Version{DocID: v1.DocID, Version: 2, Actor: record.Actor{Kind: record.ActorPerson, Name: "clerk"},
		Reason: "checked against the paper", CreatedAt: time.Now().UTC(), Status: record.StatusReady, Fields: v1.Fields}
	got, want, set := fieldMap(&v1.Fields), fieldMap(&truth), fieldMap(&v2.Fields)
	for _, name := range correctedFields {
		if value(*got[name]) != value(*want[name]) {
			*set[name] = *want[name]
		}
	}
	return v2
}

// fieldMap addresses the corrected fields of f by their JSON names.
func fieldMap(c *record.Fields) map[string]**record.Field {
	return map[string]**record.Field{
		"issuer_name": &c.IssuerName, "issuer_address": &c.IssuerAddress, "registration_number": &c.RegistrationNumber,
		"issue_date": &c.IssueDate, "transaction_date": &c.TransactionDate, "due_date": &c.DueDate,
		"total": &c.Total, "subtotal": &c.Subtotal, "invoice_number": &c.InvoiceNumber, "recipient": &c.Recipient,
	}
}

// runVendors prints the later documents' accuracy without and with the
// register, on the synthetic set (-truth) or on SROIE (-keys).
func runVendors(o options, out io.Writer) error {
	if o.layoutDir == "" {
		return errors.New("-vendors needs -layout")
	}
	truth, score := keyTruth(o.keys, o.order), func(rs []Result) (*Report, error) { return scoreAll(rs, o.keys, o.order) }
	if o.truth != "" {
		truth, score = setTruth(o.truth), func(rs []Result) (*Report, error) { return scoreTruth(rs, o.truth) }
	}
	with, without, err := vendorRun(o.layoutDir, truth, o.vendorCorrect)
	if err != nil {
		return err
	}
	for _, run := range []struct {
		title   string
		results []Result
	}{{"without the vendor register", without}, {"with the vendor register", with}} {
		rep, err := score(run.results)
		if err != nil {
			return err
		}
		rep.Title = o.title + "vendors' later documents, " + run.title
		rep.print(out, o.verbose)
	}
	return nil
}
