package vendor_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/vendor"
)

func TestFromVersion(t *testing.T) {
	person := record.Actor{Kind: record.ActorPerson, Name: "sato"}
	machine := record.Actor{Kind: record.ActorMachine, Name: "shohyo"}
	valid, badCheck := "T7010705000725", "T2835678256246"
	fromRegister := fields("株式会社サンプル商会", valid, "")
	fromRegister.IssuerName.Source = vendor.Source
	issuerFinding := []record.Finding{{Code: "low_confidence", Field: "issuer_name"}}
	totalFinding := []record.Finding{{Code: "arithmetic", Field: "total"}}
	for _, tt := range []struct {
		name     string
		actor    record.Actor
		f        record.Fields
		findings []record.Finding
		want     bool
	}{
		{"person, issuer checked", person, fields("株式会社サンプル商会", "", ""), nil, true},
		{"person, other field left for review", person, fields("株式会社サンプル商会", "", ""), totalFinding, true},
		{"person, issuer left for review", person, fields("株式会社サンプル商会", valid, ""), issuerFinding, false},
		{"person, no issuer", person, fields("", "", "東京都"), nil, false},
		{"machine, clean with a valid number", machine, fields("株式会社サンプル商会", valid, ""), nil, true},
		{"machine, any finding", machine, fields("株式会社サンプル商会", valid, ""), totalFinding, false},
		{"machine, check digit fails", machine, fields("株式会社サンプル商会", badCheck, ""), nil, false},
		{"machine, no number", machine, fields("株式会社サンプル商会", "", ""), nil, false},
		{"machine, no name", machine, fields("", valid, ""), nil, false},
		{"machine, name from the register", machine, fromRegister, nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := &record.Version{DocID: "d", Version: 1, Actor: tt.actor, Fields: tt.f, Findings: tt.findings}
			if _, got := vendor.FromVersion(v, nil); got != tt.want {
				t.Errorf("FromVersion = %v, want %v", got, tt.want)
			}
		})
	}
}

// moved is the golden invoice with its amount-due row (ご請求金額) moved
// down the page and another amount printed there: where the vendor's
// layout puts the field, not where the first document had it.
func moved(t *testing.T) *layout.Document {
	d := goldenInvoice(t)
	p := &d.Pages[0]
	for i := range p.Lines {
		l := &p.Lines[i]
		if l.Text != "ご請求金額" && l.Text != "¥110,000-" {
			continue
		}
		if l.Text == "¥110,000-" {
			l.Text, l.Words[0].Text = "¥220,000-", "¥220,000-"
		}
		l.BBox[1], l.BBox[3] = l.BBox[1]+250, l.BBox[3]+250
		for j := range l.Words {
			l.Words[j].BBox[1], l.Words[j].BBox[3] = l.Words[j].BBox[1]+250, l.Words[j].BBox[3]+250
		}
	}
	return d
}

func TestHintsAreUsedOnTheVendorsNextDocument(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	first := goldenInvoice(t)
	before := fields("株式会社サンプル商会", "T7010705000725", "")
	before.Total = &record.Field{Value: "100000"}
	after := before
	after.Total = &record.Field{Value: "110000"}
	if _, hints, err := s.Corrected(ctx, vendor.Confirmed{DocID: "first", Version: 2, Fields: after, Layout: first}, before); err != nil || len(hints) != 1 {
		t.Fatalf("Corrected: %v, hints %+v", err, hints)
	}
	r, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	next := moved(t)
	f := extract.Extract(next, extract.Options{})
	f.Total = &record.Field{Value: "110000", Confidence: 0.9} // what the rules read on the first
	changes := r.Improve(&f, next)
	if f.Total.Value != "220000" || !strings.HasPrefix(f.Total.Source, vendor.HintSource) || f.Total.Page != 1 || f.Total.BBox == nil {
		t.Errorf("total %+v, want 220000 read right of the learned label ご請求金額", f.Total)
	}
	if f.Total.Confidence <= 0 || f.Total.Confidence > 1 {
		t.Errorf("confidence %v", f.Total.Confidence)
	}
	if len(changes) != 1 || !strings.Contains(changes[0], "total") {
		t.Errorf("changes %q", changes)
	}
	// Without the label printed, the learned region is read: the first
	// document's own layout gives back its own value.
	again := goldenInvoice(t)
	g := extract.Extract(again, extract.Options{})
	g.Total = nil
	r.Improve(&g, again)
	if g.Total == nil || g.Total.Value != "110000" {
		t.Errorf("total %+v on the first layout, want 110000", g.Total)
	}
}

func TestCacheSeesOtherWritersAndLosesNothing(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "archive")
	open := func() *vendor.Store {
		d, err := storage.NewLocal(dir)
		if err != nil {
			t.Fatal(err)
		}
		return vendor.NewStore(storage.NewBucket(d))
	}
	c := vendor.NewCache(open(), time.Hour)
	if err := c.Refresh(ctx); err != nil || len(c.Register().Vendors) != 0 {
		t.Fatalf("fresh register: %v %d vendors", err, len(c.Register().Vendors))
	}
	// Eight workers of other processes confirm documents of one vendor at
	// once: every observation is its own object, none is lost.
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("株式会社サンプル商会 %d号店", i%2)
			if _, err := open().Confirm(ctx, vendor.Confirmed{DocID: fmt.Sprint("doc", i), Version: 1, Fields: fields(name, "T7010705000725", "")}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// Within its interval the cache does not list again...
	if err := c.Refresh(ctx); err != nil || len(c.Register().Vendors) != 0 {
		t.Fatalf("refresh within the interval listed storage: %v", err)
	}
	// ...unless it wrote something itself.
	v := &record.Version{DocID: "doc-own", Version: 2, Actor: record.Actor{Kind: record.ActorPerson, Name: "sato"},
		Fields: fields("株式会社サンプル商会", "T7010705000725", "")}
	if err := c.Learn(ctx, v, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	vs := c.Register().Vendors
	if len(vs) != 1 || vs[0].Documents != 9 || vs[0].ID() != "T7010705000725" || len(vs[0].Names) != 3 {
		t.Fatalf("register %+v, want one vendor from 9 documents with 3 names", vs)
	}
}

func TestRebuildFromTheArchive(t *testing.T) {
	ctx := context.Background()
	d, err := storage.NewLocal(filepath.Join(t.TempDir(), "archive"))
	if err != nil {
		t.Fatal(err)
	}
	b := storage.NewBucket(d)
	docs := docstore.New(b)
	const id = "0123456789abcdef01234567"
	if err := docs.PutOCR(ctx, id, goldenInvoice(t)); err != nil {
		t.Fatal(err)
	}
	v1 := &record.Version{DocID: id, CreatedAt: time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC), Actor: record.Actor{Kind: record.ActorMachine, Name: "shohyo"}, Status: record.StatusNeedsReview,
		Fields:   fields("株式会社サンプル商会", "T7010705000725", ""),
		Findings: []record.Finding{{Code: "arithmetic", Field: "total"}}}
	v1.Fields.Total = &record.Field{Value: "100000"}
	if err := docs.AppendVersion(ctx, v1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := docs.Correct(ctx, id, record.Actor{Kind: record.ActorPerson, Name: "sato"}, "misread", map[string]string{"total": "110000"}); err != nil {
		t.Fatal(err)
	}
	c := vendor.NewCache(vendor.NewStore(b), 0)
	n, err := c.RebuildIfMissing(ctx, docs)
	if err != nil || n != 1 {
		t.Fatalf("rebuild: %d versions, %v; want the person's version only", n, err)
	}
	if err := c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	vs := c.Register().Vendors
	if len(vs) != 1 || vs[0].Documents != 1 || len(vs[0].Hints) != 1 || vs[0].Hints[0].Field != "total" {
		t.Fatalf("rebuilt register %+v, want the vendor with the total's hint", vs)
	}
	if n, err := c.RebuildIfMissing(ctx, docs); err != nil || n != 0 {
		t.Errorf("second rebuild: %d, %v; want none (done before)", n, err)
	}
}

// A machine confirms a number with a 0 read as 9 (the check digit holds
// for both): the register keeps it as a misreading of the confirmed
// number, not as a second vendor, and repairs it on the next document.
func TestMisreadNumberJoinsItsVendor(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const printed, misread = "T7010705000725", "T7910705000725"
	for _, c := range []vendor.Confirmed{
		{DocID: "a", Version: 2, Fields: fields("株式会社サンプル商会", printed, "")},
		{DocID: "b", Version: 1, Fields: fields("株式会社サンプル商会", misread, "")},
	} {
		if _, err := s.Confirm(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	r, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Vendors) != 1 || r.Vendors[0].Documents != 2 || strings.Join(r.Vendors[0].RegistrationNumbers, " ") != printed {
		t.Fatalf("register %+v, want one vendor of 2 documents with the printed number only", r.Vendors)
	}
	f := fields("株式会社サンプル商会", misread, "")
	r.Improve(&f, nil)
	if f.RegistrationNumber.Value != printed || f.RegistrationNumber.Source != vendor.Source {
		t.Errorf("registration_number %+v, want %s from the register", f.RegistrationNumber, printed)
	}
}

// What machines alone confirmed fills a missing name but never replaces
// one read: a machine's confirmation may carry the seal's strokes.
func TestMachineNamesDoNotOverwriteReadings(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	garbled := fields("株式会社アルファシステム印スル式", "T7010705000725", "")
	if _, err := s.Confirm(ctx, vendor.Confirmed{DocID: "a", Version: 1, Fields: garbled}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	read := fields("株式会社アルファシステム", "T7010705000725", "")
	r.Improve(&read, nil)
	if read.IssuerName.Value != "株式会社アルファシステム" {
		t.Errorf("issuer_name %q: a machine's reading replaced a good one", read.IssuerName.Value)
	}
	none := fields("", "T7010705000725", "")
	r.Improve(&none, nil)
	if none.IssuerName == nil || none.IssuerName.Source != vendor.Source {
		t.Errorf("issuer_name %+v, want the machine-confirmed name where none was read", none.IssuerName)
	}
}
