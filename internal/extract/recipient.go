package extract

import (
	"strings"
	"unicode"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// recipientName returns the name before a recipient suffix (御中, 様, 殿)
// that ends l, and whether l is such a line. "上様" and "お客様" name no
// one: the line is a recipient line with an empty name.
func (d *doc) recipientName(l *row) (name string, words []word, ok bool) {
	t := strings.TrimRight(l.text, " :.、。")
	for _, p := range d.v.suffixes {
		for _, s := range p.find(l) {
			if strings.TrimRight(l.text[s.end:], " :.、。") != "" || s.end > len(t) {
				continue
			}
			before := trimPunct(l.text[:s.start])
			for _, n := range d.v.noRecipient {
				if len(n.find(l)) > 0 {
					return "", nil, true
				}
			}
			if before == "" || strings.HasSuffix(before, "お客") {
				return "", nil, true
			}
			return before, l.wordsIn(0, s.start), true
		}
	}
	return "", nil, false
}

func (d *doc) isRecipientLine(l *row) bool {
	_, _, ok := d.recipientName(l)
	return ok
}

// recipient reads the customer: a name before 御中/様/殿 in the top half of
// the first page (on the line above when the suffix stands alone), or the
// text after a BILL TO label.
func (d *doc) recipient() *record.Field {
	p := d.pages[0]
	for i, l := range p.lines {
		if p.height > 0 && l.box[1] > p.height*6/10 {
			break
		}
		name, ws, ok := d.recipientName(l)
		if !ok {
			continue
		}
		if name == "" && len(ws) == 0 && i > 0 && normalize.AlnumKey(l.text) != "" && !d.namesNoOne(l) {
			prev := p.lines[i-1]
			return field(normalize.JoinCJK(prev.text), prev.words, 0.7, prev.page)
		}
		if name == "" {
			return nil
		}
		return field(d.withoutDepartment(normalize.JoinCJK(name)), ws, 0.9, l.page)
	}
	for _, r := range d.allRows() {
		for _, h := range r.hits {
			if h.Role != RoleRecipient {
				continue
			}
			// A name has letters: "CUSTOMER : [77853745]" is an account.
			if rest := trimPunct(r.text[h.end:r.nextLabelAfter(h.end)]); countLetters(rest) >= 2 && !d.isTitleText(rest) {
				return field(rest, r.wordsIn(h.end, r.nextLabelAfter(h.end)), 0.8*h.strength(), r.page)
			}
		}
	}
	return nil
}

// withoutDepartment drops the departments after a company's name
// ("合同会社中央商事管理部経理課" is 合同会社中央商事): the recipient is the
// company. A department is two kanji and a department word (部, 課); it
// goes only when what stays holds a legal form or business word.
func (d *doc) withoutDepartment(name string) string {
	for {
		rs := []rune(name)
		cut := -1
		for _, dep := range d.v.departments {
			dr := []rune(dep)
			n := len(rs) - len(dr) - 2
			if n < 2 || string(rs[len(rs)-len(dr):]) != dep || !unicode.Is(unicode.Han, rs[n]) || !unicode.Is(unicode.Han, rs[n+1]) {
				continue
			}
			cut = n
			break
		}
		if cut < 0 {
			return name
		}
		rest := string(rs[:cut])
		if !anyPhrase(d.v.company, newRow(0, []word{{text: rest}})) {
			return name
		}
		name = rest
	}
}

// isTitleText reports whether s is only a header word ("CUSTOMER COPY").
func (d *doc) isTitleText(s string) bool {
	k := normalize.AlnumKey(s)
	for _, t := range d.titles {
		if t == k {
			return true
		}
	}
	return false
}

// namesNoOne reports a line that names no recipient (上様, お客様).
func (d *doc) namesNoOne(l *row) bool {
	for _, n := range d.v.noRecipient {
		if len(n.find(l)) > 0 {
			return true
		}
	}
	return strings.Contains(l.compact, "お客様")
}

func hasRole(hs []labelHit, roles ...Role) bool {
	for _, h := range hs {
		for _, r := range roles {
			if h.Role == r {
				return true
			}
		}
	}
	return false
}
