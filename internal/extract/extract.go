package extract

import (
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// Options steer extraction. The zero value works: both built-in
// vocabularies, currency and date order read from the document.
type Options struct {
	// DefaultCurrency (ISO 4217) is used when the document shows no
	// currency marker. Japanese text defaults to JPY without it.
	DefaultCurrency string
	// DateOrder overrides the day/month order taken from the currency,
	// for all-numeric dates that could be read either way.
	DateOrder normalize.Order
	// Vocabularies to match; nil means DefaultVocabularies().
	Vocabularies []*Vocabulary
	// Now bounds plausible dates; zero means time.Now().
	Now time.Time
}

// doc is one document prepared for the field rules.
type doc struct {
	opts  Options
	v     *vocab
	pages []*page
	ja    bool // mostly Japanese text
	// titles are the NotNames and document titles as AlnumKey.
	titles []string
	order  normalize.Order
	now    time.Time
}

type page struct {
	number int
	height int
	lines  []*row // OCR lines split at column gaps, top to bottom
	rows   []*row // lines merged by baseline, top to bottom, with label hits
}

// Extract reads the fields of doc. Fields that cannot be found are nil;
// every field found has a confidence in [0,1], its page, box and source.
func Extract(ld *layout.Document, opts Options) record.Fields {
	d := prepare(ld, opts)
	var f record.Fields
	if len(d.pages) == 0 {
		return f
	}
	f.Currency = d.currency()
	f.DocumentType = d.docType()
	f.IssueDate, f.TransactionDate, f.DueDate = d.dates()
	m := d.money()
	f.Total, f.Subtotal, f.TaxLines, f.WithholdingTax = m.total, m.subtotal, m.taxLines, m.withholding
	f.LineItems = d.lineItems(&f)
	f.InvoiceNumber = d.invoiceNumber()
	f.RegistrationNumber = d.registration()
	f.IssuerName, f.IssuerAddress = d.issuer()
	f.Recipient = d.recipient()
	return f
}

func prepare(ld *layout.Document, opts Options) *doc {
	vs := opts.Vocabularies
	if len(vs) == 0 {
		vs = DefaultVocabularies()
	}
	d := &doc{opts: opts, v: compileVocab(vs), now: opts.Now}
	for _, v := range vs {
		for _, t := range v.NotNames {
			d.titles = append(d.titles, normalize.AlnumKey(t))
		}
		for _, t := range v.DocTypes {
			if t.Type != "" {
				d.titles = append(d.titles, normalize.AlnumKey(t.Text))
			}
		}
	}
	if d.now.IsZero() {
		d.now = time.Now()
	}
	if ld == nil {
		return d
	}
	cjk, latin := 0, 0
	for i := range ld.Pages {
		lp := &ld.Pages[i]
		whole, split := d.v.buildLines(lp)
		p := &page{number: lp.Number, height: lp.Scan.HeightPx, lines: split}
		if p.number == 0 {
			p.number = i + 1
		}
		if len(p.lines) == 0 {
			continue
		}
		for _, l := range p.lines {
			l.page = p.number
			for _, r := range l.text {
				switch {
				case normalize.IsCJK(r):
					cjk++
				case r < 0x80 && (r|0x20) >= 'a' && (r|0x20) <= 'z':
					latin++
				}
			}
			if b := l.box[3]; b > p.height {
				p.height = b
			}
		}
		p.rows = buildRows(whole)
		for _, r := range p.rows {
			r.page = p.number
			r.hits = d.v.findLabels(r)
		}
		d.pages = append(d.pages, p)
	}
	// Japanese characters carry about three Latin letters' worth of text.
	d.ja = cjk*3 > latin
	d.order = opts.DateOrder
	if d.order == normalize.OrderUnknown && len(d.pages) > 0 {
		if c := d.currency(); c != nil {
			d.order = normalize.OrderForCurrency(c.Value)
		}
	}
	if d.order == normalize.OrderUnknown && d.ja {
		d.order = normalize.OrderYMD
	}
	return d
}

// field builds a record.Field from the words a value was read from.
func field(value string, ws []word, strength float64, pg int) *record.Field {
	if value == "" {
		return nil
	}
	f := &record.Field{Value: value, Confidence: clamp(strength), Page: pg}
	if len(ws) > 0 {
		f.Confidence = clamp(strength * conf(ws))
		f.Source = rawText(ws)
		b := union(ws)
		f.BBox = &b
	}
	return f
}

func clamp(x float64) float64 {
	return max(0, min(1, x))
}

// allRows iterates the merged rows of every page in reading order.
func (d *doc) allRows() []*row {
	var out []*row
	for _, p := range d.pages {
		out = append(out, p.rows...)
	}
	return out
}

// hasRole reports whether r holds a label of one of roles.
func (r *row) hasRole(roles ...Role) bool {
	for _, h := range r.hits {
		for _, role := range roles {
			if h.Role == role {
				return true
			}
		}
	}
	return false
}

// labelBefore returns the nearest label ending at or before off.
func (r *row) labelBefore(off int) (labelHit, bool) {
	var best labelHit
	ok := false
	for _, h := range r.hits {
		if h.end <= off {
			best, ok = h, true
		}
	}
	return best, ok
}

// nextLabelAfter returns the start of the first label after off, or the
// end of the text.
func (r *row) nextLabelAfter(off int) int {
	for _, h := range r.hits {
		if h.start >= off {
			return h.start
		}
	}
	return len(r.text)
}

// trimPunct trims spaces and label punctuation around a value. A
// bracket stays when its partner is in the value: "(株)青葉運輸" keeps
// its legal form, "(GST)" of a label goes.
func trimPunct(s string) string {
	const pairs = "()[]{}"
	for {
		t := strings.Trim(s, " :;.,#*-=|/\\\"'")
		if i := strings.IndexByte(pairs, firstByte(t)); i >= 0 && i%2 == 0 && strings.IndexByte(t[1:], pairs[i+1]) < 0 {
			t = t[1:]
		}
		if n := len(t); n > 0 {
			if i := strings.IndexByte(pairs, t[n-1]); i >= 0 && i%2 == 1 && strings.IndexByte(t[:n-1], pairs[i-1]) < 0 {
				t = t[:n-1]
			}
		}
		if t == s {
			return t
		}
		s = t
	}
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}
