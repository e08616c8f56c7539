package vendor_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/vendor"
)

// newStore returns a store over a real local bucket with a fixed clock.
func newStore(t *testing.T) (*vendor.Store, *storage.Bucket) {
	t.Helper()
	d, err := storage.NewLocal(filepath.Join(t.TempDir(), "archive"))
	if err != nil {
		t.Fatal(err)
	}
	b := storage.NewBucket(d)
	s := vendor.NewStore(b)
	s.SetClock(func() time.Time { return time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC) })
	return s, b
}

func fields(name, reg, addr string) record.Fields {
	var f record.Fields
	if name != "" {
		f.IssuerName = &record.Field{Value: name, Confidence: 0.9}
	}
	if reg != "" {
		f.RegistrationNumber = &record.Field{Value: reg, Confidence: 0.9}
	}
	if addr != "" {
		f.IssuerAddress = &record.Field{Value: addr, Confidence: 0.8}
	}
	return f
}

// phoneDoc is a one-line document that prints a phone number.
func phoneDoc(text string) *layout.Document {
	return &layout.Document{Pages: []layout.Page{{Number: 1, Scan: layout.Scan{WidthPx: 800, HeightPx: 1200},
		Lines: []layout.Line{{Text: text, BBox: layout.BBox{10, 10, 300, 30}, Words: []layout.Word{{Text: text, BBox: layout.BBox{10, 10, 300, 30}, Conf: 0.9}}}}}}}
}

func countObjects(t *testing.T, b *storage.Bucket) int {
	t.Helper()
	n := 0
	if err := b.List(context.Background(), "vendors/", func(storage.Info) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestConfirmBuildsVendors(t *testing.T) {
	ctx := context.Background()
	s, b := newStore(t)
	const reg = "T4011001098993"
	docs := []vendor.Confirmed{
		{DocID: "a", Version: 1, Fields: fields("パン工房こむぎ 渋谷店", reg, "〒150-0002 東京都渋谷区渋谷1-2-3"), Layout: phoneDoc("TEL 03-1234-5678")},
		{DocID: "b", Version: 2, Fields: fields("パン工房こむぎ 渋谷店", reg, ""), Layout: phoneDoc("電話 03-1234-5678")},
		{DocID: "c", Version: 1, Fields: fields("ﾊﾟﾝ工房こむぎ", "Ｔ４０１１００１０９８９９３", "")},
		{DocID: "d", Version: 1, Fields: fields("喫茶こもれび", "", "")},
	}
	for _, c := range docs {
		if _, err := s.Confirm(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	n := countObjects(t, b)
	// Confirming a version again is the same observation: nothing new.
	if _, err := s.Confirm(ctx, docs[0]); err != nil {
		t.Fatal(err)
	}
	if m := countObjects(t, b); m != n {
		t.Errorf("confirming again wrote %d objects, want none", m-n)
	}
	r, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Vendors) != 2 {
		t.Fatalf("%d vendors, want 2: %+v", len(r.Vendors), r.Vendors)
	}
	var pan *vendor.Vendor
	for _, v := range r.Vendors {
		if len(v.RegistrationNumbers) > 0 {
			pan = v
		}
	}
	if pan == nil || pan.RegistrationNumbers[0] != reg {
		t.Fatalf("no vendor with %s: %+v", reg, r.Vendors)
	}
	if pan.Name() != "パン工房こむぎ 渋谷店" || len(pan.Names) != 2 || pan.Names[0].Count != 2 {
		t.Errorf("names %+v, want the name two documents printed first, and the half-width variant NFKC-folded", pan.Names)
	}
	if len(pan.Phones) != 1 || pan.Phones[0].Value != "0312345678" || pan.Phones[0].Count != 2 {
		t.Errorf("phones %+v", pan.Phones)
	}
}

func TestNameKeyedVendorJoinsItsNumber(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	for _, c := range []vendor.Confirmed{
		{DocID: "old", Version: 1, Fields: fields("株式会社高橋企画", "", "")},
		{DocID: "new", Version: 1, Fields: fields("株式会社高橋企画", "T4011001098993", "")},
		// Two companies share a name: documents without a number stay apart.
		{DocID: "x", Version: 1, Fields: fields("山田商店", "", "")},
		{DocID: "y", Version: 1, Fields: fields("山田商店", "T7010705000725", "")},
		{DocID: "z", Version: 1, Fields: fields("山田商店", "T5835678256246", "")},
	} {
		if _, err := s.Confirm(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	r, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Vendors) != 4 {
		t.Fatalf("%d vendors, want 4 (高橋企画, two 山田商店 with numbers, 山田商店 without)", len(r.Vendors))
	}
	for _, v := range r.Vendors {
		if v.Name() == "株式会社高橋企画" && (len(v.Keys) != 2 || v.Names[0].Count != 2) {
			t.Errorf("高橋企画 keys %v names %+v: the document without a number did not join", v.Keys, v.Names)
		}
	}
}

func TestMatchAndImprove(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	for _, c := range []vendor.Confirmed{
		{DocID: "1", Version: 2, Person: true, Fields: fields("千代田ソリューションズ(株)", "T7010401044175", "〒220-7157 神奈川県横浜市西区みなとみらい1丁目3番11号"), Layout: phoneDoc("TEL 045-518-8742")},
		{DocID: "2", Version: 2, Person: true, Fields: fields("喫茶こもれび 吉祥寺店", "T4011001098993", ""), Layout: phoneDoc("TEL 0422-11-2233")},
		{DocID: "3", Version: 2, Person: true, Fields: fields("AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD", "", "NO. 17-G, JALAN SETIA INDAH"), Layout: phoneDoc("TEL: 03-3362 4137")},
		{DocID: "4", Version: 2, Person: true, Fields: fields("AEON CO. (M) BHD", "", ""), Layout: phoneDoc("TEL 1-300-80-AEON")},
	} {
		if _, err := s.Confirm(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	r, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		f      record.Fields
		doc    *layout.Document
		by     string // "" means no match
		fields map[string]string
	}{
		{"registration number; the seal garbled the name", fields("千代田ソリューションズ幌", "T7010401044175", ""), nil, vendor.ByRegistration,
			map[string]string{"issuer_name": "千代田ソリューションズ(株)", "issuer_address": "〒220-7157 神奈川県横浜市西区みなとみらい1丁目3番11号"}},
		{"a slashed 0 read as 9, which the check digit cannot catch", fields("千代田ソリューションズ(株)", "T7919491944175", ""), nil, vendor.ByRegistrationOCR,
			map[string]string{"registration_number": "T7010401044175", "issuer_address": "〒220-7157 神奈川県横浜市西区みなとみらい1丁目3番11号"}},
		{"phone, the name lost to the logo", fields("WAALS", "", ""), phoneDoc("TEL 0422-11-2233"), vendor.ByPhone,
			map[string]string{"issuer_name": "喫茶こもれび 吉祥寺店", "registration_number": "T4011001098993"}},
		{"name one letter off", fields("喫茶こもれび 吉祥寺居", "", ""), nil, vendor.ByName,
			map[string]string{"issuer_name": "喫茶こもれび 吉祥寺店", "registration_number": "T4011001098993"}},
		{"the name cut short at a wrapped line", fields("AIK HUAT HARDWARE", "", ""), nil, vendor.ByName,
			map[string]string{"issuer_name": "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD", "issuer_address": "NO. 17-G, JALAN SETIA INDAH"}},
		{"a Malaysian phone, the name lost", fields("T4X 1NV0ICE", "", ""), phoneDoc("TEL : 03-3362 4137"), vendor.ByPhone,
			map[string]string{"issuer_name": "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD", "issuer_address": "NO. 17-G, JALAN SETIA INDAH"}},
		{"a short name held in a longer one is no match", fields("AEON BIG", "", ""), nil, "", nil},
		{"a stranger", fields("株式会社ネクスト印刷", "T5835678256246", ""), phoneDoc("TEL 03-9999-0000"), "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := r.Match(tt.f, tt.doc)
			if tt.by == "" {
				if ok {
					t.Fatalf("matched %v by %s, want no match", m.Vendor.Keys, m.By)
				}
				return
			}
			if !ok || m.By != tt.by {
				t.Fatalf("match %v by %q (ok=%v), want by %q", m.Vendor, m.By, ok, tt.by)
			}
			f := tt.f
			changes := vendor.Improve(&f, m)
			got := map[string]*record.Field{"issuer_name": f.IssuerName, "registration_number": f.RegistrationNumber, "issuer_address": f.IssuerAddress}
			for k, want := range tt.fields {
				if got[k] == nil || got[k].Value != want || got[k].Source != vendor.Source {
					t.Errorf("%s = %+v, want %q from the register", k, got[k], want)
				}
			}
			if len(changes) != len(tt.fields) {
				t.Errorf("changes %q, want %d", changes, len(tt.fields))
			}
		})
	}
}

func TestMatchEmptyRegister(t *testing.T) {
	var r *vendor.Register
	if _, ok := r.Match(fields("x", "T4011001098993", ""), nil); ok {
		t.Error("a nil register matched")
	}
}

// goldenInvoice is a real layout of testdata/extract.
func goldenInvoice(t *testing.T) *layout.Document {
	t.Helper()
	b, err := os.ReadFile("../../testdata/extract/ja_invoice.layout.json")
	if err != nil {
		t.Fatal(err)
	}
	var d layout.Document
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

func TestLearnHints(t *testing.T) {
	d := goldenInvoice(t)
	before := fields("株式会社サンプル商会", "T7010705000725", "")
	before.Total = &record.Field{Value: "100000"}
	before.IssueDate = &record.Field{Value: "2024-04-30"}
	after := before
	after.Total = &record.Field{Value: "110000"}
	after.IssueDate = &record.Field{Value: "2024-04-01"}
	after.InvoiceNumber = &record.Field{Value: "NOT-PRINTED-1"}
	hints := vendor.LearnHints(d, before, after)
	byField := map[string]vendor.Hint{}
	for _, h := range hints {
		byField[h.Field] = h
	}
	if len(hints) != 2 {
		t.Fatalf("hints %+v, want total and issue_date (the invoice number is not printed)", hints)
	}
	total := byField["total"]
	if total.Label != "ご請求金額" || total.Page != 1 || total.Region[0] < 0.3 || total.Region[2] > 0.45 {
		t.Errorf("total hint %+v, want the ¥110,000- right of ご請求金額", total)
	}
	if got := total.Read(d, 0.01); got != "¥110,000-" {
		t.Errorf("Read = %q, want ¥110,000-", got)
	}
	if h := byField["issue_date"]; h.Label != "発行日" {
		t.Errorf("issue_date hint %+v, want label 発行日", h)
	}
}

func TestCorrectedStoresHints(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	d := goldenInvoice(t)
	before := fields("株式会社サンプル商会", "T7010705000725", "")
	before.Total = &record.Field{Value: "10000"}
	for _, id := range []string{"inv-1", "inv-2"} {
		after := before
		after.Total = &record.Field{Value: "110000"}
		if _, hints, err := s.Corrected(ctx, vendor.Confirmed{DocID: id, Version: 2, Fields: after, Layout: d}, before); err != nil || len(hints) != 1 {
			t.Fatalf("Corrected: %v, hints %+v", err, hints)
		}
	}
	r, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := r.Match(before, d)
	if !ok {
		t.Fatal("no match")
	}
	h, n := m.Vendor.HintFor("total")
	if n != 2 || !strings.Contains(h.Read(d, 0.01), "110,000") {
		t.Errorf("HintFor(total) = %+v from %d corrections, want the region of ¥110,000- from 2", h, n)
	}
	if _, n := m.Vendor.HintFor("due_date"); n != 0 {
		t.Errorf("a hint for a field nobody corrected")
	}
}

func TestPhones(t *testing.T) {
	d := &layout.Document{Pages: []layout.Page{{Lines: []layout.Line{
		{Text: "TEL 03-1234-5678 FAX 03-1234-5679"},
		{Text: "電話 ０９２－７２６－８９４０"},
		{Text: "登録番号 T4011001098993 2024-04-01"},
		{Text: "TEL 03-1234-5678"},
		{Text: "TEL : 07-386 7524 FAX : 07-386 3793"},
		{Text: "TEL: 03-40210276 DATE: 05-01-2018"},
		{Text: "TEL : 016-2014209"},
	}}}}
	got := strings.Join(vendor.Phones(d), " ")
	if want := "0312345678 0312345679 0927268940 073867524 073863793 0340210276 0162014209"; got != want {
		t.Errorf("Phones = %q, want %q", got, want)
	}
}

func FuzzPhones(f *testing.F) {
	for _, s := range []string{"TEL 03-1234-5678", "０９２－７２６－８９４０", "0120-123-456", "2024-04-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range vendor.Phones(&layout.Document{Pages: []layout.Page{{Lines: []layout.Line{{Text: s}}}}}) {
			if len(p) < 10 || len(p) > 11 || p[0] != '0' || strings.Trim(p, "0123456789") != "" {
				t.Fatalf("Phones(%q) gave %q", s, p)
			}
		}
	})
}

// The register plugs into the extract stage.
var _ extract.Improver = (*vendor.Register)(nil)

func TestStageWithRegister(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	d := goldenInvoice(t)
	confirmed := fields("株式会社サンプル商会", "T7010705000725", "〒100-0001 東京都千代田区千代田1-1 サンプルビル5階")
	if _, err := s.Confirm(ctx, vendor.Confirmed{DocID: "old", Version: 2, Fields: confirmed}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The same invoice with its issuer's name lost: the register fills it.
	for i := range d.Pages[0].Lines {
		if strings.Contains(d.Pages[0].Lines[i].Text, "サンプル商会") {
			d.Pages[0].Lines[i].Text, d.Pages[0].Lines[i].Words = "", nil
		}
	}
	f, _ := extract.Stage{Improvers: []extract.Improver{r}}.Extract(d)
	if f.IssuerName == nil || f.IssuerName.Value != "株式会社サンプル商会" || f.IssuerName.Source != vendor.Source {
		t.Errorf("issuer_name %+v, want the register's name", f.IssuerName)
	}
}
