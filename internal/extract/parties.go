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
// kept at low confidence so validation can report it.
func (d *doc) registration() *record.Field {
	var bestF *record.Field
	bestScore := 0.0
	for _, r := range d.allRows() {
		m, ok := normalize.FindRegistrationNumber(r.text)
		if !ok {
			continue
		}
		score := 0.85
		if r.hasRole(RoleRegistration) {
			score = 1
		}
		if errors.Is(m.Err, normalize.ErrRegCheckDigit) {
			score *= 0.5
		}
		if score > bestScore {
			bestF, bestScore = field(m.Value, r.wordsIn(m.Start, m.End), score, r.page), score
		}
	}
	return bestF
}

var (
	phoneRe = regexp.MustCompile(`(?:^|[^\d])(?:\+?\d{1,3}[\s-]?)?\(?0\d{1,3}\)?\s?-\s?\d{2,4}\s?-?\s?\d{3,4}(?:$|[^\d])`)
	// companyIDRe is a line that is only a company number: "(789417-W)",
	// "(CO.REG : 860671-D)".
	companyIDRe = regexp.MustCompile(`^\(?[A-Z .:#]{0,12}\d[\dA-Z ]{3,}-\s?[A-Z]\)?$`)
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
	for _, h := range d.lineHits(l) {
		switch h.Role {
		case RoleContact, RoleCompanyID, RoleRegistration, RoleIssueDate, RoleTransactionDate, RoleDueDate,
			RoleTotal, RoleSubtotal, RoleCash, RoleChange, RoleQuantity, RoleInvoiceNumber, RoleRecipient:
			return 0
		}
	}
	if d.isTitle(l) || d.isRecipientLine(l) || d.looksLikeAddress(l) || phoneRe.MatchString(l.text) {
		return 0
	}
	s := 0.55 + 0.1*conf(l.words) - 0.02*float64(i)
	if anyPhrase(d.v.company, l) {
		s += 0.35
	}
	return s
}

// isTitle reports whether l is mostly a header phrase (TAX INVOICE, 領収書).
func (d *doc) isTitle(l *row) bool {
	n := len(normalize.AlnumKey(l.text))
	for _, p := range d.v.notNames {
		for _, s := range p.find(l) {
			if n-len(normalize.AlnumKey(l.text[s.start:s.end])) <= 4 {
				return true
			}
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
	bi, bs := -1, 0.0
	for i := 0; i < limit; i++ {
		if s := d.nameScore(lines[i], i); s > bs {
			bi, bs = i, s
		}
	}
	if bi < 0 {
		return nil, nil
	}
	used := []*row{lines[bi]}
	end := bi
	for end+1 < len(lines) && d.continuesName(lines[end], lines[end+1]) {
		end++
		used = append(used, lines[end])
	}
	name = d.lineField(used, bs)
	return name, d.address(lines, end, lines[bi])
}

// isBody reports whether l belongs to the body of the document: amounts
// under money labels or item rows.
func (d *doc) isBody(l *row) bool {
	for _, h := range d.lineHits(l) {
		switch h.Role {
		case RoleTotal, RoleSubtotal, RoleCash, RoleChange, RoleQuantity:
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

// address joins the lines after the name up to a phone, tax-id or
// registration line, a title, the body or a wide gap. Company numbers and
// dates between name and address are skipped.
func (d *doc) address(lines []*row, after int, nameLine *row) *record.Field {
	var used []*row
	prev := lines[after]
	for j := after + 1; j < len(lines) && len(used) < 6; j++ {
		l := lines[j]
		if l.box[1]-prev.box[3] > 2*height(prev.box) || hOverlap(l.box, nameLine.box) == 0 && len(used) > 0 {
			break
		}
		if d.endsAddress(l) {
			break
		}
		prev = l
		if d.skippedInAddress(l) {
			continue
		}
		used = append(used, l)
	}
	if len(used) == 0 {
		return nil
	}
	return d.lineField(used, 0.8)
}

func (d *doc) endsAddress(l *row) bool {
	for _, h := range d.lineHits(l) {
		switch h.Role {
		case RoleContact, RoleRegistration, RoleTax, RoleTotal, RoleSubtotal, RoleCash, RoleChange,
			RoleQuantity, RoleInvoiceNumber, RoleRecipient:
			return true
		}
	}
	return phoneRe.MatchString(l.text) || d.isTitle(l) || d.isRecipientLine(l)
}

func (d *doc) skippedInAddress(l *row) bool {
	if len(normalize.AlnumKey(l.text)) < 3 || conf(l.words) < 0.3 {
		return true
	}
	for _, h := range d.lineHits(l) {
		if h.Role == RoleCompanyID || isDateRole(h.Role) {
			return true
		}
	}
	if companyIDRe.MatchString(strings.TrimSpace(l.up)) {
		return true
	}
	// A line that is only a date and time.
	if ms := normalize.FindDates(l.text, d.order); len(ms) > 0 {
		rest := l.text[:ms[0].Start] + l.text[ms[0].End:]
		if countLetters(rest) <= 2 {
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
	return field(strings.Join(parts, " "), ws, strength, ls[0].page)
}
