package extract

import (
	"sort"
	"unicode/utf8"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// docType reads the document's type. The printed title decides when it
// can be read: a title row holds little besides the title, and a longer
// phrase ("TAX INVOICE") beats its part ("INVOICE"). Titles are printed
// large, and engines often garble them ("表求書", "レンート") or lose them,
// so a title-sized line one character off a title still counts, and
// without any title the words of the body decide: "下記の通りご請求申し上げます"
// and a payment deadline make an invoice, お預り and お釣り a receipt.
func (d *doc) docType() *record.Field {
	if f := d.printedTitle(); f != nil {
		return f
	}
	if f := d.garbledTitle(); f != nil {
		return f
	}
	return d.typeFromBody()
}

// printedTitle finds a title on the lines of the first page, else on its
// rows (a letter-spaced title, "請 求 書", may come as one line per letter).
func (d *doc) printedTitle() *record.Field {
	p := d.pages[0]
	for _, rows := range [][]*row{p.lines, p.rows} {
		var bestF *record.Field
		bestScore := 0.0
		for _, r := range rows {
			for _, m := range d.titleMatches(r) {
				rest := len(normalize.AlnumKey(r.text)) - len(normalize.AlnumKey(r.text[m.start:m.end]))
				score := 0.5 + 0.01*float64(m.end-m.start)
				if rest <= 4 {
					score += 0.4 // the title stands alone on its row
				}
				if p.height > 0 && r.box[1] < p.height/2 {
					score += 0.05
				}
				if m.fuzzy {
					score *= 0.85
				}
				if score > bestScore {
					bestF, bestScore = field(m.typ, r.wordsIn(m.start, m.end), min(score, 1), r.page), score
				}
			}
		}
		if bestF != nil {
			return bestF
		}
	}
	return nil
}

type titleMatch struct {
	span
	typ string
}

// titleMatches returns the document titles in r that are not part of a
// longer title or non-title phrase: "適格請求書発行事業者" names the issuer's
// status, not the document.
func (d *doc) titleMatches(r *row) []titleMatch {
	var all []titleMatch
	for _, t := range d.v.docTypes {
		for _, s := range t.p.find(r) {
			all = append(all, titleMatch{s, t.Type})
		}
	}
	var out []titleMatch
	for _, m := range all {
		inside := false
		for _, o := range all {
			if o.end-o.start > m.end-m.start && o.start <= m.start && m.end <= o.end {
				inside = true
				break
			}
		}
		if !inside && m.typ != "" {
			out = append(out, m)
		}
	}
	return out
}

// garbledTitle accepts a line in the top half that is only CJK letters,
// as long as a Japanese title and one letter off it ("レンート" for
// レシート), when no other title of that length is as close.
func (d *doc) garbledTitle() *record.Field {
	p := d.pages[0]
	for _, l := range p.lines {
		if p.height > 0 && l.box[1] > p.height/2 {
			break
		}
		key := l.compact
		n := utf8.RuneCountInString(key)
		if n < 3 || !allCJK(key) {
			continue
		}
		typ, found := "", 0
		for _, t := range d.v.docTypes {
			if t.p.cjk != "" && t.Type != "" && oneRuneOff(key, t.p.cjk) {
				if typ != t.Type {
					found++
				}
				typ = t.Type
			}
		}
		if found == 1 {
			return field(typ, l.words, 0.6, l.page)
		}
	}
	return nil
}

func allCJK(s string) bool {
	for _, r := range s {
		if !normalize.IsCJK(r) {
			return false
		}
	}
	return true
}

// oneRuneOff reports whether a and b have the same length in runes and
// differ in exactly one.
func oneRuneOff(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	diff := 0
	for i := range ra {
		if ra[i] != rb[i] {
			diff++
		}
	}
	return diff == 1
}

// typeFromBody decides the type from the vocabulary's body phrases when
// no title was read: the type with the most distinct phrases, if no other
// type has as many.
func (d *doc) typeFromBody() *record.Field {
	count := map[string]int{}
	where := map[string][]word{}
	pg := map[string]int{}
	for _, h := range d.v.typeHints {
		for _, r := range d.allRows() {
			if s := h.p.find(r); len(s) > 0 {
				count[h.Type]++
				where[h.Type] = append(where[h.Type], r.wordsIn(s[0].start, s[0].end)...)
				if pg[h.Type] == 0 {
					pg[h.Type] = r.page
				}
				break
			}
		}
	}
	best, n, tie := "", 0, false
	types := make([]string, 0, len(count))
	for t := range count {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		switch c := count[t]; {
		case c > n:
			best, n, tie = t, c, false
		case c == n:
			tie = true
		}
	}
	if best == "" || tie {
		return nil
	}
	return field(best, where[best], min(0.4+0.1*float64(n), 0.7), pg[best])
}
