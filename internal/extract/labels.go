package extract

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/shohyo/shohyo/internal/extract/normalize"
)

// phrase is a vocabulary entry ready for matching. Latin phrases match
// whole letter runs ("SUB-TOTAL" holds SUB and TOTAL, "SUBTOTAL" holds
// neither), tolerating one wrong letter in words of five or more letters,
// the commonest OCR slip ("TATAL"). Japanese phrases match the row with
// spaces removed.
type phrase struct {
	words []string
	cjk   string
	exact bool
}

func compilePhrase(s string, exact bool) phrase {
	f := normalize.Fold(s)
	if normalize.HasCJK(f) || !hasLetter(f) {
		return phrase{cjk: strings.ReplaceAll(f, " ", ""), exact: true}
	}
	p := phrase{exact: exact}
	for _, r := range letterRuns(asciiUpper(f)) {
		p.words = append(p.words, r.s)
	}
	return p
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// run is a maximal run of ASCII letters in a row's upper-case text.
type run struct {
	start, end int
	s          string
}

// letterRuns splits upper-cased text into runs of non-CJK letters
// (accented Latin, Cyrillic, ... included).
func letterRuns(s string) []run {
	var out []run
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) && !normalize.IsCJK(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, run{start, i, s[start:i]})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, run{start, len(s), s[start:]})
	}
	return out
}

// span is where a phrase matched, in byte offsets of row.text.
type span struct {
	start, end int
	fuzzy      bool
}

// find returns every match of p in r.
func (p phrase) find(r *row) []span {
	var out []span
	if p.cjk != "" {
		for from := 0; from <= len(r.compact); {
			i := strings.Index(r.compact[from:], p.cjk)
			if i < 0 {
				break
			}
			ci := from + i
			out = append(out, span{start: r.cmap[ci], end: r.cmap[ci+len(p.cjk)-1] + 1})
			from = ci + len(p.cjk)
		}
		return out
	}
	if len(p.words) == 0 {
		return nil
	}
	runs := r.runs()
	// The words of a phrase glued into one by OCR ("FinalTotal"): the same
	// phrase, less sure.
	if len(p.words) > 1 {
		glued := strings.Join(p.words, "")
		for _, rn := range runs {
			if rn.s == glued {
				out = append(out, span{rn.start, rn.end, true})
			}
		}
	}
	for i := 0; i+len(p.words) <= len(runs); i++ {
		fuzzy, ok := false, true
		for k, w := range p.words {
			rn := runs[i+k]
			if k > 0 && !plainGap(r.up[runs[i+k-1].end:rn.start]) {
				ok = false
				break
			}
			if rn.s == w {
				continue
			}
			if p.exact || len(w) < 5 || len(rn.s) < 4 || !withinOne(rn.s, w) {
				ok = false
				break
			}
			fuzzy = true
		}
		if ok {
			out = append(out, span{runs[i].start, runs[i+len(p.words)-1].end, fuzzy})
		}
	}
	return out
}

func (r *row) runs() []run {
	return letterRuns(r.up)
}

// plainGap is what may stand between the words of a phrase: spaces and
// punctuation, no digits or opening brackets, at most a few characters
// ("SUB-TOTAL", "TOTAL: INCL").
func plainGap(g string) bool {
	if len(g) > 4 {
		return false
	}
	for i := 0; i < len(g); i++ {
		if g[i] >= '0' && g[i] <= '9' || strings.IndexByte("(<[{", g[i]) >= 0 {
			return false // an opening bracket starts a qualifier: "TOTAL (GST INCL)"
		}
	}
	return true
}

// withinOne reports whether a and b differ by at most one edit.
func withinOne(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > 1 {
		return false
	}
	i := 0
	for i < len(b) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i+1:] == b[i:]
}

// labelHit is a label found in a row.
type labelHit struct {
	Label
	start, end int // byte offsets in row.text
	fuzzy      bool
}

// strength is the label's weight, reduced when OCR had to be forgiven.
func (h labelHit) strength() float64 {
	if h.fuzzy {
		return h.Weight * 0.85
	}
	return h.Weight
}

// vocab is the compiled union of the vocabularies in use.
type vocab struct {
	numberMarks []string // folded, upper-case
	labels      []compiledLabel
	docTypes    []compiledDocType
	typeHints   []compiledDocType
	taxRates    []int64
	departments []string
	legal       []phrase
	company     []phrase // legal forms and business words
	suffixes    []phrase
	noRecipient []phrase
	notNames    []phrase
	address     []phrase
	exclusive   []phrase
	inclusive   []phrase
	headings    []compiledHeading
	marks       []string // reduced-rate marks, folded
	legend      []phrase
}

type compiledHeading struct {
	ItemHeading
	p phrase
}

type compiledLabel struct {
	Label
	p phrase
}

type compiledDocType struct {
	DocType
	p phrase
}

func compileVocab(vs []*Vocabulary) *vocab {
	c := &vocab{}
	phrases := func(ss []string) []phrase {
		out := make([]phrase, len(ss))
		for i, s := range ss {
			out[i] = compilePhrase(s, true)
		}
		return out
	}
	for _, v := range vs {
		for _, l := range v.Labels {
			c.labels = append(c.labels, compiledLabel{l, compilePhrase(l.Text, l.Exact)})
		}
		for _, d := range v.DocTypes {
			c.docTypes = append(c.docTypes, compiledDocType{d, compilePhrase(d.Text, false)})
		}
		c.departments = append(c.departments, v.Departments...)
		for _, r := range v.TaxRates {
			c.taxRates = append(c.taxRates, int64(r))
		}
		for _, d := range v.TypeHints {
			c.typeHints = append(c.typeHints, compiledDocType{d, compilePhrase(d.Text, true)})
		}
		c.legal = append(c.legal, phrases(v.LegalForms)...)
		c.company = append(c.company, phrases(v.LegalForms)...)
		c.company = append(c.company, phrases(v.CompanyMarkers)...)
		c.suffixes = append(c.suffixes, phrases(v.RecipientSuffixes)...)
		c.noRecipient = append(c.noRecipient, phrases(v.NoRecipient)...)
		c.notNames = append(c.notNames, phrases(v.NotNames)...)
		c.address = append(c.address, phrases(v.AddressMarkers)...)
		for _, m := range v.NumberMarks {
			if m = strings.ToUpper(normalize.Fold(m)); !slices.Contains(c.numberMarks, m) {
				c.numberMarks = append(c.numberMarks, m)
			}
		}
		c.exclusive = append(c.exclusive, phrases(v.Exclusive)...)
		c.inclusive = append(c.inclusive, phrases(v.Inclusive)...)
		for _, h := range v.ItemHeadings {
			c.headings = append(c.headings, compiledHeading{h, compilePhrase(h.Text, false)})
		}
		for _, m := range v.ReducedMarks {
			if m = normalize.Fold(m); !slices.Contains(c.marks, m) {
				c.marks = append(c.marks, m)
			}
		}
		c.legend = append(c.legend, phrases(v.ReducedLegend)...)
	}
	return c
}

// findLabels returns the labels in r that do not overlap a longer one:
// "SUB TOTAL" hides its "TOTAL", "TOTAL QTY" is a quantity.
func (c *vocab) findLabels(r *row) []labelHit {
	var all []labelHit
	for _, l := range c.labels {
		for _, s := range l.p.find(r) {
			all = append(all, labelHit{Label: l.Label, start: s.start, end: s.end, fuzzy: s.fuzzy})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		li, lj := all[i].end-all[i].start, all[j].end-all[j].start
		if li != lj {
			return li > lj
		}
		if all[i].fuzzy != all[j].fuzzy {
			return !all[i].fuzzy
		}
		return all[i].Weight > all[j].Weight
	})
	var out []labelHit
	for _, h := range all {
		free := true
		for _, o := range out {
			if h.start < o.end && o.start < h.end {
				free = false
				break
			}
		}
		if free {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return c.qualify(r, out)
}

// qualify folds a parenthesised qualifier into the label before it: the
// labels inside "(EXCLUDING GST)" describe the total, they do not announce
// the amount after it. An exclusive total becomes a subtotal; an inclusive
// one gains weight.
func (c *vocab) qualify(r *row, hits []labelHit) []labelHit {
	var out []labelHit
	for i := 0; i < len(hits); i++ {
		h := hits[i]
		if h.Role != RoleTotal && h.Role != RoleSubtotal {
			out = append(out, h)
			continue
		}
		// A rate right after a total label makes it a per-rate total:
		// "TOTAL 6% SUPPLIES", like 10%対象.
		if m := rateRe.FindStringIndex(r.text[h.end:]); m != nil && strings.Trim(r.text[h.end:h.end+m[0]], " :@") == "" {
			h.Role = RoleTaxBase
		}
		rest := r.text[h.end:]
		trimmed := strings.TrimLeft(rest, " :")
		var end int
		if strings.HasPrefix(trimmed, "(") || strings.HasPrefix(trimmed, "<") { // OCR reads ( as <
			open := h.end + len(rest) - len(trimmed)
			end = len(r.text)
			if closeAt := strings.IndexAny(r.text[open:], ")>"); closeAt >= 0 {
				end = open + closeAt + 1
			}
		} else if i+1 < len(hits) && hits[i+1].Role == RoleTax && noAmountBefore(r.text[h.end:hits[i+1].start]) {
			end = hits[i+1].end // "TOTAL INCL GST", "TOTAL AFTER ADJ INCL GST"
		} else {
			out = append(out, h)
			continue
		}
		inner := newRow(r.page, r.wordsIn(h.end, end))
		if h.Role == RoleTotal {
			switch {
			case anyPhrase(c.exclusive, inner):
				h.Role = RoleSubtotal
			case anyPhrase(c.inclusive, inner):
				h.Weight = max(h.Weight, 0.95)
			}
		}
		h.end = max(h.end, end)
		for i+1 < len(hits) && hits[i+1].start < end {
			i++ // a label inside the qualifier
		}
		out = append(out, h)
	}
	return out
}

// noAmountBefore reports whether s holds no digits.
func noAmountBefore(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return false
		}
	}
	return true
}

// anyPhrase reports whether one of ps occurs in r.
func anyPhrase(ps []phrase, r *row) bool {
	for _, p := range ps {
		if len(p.find(r)) > 0 {
			return true
		}
	}
	return false
}
