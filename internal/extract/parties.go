package extract

import (
	"errors"
	"regexp"
	"strings"
	"unicode"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// registration finds the invoice registration number (T + 13 digits). The
// pattern is specific enough to search everywhere; a 登録番号 label and a
// valid check digit make it surer. A number whose check digit fails is
// kept at low confidence so validation can report it. A number OCR
// misread (its T read as 1 or 7, or lost; O for 0) counts only with a
// valid check digit, and a bare 13-digit number only under a 登録番号
// label on its row or the row above.
func (d *doc) registration() *record.Field {
	var bestF *record.Field
	bestScore := 0.0
	rows := d.allRows()
	for i, r := range rows {
		labelled := r.hasRole(RoleRegistration)
		above := i > 0 && rows[i-1].page == r.page && rows[i-1].hasRole(RoleRegistration)
		if m, ok := normalize.FindRegistrationNumber(r.text); ok {
			score := 0.85
			if labelled {
				score = 1
			}
			if errors.Is(m.Err, normalize.ErrRegCheckDigit) {
				score *= 0.5
			}
			if score > bestScore {
				bestF, bestScore = field(m.Value, r.wordsIn(m.Start, m.End), score, r.page), score
			}
		}
		for _, m := range normalize.FindRegistrationMisread(r.text) {
			score := 0.0
			switch m.Repair {
			case normalize.RegPrefixRead:
				score = 0.7
			case normalize.RegLettersRead:
				score = 0.65
			case normalize.RegNoPrefix:
				if labelled || above {
					score = 0.6
				}
			}
			if labelled || above {
				score += 0.15
			}
			if score > bestScore {
				bestF, bestScore = field(m.Value, r.wordsIn(m.Start, m.End), score, r.page), score
			}
		}
	}
	return bestF
}

var (
	phoneRe = regexp.MustCompile(`(?:^|[^\d])(?:\+?\d{1,3}[\s-]?)?\(?0\d{1,3}\)?\s?-\s?\d{2,4}\s?-?\s?\d{3,4}(?:$|[^\d])`)
	// companyIDRe is a line that is only a company number: "(789417-W)",
	// "(CO.REG : 860671-D)".
	companyIDRe = regexp.MustCompile(`^[(<\[]?\s*(?:[A-Z .:#]{0,14}[(<]\s*)?\d{4,}[\s.-]?[A-Z]?\s*[)>\]]?\s*[)>\]]?$`)
)

// lineHits caches label matches on OCR lines (rows hold their own).
func (d *doc) lineHits(l *row) []labelHit {
	if l.hits == nil {
		l.hits = d.v.findLabels(l)
		if l.hits == nil {
			l.hits = []labelHit{}
		}
	}
	return l.hits
}

// nameScore rates an OCR line as the issuer's name; 0 means it cannot be.
// Names are mostly letters, not all lower case (a handwritten note or a
// slogan), not an address, contact, title or body line.
func (d *doc) nameScore(l *row, i int) float64 {
	alnum := normalize.AlnumKey(l.text)
	if len([]rune(alnum)) < 3 || conf(l.words) < 0.35 {
		return 0
	}
	letters, upper, lower := 0, 0, 0
	for _, r := range l.text {
		switch {
		case unicode.IsUpper(r):
			upper++
			letters++
		case unicode.IsLower(r):
			lower++
			letters++
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters*2 < len([]rune(alnum)) || lower > 0 && upper == 0 {
		return 0
	}
	money := false
	for _, a := range l.amounts() {
		money = money || a.Money
	}
	for _, h := range d.lineHits(l) {
		switch h.Role {
		case RoleContact, RoleCompanyID, RoleRegistration, RoleRecipient:
			return 0
		case RoleIssueDate, RoleTransactionDate, RoleDueDate, RoleTotal, RoleSubtotal, RoleCash, RoleChange,
			RoleQuantity, RoleInvoiceNumber:
			if money { // "CASH 9.00", but "SUPER SEVEN CASH & CARRY" is a name
				return 0
			}
		}
	}
	legal, business := anyPhrase(d.v.legal, l), anyPhrase(d.v.company, l)
	if d.isTitle(l) || d.isRecipientLine(l) || phoneRe.MatchString(l.text) ||
		d.looksLikeAddress(l) && !(business && !anyPhrase(d.v.address, l)) {
		return 0
	}
	if !legal && (anyPhrase(d.v.address, l) && !business || d.hasTitlePhrase(l)) {
		return 0 // "KAWASAN PERINDUSTRIAN ...", "TAX INVOICE / ADJUSTMENT NOTE"
	}
	for _, a := range l.amounts() {
		if a.Money && a.Amount.Value.Scale > 0 {
			return 0 // a price: an item or total line
		}
	}
	s := 0.55 + 0.1*conf(l.words) - 0.02*float64(i)
	switch {
	case legal:
		s += 0.35
	case business:
		s += 0.2
	}
	return s
}

// isTitle reports whether l is mostly a header phrase (TAX INVOICE, 領収書).
// Letters and digits are compared without spaces, so a title OCR glued
// together ("TAXINVOICE") is still one.
func (d *doc) isTitle(l *row) bool {
	key := normalize.AlnumKey(l.text)
	for _, t := range d.titles {
		if t != "" && strings.Contains(key, t) && len(key)-len(t) <= 4 {
			return true
		}
	}
	return false
}

// hasTitlePhrase reports whether l holds a document title or header word.
func (d *doc) hasTitlePhrase(l *row) bool {
	if anyPhrase(d.v.notNames, l) {
		return true
	}
	for _, t := range d.v.docTypes {
		if len(t.p.find(l)) > 0 {
			return true
		}
	}
	return false
}

// looksLikeAddress: starts with a number or an address word and holds digits.
func (d *doc) looksLikeAddress(l *row) bool {
	if countDigits(l.text) == 0 {
		return false
	}
	first := strings.TrimLeft(l.up, "(#'\" ")
	if first != "" && first[0] >= '0' && first[0] <= '9' {
		return true
	}
	for _, w := range []string{"NO", "LOT", "JALAN", "JLN", "〒", "UNIT", "BLOCK", "BLK", "LEVEL"} {
		if strings.HasPrefix(first, w) {
			return true
		}
	}
	return false
}

// issuer finds the issuer's name and address on the first page.
func (d *doc) issuer() (name, addr *record.Field) {
	p := d.pages[0]
	if d.ja {
		if n, a, ok := d.issuerBlock(p); ok {
			return n, a
		}
	}
	// The name is the best name-like line near the top, before the body.
	lines := p.lines
	limit := len(lines)
	for i, l := range lines {
		if i >= 12 || p.height > 0 && l.box[1] > p.height/2 || d.isBody(l) {
			limit = i
			break
		}
	}
	// Names after the issuer's contact lines belong to someone else: the
	// owner ("OWNED BY ... SDN BHD") or a franchisor.
	bi, bs := -1, 0.0
	for i := 0; i < limit; i++ {
		if bi >= 0 && hasRole(d.lineHits(lines[i]), RoleContact) {
			break
		}
		if s := d.nameScore(lines[i], i); s > bs {
			bi, bs = i, s
		}
	}
	if bi < 0 {
		return nil, nil
	}
	used := []*row{lines[bi]}
	// A line that is little more than a legal form ("CO. (M) SDN BHD")
	// finishes the name begun on the line above.
	if bi > 0 && d.nameWords(lines[bi]) < 2 && !d.isTitle(lines[bi-1]) && countDigits(lines[bi-1].text) == 0 &&
		lines[bi].box[1]-lines[bi-1].box[3] <= height(lines[bi].box) && d.nameScore(lines[bi-1], 0) > 0 {
		used = append([]*row{lines[bi-1]}, used...)
	}
	end := bi
	for end+1 < len(lines) && d.continuesName(lines[end], lines[end+1]) {
		end++
		used = append(used, lines[end])
	}
	name = d.lineField(used, bs)
	name.Value = d.cleanName(name.Value)
	return name, d.address(lines, end, lines[bi])
}

// nameWords counts the words of l that are not company markers.
func (d *doc) nameWords(l *row) int {
	n := 0
	for _, r := range l.runs() {
		if len(r.s) < 2 {
			continue
		}
		marker := false
		for _, p := range d.v.company {
			if len(p.words) == 1 && p.words[0] == r.s {
				marker = true
				break
			}
		}
		if !marker {
			n++
		}
	}
	return n
}

// isBody reports whether l belongs to the body of the document: amounts
// under money labels or item rows.
func (d *doc) isBody(l *row) bool {
	amounts := l.amounts()
	if len(amounts) == 0 {
		return false
	}
	money := false
	for _, a := range amounts {
		money = money || a.Money
	}
	for _, h := range d.lineHits(l) {
		switch h.Role {
		case RoleTotal, RoleSubtotal, RoleCash, RoleChange:
			if money { // "SUPER SEVEN CASH & CARRY SDN 3HD" is a name
				return true
			}
		case RoleQuantity:
			return true
		}
	}
	return false
}

// continuesName reports whether next carries on the name in cur: cur ends
// with a joining word, or next is a bare company suffix (SDN BHD).
func (d *doc) continuesName(cur, next *row) bool {
	if next.box[1]-cur.box[3] > height(cur.box) {
		return false
	}
	t := strings.TrimSpace(cur.up)
	if strings.HasSuffix(t, "&") || strings.HasSuffix(t, " AND") || strings.HasSuffix(t, "-") {
		return d.nameScore(next, 0) > 0
	}
	rest := normalize.AlnumKey(next.text)
	for _, suf := range []string{"SDNBHD", "MSDNBHD", "BHD", "BERHAD", "SDNBERHAD"} {
		if rest == suf {
			return true
		}
	}
	return false
}

func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// lineField joins whole lines into one field.
func (d *doc) lineField(ls []*row, strength float64) *record.Field {
	var parts []string
	var ws []word
	for _, l := range ls {
		parts = append(parts, l.text)
		ws = append(ws, l.words...)
	}
	return field(normalize.JoinCJK(strings.Join(parts, " ")), ws, strength, ls[0].page)
}
