package extract

import (
	"strings"

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
		return field(normalize.JoinCJK(name), ws, 0.9, l.page)
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

// issuerBlock finds the issuer of a Japanese invoice: the block of lines
// around the registration number (or, failing that, the first phone
// line), in one column, without the recipient. Its name is the line with
// a company marker, or its top line; its address the lines with address
// markers (〒, 都道府県, 市区町村).
func (d *doc) issuerBlock(p *page) (name, addr *record.Field, ok bool) {
	anchor := -1
	for i, l := range p.lines {
		if _, found := normalize.FindRegistrationNumber(l.text); found || hasRole(d.lineHits(l), RoleRegistration) {
			anchor = i
			break
		}
	}
	if anchor < 0 {
		for i, l := range p.lines {
			if hasRole(d.lineHits(l), RoleContact) && (p.height == 0 || l.box[1] < p.height/2) {
				anchor = i
				break
			}
		}
	}
	if anchor < 0 {
		return nil, nil, false
	}
	a := p.lines[anchor]
	block := []*row{a}
	top := a
	for i := anchor - 1; i >= 0 && len(block) < 8; i-- {
		l := p.lines[i]
		if hOverlap(l.box, a.box) == 0 {
			continue // another column
		}
		if top.box[1]-l.box[3] > 2*height(top.box) {
			break
		}
		if d.isRecipientLine(l) || d.isTitle(l) {
			break
		}
		block = append([]*row{l}, block...)
		top = l
	}
	ni := -1
	for i, l := range block {
		if anyPhrase(d.v.company, l) && !hasRole(d.lineHits(l), RoleContact, RoleRegistration) {
			ni = i
			break
		}
	}
	if ni < 0 {
		for i, l := range block {
			if !anyPhrase(d.v.address, l) && !hasRole(d.lineHits(l), RoleContact, RoleRegistration) && len(normalize.AlnumKey(l.text)) >= 2 {
				ni = i
				break
			}
		}
	}
	if ni < 0 {
		return nil, nil, false
	}
	name = d.lineField(block[ni:ni+1], 0.85)
	var al []*row
	for i, l := range block {
		if i != ni && anyPhrase(d.v.address, l) && !hasRole(d.lineHits(l), RoleContact, RoleRegistration) {
			al = append(al, l)
		}
	}
	if len(al) > 0 {
		addr = d.lineField(al, 0.8)
	}
	return name, addr, true
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
