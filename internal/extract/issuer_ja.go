package extract

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// issuerBlock finds the issuer of a Japanese invoice or receipt: the block
// of lines around the registration number (or, failing that, the first
// phone line), in one column, up to the recipient, the title or the
// document's own date and number above it. Its name is the line with a
// company marker, or its top line that is not an address; its address
// the postcode and the lines with address markers (〒, 都道府県, 市区町村).
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
	block := []*row{d.anchorColumn(p.lines[anchor])}
	top := block[0]
	for i := anchor - 1; i >= 0 && len(block) < 8; i-- {
		l := p.lines[i]
		if !d.sameColumn(l, block) || d.isSentence(l) {
			continue // another column, or body text beside the block
		}
		if top.box[1]-l.box[3] > 2*height(top.box) {
			break
		}
		if d.isRecipientLine(l) || d.isTitle(l) || hasRole(d.lineHits(l), RoleIssueDate, RoleTransactionDate, RoleDueDate, RoleInvoiceNumber) {
			break
		}
		block = append([]*row{l}, block...)
		top = l
	}
	// The name: the first line with a company marker, else the first
	// line that is no address, phone or number; one that is all seal
	// debris gives way to the next.
	var cands []int
	for i, l := range block {
		if d.companyLine(l) && !hasRole(d.lineHits(l), RoleContact, RoleRegistration) && !isPostcodeLine(l) {
			cands = append(cands, i)
		}
	}
	for i, l := range block {
		if !d.companyLine(l) && !anyPhrase(d.v.address, l) && !hasRole(d.lineHits(l), RoleContact, RoleRegistration) &&
			!isPostcodeLine(l) && len(normalize.AlnumKey(l.text)) >= 2 {
			cands = append(cands, i)
		}
	}
	ni := -1
	for _, i := range cands {
		if name = d.jaName(p, block[i], 0.85); name != nil {
			ni = i
			break
		}
	}
	var al []*row
	for i, l := range block {
		if i != ni && !slices.Contains(cands, i) && (anyPhrase(d.v.address, l) || isPostcodeLine(l)) && !hasRole(d.lineHits(l), RoleContact, RoleRegistration) {
			al = append(al, l)
		}
	}
	if len(al) > 0 {
		addr = d.lineField(al, 0.8)
		addr.Value = cleanJaAddress(addr.Value)
	}
	return name, addr, true
}

// anchorColumn is the anchor row as far as the issuer's column goes: a
// row that runs on from the other column into the registration label or
// number ("ご請求金額 ¥16,777 | 適格請求書発行事業者登録番号:", "82,065- |
// T8010003235799") counts from there on, so the lines above it are
// judged against that column.
func (d *doc) anchorColumn(l *row) *row {
	from := -1
	for _, h := range d.lineHits(l) {
		if h.Role == RoleRegistration {
			from = h.start
			break
		}
	}
	if m, ok := normalize.FindRegistrationNumber(l.text); ok && (from < 0 || m.Start < from) {
		from = m.Start
	}
	if from > 0 {
		if ws := l.wordsIn(from, len(l.text)); len(ws) > 0 {
			return newRow(l.page, ws)
		}
	}
	return l
}

// isSentence reports a line of running text: it ends with 。 or holds a
// phrase of the body ("下記の通りご請求申し上げます"). It is no name, and no
// part of an issuer block.
func (d *doc) isSentence(l *row) bool {
	if strings.HasSuffix(strings.TrimSpace(l.text), "。") {
		return true
	}
	for _, h := range d.v.typeHints {
		if len(h.p.find(l)) > 0 && utf8.RuneCountInString(h.p.cjk) >= 5 {
			return true
		}
	}
	return false
}

// sameColumn reports whether l overlaps horizontally a line of the block
// (its anchor cut to the label's column by anchorColumn).
func (d *doc) sameColumn(l *row, block []*row) bool {
	for _, b := range block {
		if hOverlap(l.box, b.box) > 0 {
			return true
		}
	}
	return false
}

// companyLine reports whether l holds a legal form or business word,
// including a four-letter legal form with one letter lost to the seal
// stamped over the end of the name ("株式会神").
func (d *doc) companyLine(l *row) bool {
	return anyPhrase(d.v.company, l) || repairLegalFormJa(l.compact) != l.compact
}

// postcodeLineRe is a Japanese postcode on a line of its own, with the
// 〒 mark as OCR reads it (T, F, 7, 干) or lost.
var postcodeLineRe = regexp.MustCompile(`^[〒TF干=7]?\s?\d{3}\s?-\s?\d{4}$`)

func isPostcodeLine(l *row) bool { return postcodeLineRe.MatchString(strings.TrimSpace(l.text)) }

// jaName is the issuer's name from line l: its words, with a piece the
// engine cut off as a line of its own ("株式会社大和デザイ" + "ン"), without
// the debris a seal leaves at either end ("富士テクノ有限会社 fie? t"),
// spaces between Japanese letters dropped, and a legal form the seal
// damaged restored.
func (d *doc) jaName(p *page, l *row, strength float64) *record.Field {
	ws := append(append([]word(nil), l.words...), d.adjacentWords(p, l)...)
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].box[0] < ws[j].box[0] })
	for len(ws) > 0 && debris(ws, 0, 1) {
		ws = ws[1:]
	}
	for len(ws) > 0 && debris(ws, len(ws)-1, -1) {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 0 || !hasLetterWord(ws) {
		return nil
	}
	f := d.lineField([]*row{newRow(l.page, ws)}, strength)
	f.Value = repairLegalFormJa(joinParens(d.cleanName(f.Value)))
	return f
}

// debris reports whether ws[i], at one end of a name line, is what a
// seal or a rule left there: Latin letters, digits or punctuation read
// with low confidence, or a Japanese letter read with very low confidence
// that such debris (ws[i+step]) separates from the name. Engines give
// correct Japanese letters low confidence too, so confidence alone does
// not condemn them.
func debris(ws []word, i, step int) bool {
	w := ws[i]
	if normalize.HasCJK(w.text) {
		j := i + step
		return w.conf < 0.4 && j >= 0 && j < len(ws) && !normalize.HasCJK(ws[j].text)
	}
	return w.conf < 0.6 || utf8.RuneCountInString(w.text) <= 2 && w.conf < 0.7 || !hasAlnum(w.text)
}

// adjacentWords returns the words of the lines of p that continue l on
// its baseline with no more than a letter's gap: pieces of one name the
// engine returned as separate lines.
func (d *doc) adjacentWords(p *page, l *row) []word {
	var out []word
	h := height(l.box)
	for _, o := range p.lines {
		if o == l || vOverlap(o.box, l.box) < 0.5*float64(min(height(o.box), h)) || d.isRecipientLine(o) {
			continue
		}
		right, left := o.box[0]-l.box[2], l.box[0]-o.box[2]
		if right >= -2 && right <= h/2 || left >= -2 && left <= h/2 {
			out = append(out, o.words...)
		}
	}
	return out
}

// joinParens drops the spaces OCR puts inside the short forms of legal
// forms: "旭電機 ( 株 )" is "旭電機(株)".
func joinParens(s string) string {
	return parenSpaceRe.ReplaceAllString(s, "($1)")
}

var parenSpaceRe = regexp.MustCompile(`\(\s*(\p{Han})\s*\)`)

// jaLegalForms are the four-letter legal forms whose damaged spelling is
// repaired: every other letter of the form must be read right.
var jaLegalForms = []string{"株式会社", "有限会社", "合同会社", "合資会社", "合名会社"}

// repairLegalFormJa restores a four-letter legal form with one wrong
// letter at its start or end ("株式会神", "林式会社"), the places a seal or
// the page edge damages, when three letters stand as printed.
func repairLegalFormJa(s string) string {
	rs := []rune(s)
	for _, form := range jaLegalForms {
		if strings.Contains(s, form) {
			return s
		}
	}
	for _, form := range jaLegalForms {
		f := []rune(form)
		for i := 0; i+4 <= len(rs); i++ {
			w := rs[i : i+4]
			switch {
			case string(w[:3]) == string(f[:3]) && w[3] != f[3] && normalize.IsCJK(w[3]) && (i+4 == len(rs) || !normalize.IsCJK(rs[i+4])):
				// "株式会神" at the end of the name
			case string(w[1:]) == string(f[1:]) && w[0] != f[0] && normalize.IsCJK(w[0]) && i == 0 && form != "合同会社":
				// "林式会社" at the start; "同会社" alone could be 共同
			default:
				continue
			}
			out := append(append(append([]rune{}, rs[:i]...), f...), rs[i+4:]...)
			return string(out)
		}
	}
	return s
}

// postcodeFixRe is a postcode at the start of an address whose 〒 OCR read
// as a letter or a 7.
var postcodeFixRe = regexp.MustCompile(`^[TF干=7]\s?(\d{3}\s?-\s?\d{4})(\s|$)`)

// cleanJaAddress reads a kanji one (一) or long vowel mark between digits
// as the dash it is, without the spaces OCR puts around it ("赤坂 5-8 一 7"
// is 赤坂 5-8-7), and restores the 〒 of the postcode.
func cleanJaAddress(s string) string {
	s = postcodeFixRe.ReplaceAllString(s, "〒$1$2")
	rs := []rune(s)
	digit := func(i int) bool { return i >= 0 && i < len(rs) && rs[i] >= '0' && rs[i] <= '9' }
	var out []rune
	for i := 0; i < len(rs); i++ {
		if strings.ContainsRune("一ー―-", rs[i]) {
			l, r := i-1, i+1
			for l >= 0 && rs[l] == ' ' {
				l--
			}
			for r < len(rs) && rs[r] == ' ' {
				r++
			}
			if digit(l) && digit(r) {
				for len(out) > 0 && out[len(out)-1] == ' ' {
					out = out[:len(out)-1]
				}
				out = append(out, '-')
				i = r - 1
				continue
			}
		}
		out = append(out, rs[i])
	}
	return string(out)
}
