package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/pipeline"
)

// company is one counterparty of the synthetic archive.
type company struct {
	name    string // as registered
	form    string // legal form, "" for a sole proprietor
	core    string // the distinctive part, what a person types to find it
	english bool
	reg     string // registration number
}

// generator makes synthetic documents. Document i depends only on the
// seed and i, so any document can be made again (for queries and for the
// storage test) without keeping the others.
type generator struct {
	seed      uint64
	companies []company
	zipf      func(r *rand.Rand) int
	end       time.Time
	days      int
}

const (
	nCompanies = 8000
	jpShare    = 0.75
	years      = 10
)

func newGenerator(seed uint64) *generator {
	r := rand.New(rand.NewPCG(seed, 0))
	g := &generator{seed: seed, end: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)}
	g.days = int(g.end.Sub(g.end.AddDate(-years, 0, 0)).Hours() / 24)
	seen := map[string]bool{}
	for len(g.companies) < nCompanies {
		var c company
		if r.Float64() < jpShare {
			c = jpCompany(r)
		} else {
			c = enCompany(r)
		}
		if seen[c.name] {
			continue
		}
		seen[c.name] = true
		c.reg = regNumber(r)
		g.companies = append(g.companies, c)
	}
	// A few counterparties account for many documents (utilities, the
	// stationery shop), most for a handful: Zipf.
	g.zipf = func(r *rand.Rand) int { return int(rand.NewZipf(r, 1.07, 3, nCompanies-1).Uint64()) }
	return g
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func jpCompany(r *rand.Rand) company {
	core := pick(r, jpCores)
	trade := pick(r, jpTrades)
	c := company{core: core}
	switch x := r.Float64(); {
	case x < 0.70:
		c.form = jpForms[0]
	case x < 0.85:
		c.form = jpForms[1]
	case x < 0.90:
		c.form = jpForms[2]
	}
	switch {
	case c.form == "":
		c.name = core + trade
	case r.Float64() < 0.3: // 後株
		c.name = core + trade + c.form
	default:
		c.name = c.form + core + trade
	}
	return c
}

func enCompany(r *rand.Rand) company {
	first := pick(r, enFirst)
	return company{core: first, english: true, name: first + " " + pick(r, enSecond) + " " + pick(r, enSuffixes)}
}

// regNumber is a valid registration number (T + check digit + 12 digits).
func regNumber(r *rand.Rand) string {
	var base [12]int
	sum := 0
	for i := range base {
		base[i] = r.IntN(10)
	}
	for n := 1; n <= 12; n++ { // P_n counted from the right
		q := 1
		if n%2 == 0 {
			q = 2
		}
		sum += base[12-n] * q
	}
	var b strings.Builder
	fmt.Fprintf(&b, "T%d", 9-sum%9)
	for _, d := range base {
		fmt.Fprintf(&b, "%d", d)
	}
	return b.String()
}

// printedName is the name as it appears on a document: legal forms as
// seals abbreviate them, katakana sometimes half-width.
func printedName(r *rand.Rand, c company) string {
	name := c.name
	if vs, ok := jpFormVariants[c.form]; ok {
		name = strings.Replace(name, c.form, pick(r, vs), 1)
	}
	if !c.english && r.Float64() < 0.05 {
		name = halfWidthKatakana(name)
	}
	return name
}

func halfWidthKatakana(s string) string {
	return strings.NewReplacer("ア", "ｱ", "オ", "ｵ", "バ", "ﾊﾞ", "サ", "ｻ", "ク", "ｸ", "ラ", "ﾗ", "ミ", "ﾐ", "ド", "ﾄﾞ",
		"リ", "ﾘ", "ヒ", "ﾋ", "カ", "ｶ", "コ", "ｺ", "ス", "ｽ", "モ", "ﾓ", "エ", "ｴ", "ー", "ｰ", "シ", "ｼ", "テ", "ﾃ", "ム", "ﾑ").Replace(s)
}

// doc is one synthetic document: its record version, its text and when
// it arrived.
type doc struct {
	version  *record.Version
	text     string
	received time.Time
}

func (g *generator) docID(i int) string {
	h := sha256.Sum256(fmt.Appendf(nil, "shohyo-bench-%d-%d", g.seed, i))
	return hex.EncodeToString(h[:])[:record.IDLength]
}

func yen(f float64) string { return fmt.Sprintf("%.0f", f) }

// make builds document i.
func (g *generator) make(i int) doc {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)+1))
	c := g.companies[g.zipf(r)]
	issue := g.end.AddDate(0, 0, -r.IntN(g.days))
	dt := pickType(r)
	// Amounts are log-normal: most documents are a few thousand yen, a
	// few are millions.
	total := math.Round(math.Exp(math.Log(12000) + 1.4*r.NormFloat64()))
	total = max(total, 100)
	rate := 10.0
	if r.Float64() < 0.2 {
		rate = 8
	}
	subtotal := math.Round(total * 100 / (100 + rate))
	tax := total - subtotal
	currency := "JPY"
	if c.english && r.Float64() < 0.5 { // dollars and cents, at 150 yen
		currency = "USD"
		total = math.Max(math.Round(total/1.5)/100, 1)
		subtotal = math.Round(total*100*100/(100+rate)) / 100
		tax = math.Round((total-subtotal)*100) / 100
	}
	amount := func(f float64) *record.Field {
		s := yen(f)
		if currency != "JPY" {
			s = fmt.Sprintf("%.2f", f)
		}
		return &record.Field{Value: s, Confidence: 0.9}
	}
	field := func(s string) *record.Field {
		if s == "" {
			return nil
		}
		return &record.Field{Value: s, Confidence: 0.9}
	}
	recipient := ""
	if x := r.Float64(); x < 0.6 {
		recipient = pick(r, ownNames)
	} else if x < 0.75 {
		recipient = "上様"
	}
	issuer := printedName(r, c)
	status := record.StatusReady
	if r.Float64() < 0.12 {
		status = record.StatusNeedsReview
	}
	v := &record.Version{
		DocID: g.docID(i), Version: 1, CreatedAt: issue.Add(48 * time.Hour), Status: status,
		Actor: record.Actor{Kind: record.ActorMachine, Name: "shohyo-bench-search"},
		Fields: record.Fields{
			DocumentType: field(dt.code), IssuerName: field(issuer), Recipient: field(recipient),
			RegistrationNumber: field(c.reg), IssueDate: field(issue.Format(time.DateOnly)),
			TransactionDate: field(issue.AddDate(0, 0, -r.IntN(15)).Format(time.DateOnly)),
			DueDate:         field(time.Date(issue.Year(), issue.Month()+2, 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)),
			InvoiceNumber:   field(fmt.Sprintf("INV-%d-%06d", issue.Year(), r.IntN(1000000))),
			VoucherNumber:   field(fmt.Sprintf("V%07d", i)),
			Currency:        field(currency), Total: amount(total), Subtotal: amount(subtotal),
			TaxLines: &record.TaxLines{Value: []record.TaxLine{{Rate: fmt.Sprint(rate), Base: amount(subtotal).Value, Tax: amount(tax).Value}}},
		},
		Archival: &record.Archival{Class: record.ClassImportant, Origin: record.OriginScan},
	}
	if r.Float64() < 0.2 {
		v.Archival.Class = record.ClassGeneral
	}
	if r.Float64() < 0.4 {
		v.Archival.Origin = record.OriginElectronic
	}
	text := g.text(r, c, issuer, recipient, dt.ja, dt.en, issue, subtotal, tax, total, currency)
	return doc{version: v, text: text, received: issue.Add(time.Duration(24+r.IntN(24*10)) * time.Hour)}
}

func pickType(r *rand.Rand) struct {
	code, ja, en string
	weight       float64
} {
	x := r.Float64()
	for _, t := range docTypes {
		if x < t.weight {
			return t
		}
		x -= t.weight
	}
	return docTypes[0]
}

// entry is document i as the pipeline indexes it: through
// pipeline.FillFromVersion, as pipeline.Entry does.
func (g *generator) entry(d doc) index.Entry {
	e := index.Entry{DocID: d.version.DocID, Arrivals: 1, ReceivedAt: d.received, FileName: "scan.jpg", Text: d.text}
	pipeline.FillFromVersion(&e, d.version)
	return e
}
