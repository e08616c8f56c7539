package extract

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// dateCand is a date found in a row, with the label that announces it.
type dateCand struct {
	normalize.DateMatch
	r        *row
	role     Role
	labelled bool
	score    float64
}

// dates reads the issue, transaction and due dates. A date takes the role
// of the nearest date label before it on its row, or of a date label
// directly above it (a header cell); unlabelled dates count as issue
// dates of lower strength, the first one first. Dates before 1989 or
// more than a year ahead are not plausible for a receipt and are skipped.
func (d *doc) dates() (issue, transaction, due *record.Field) {
	var cs []dateCand
	lo := "1989-01-01"
	hi := d.now.AddDate(1, 0, 0).Format("2006-01-02")
	for _, p := range d.pages {
		for ri, r := range p.rows {
			ms := normalize.FindDates(r.text, d.order)
			if len(ms) == 0 {
				ms = d.lenientDates(r)
			}
			for _, m := range ms {
				if m.ISO < lo || m.ISO > hi {
					continue
				}
				c := dateCand{DateMatch: m, r: r, role: RoleIssueDate, score: 0.6 * m.Certainty}
				if timeRe.MatchString(r.text[m.End:]) {
					c.score += 0.15 // a till prints the sale's date with its time
				}
				if h, ok := r.labelBefore(m.Start); ok && isDateRole(h.Role) && !labelBetween(r, h.end, m.Start) {
					c.role, c.labelled, c.score = h.Role, true, h.strength()*m.Certainty
				} else if h, ok := labelAbove(p.rows, ri, r.xAt(m.Start)); ok {
					c.role, c.labelled, c.score = h.Role, true, 0.9*h.strength()*m.Certainty
				}
				cs = append(cs, c)
			}
		}
	}
	// pick returns the best date of role; ties go to the first.
	pick := func(role Role, labelled bool) *dateCand {
		var b *dateCand
		for i := range cs {
			c := &cs[i]
			if c.role != role || c.labelled != labelled {
				continue
			}
			if b == nil || c.score > b.score+1e-9 {
				b = c
			}
		}
		return b
	}
	mk := func(c *dateCand) *record.Field {
		if c == nil {
			return nil
		}
		return field(c.ISO, c.r.wordsIn(c.Start, c.End), c.score, c.r.page)
	}
	issueC := pick(RoleIssueDate, true)
	trans := pick(RoleTransactionDate, true)
	if issueC == nil && !d.unreadIssueLabel(cs) {
		issueC = trans // a receipt's transaction date is its issue date
	}
	if issueC == nil {
		issueC = pick(RoleIssueDate, false)
	}
	return mk(issueC), mk(trans), mk(pick(RoleDueDate, true))
}

// unreadIssueLabel reports whether an issue-date label of full weight
// (発行日, INVOICE DATE) stands on a row where no date was read: the
// document has an issue date of its own, misread, and its transaction
// date must not stand in for it.
func (d *doc) unreadIssueLabel(cs []dateCand) bool {
	for _, r := range d.allRows() {
		for _, h := range r.hits {
			if h.Role != RoleIssueDate || h.Weight < 1 {
				continue
			}
			read := false
			for _, c := range cs {
				read = read || c.r == r
			}
			if !read {
				return true
			}
		}
	}
	return false
}

// timeRe is a time of day right after a date.
var timeRe = regexp.MustCompile(`^\s*(?:\([^)]{1,3}\))?\s*[,/-]?\s*(?:[01]?\d|2[0-3])\s?[:.]\s?[0-5]\d`)

// lenientDates reads a date OCR garbled, but only right after a date
// label on the same row, where a date is known to stand.
func (d *doc) lenientDates(r *row) []normalize.DateMatch {
	for _, h := range r.hits {
		if !isDateRole(h.Role) {
			continue
		}
		end := r.nextLabelAfter(h.end)
		var out []normalize.DateMatch
		for _, m := range normalize.FindDatesLenient(r.text[h.end:end], d.order) {
			m.Start, m.End = m.Start+h.end, m.End+h.end
			out = append(out, m)
		}
		return out
	}
	return nil
}

func isDateRole(r Role) bool {
	return r == RoleIssueDate || r == RoleTransactionDate || r == RoleDueDate
}

// labelBetween reports whether a non-date label stands between from and
// to, so "DATE 12/03 TIME" does not lend DATE to a later value.
func labelBetween(r *row, from, to int) bool {
	for _, h := range r.hits {
		if h.start >= from && h.end <= to && !isDateRole(h.Role) {
			return true
		}
	}
	return false
}

// labelAbove returns a date label on the row just above rows[i] whose
// left edge is near x: the header of a table cell.
func labelAbove(rows []*row, i, x int) (labelHit, bool) {
	if i == 0 {
		return labelHit{}, false
	}
	r, up := rows[i], rows[i-1]
	if r.box[1]-up.box[3] > 2*height(r.box) {
		return labelHit{}, false
	}
	for _, h := range up.hits {
		hx := up.xAt(h.start)
		if isDateRole(h.Role) && abs(hx-x) < 3*height(r.box) {
			if len(normalize.FindDates(up.text[h.end:], normalize.OrderDMY)) > 0 {
				continue // the label's own date is on its row
			}
			return h, true
		}
	}
	return labelHit{}, false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// invoiceNumber reads the token after an invoice-number label: the first
// word holding a digit. Weak labels (INVOICE, RECEIPT) need three digits.
func (d *doc) invoiceNumber() *record.Field {
	var bestF *record.Field
	bestScore := 0.0
	for _, r := range d.allRows() {
		for _, h := range r.hits {
			if h.Role != RoleInvoiceNumber {
				continue
			}
			end := r.nextLabelAfter(h.end)
			i := r.wordIndex(h.end)
			if r.offs[i]+len(r.words[i].text) <= h.end {
				i++
			}
			for ; i < len(r.words) && r.offs[i] < end; i++ {
				w := r.words[i]
				t := w.text
				if r.offs[i] < h.end { // label glued to its value: "NO:123"
					t = r.text[h.end : r.offs[i]+len(w.text)]
				}
				t = trimPunct(strings.TrimPrefix(trimPunct(t), "NO"))
				t = trimPunct(t)
				digits := countDigits(t)
				if digits == 0 || h.Weight < 0.9 && digits < 3 {
					continue
				}
				if s := h.strength(); s > bestScore {
					bestF, bestScore = field(t, []word{w}, s, r.page), s
				}
				break
			}
		}
	}
	if bestF == nil {
		return d.markedNumber()
	}
	return bestF
}

// markedNumberStrength is how sure a number mark alone makes the reading:
// less than any label.
const markedNumberStrength = 0.5

// markedNumber reads a document number printed on a row of its own after
// a number mark ("No. 20251130-471", "№0042"), as Japanese invoices print
// theirs at the top right: the first such row, when no label named a
// number. The number is one token of three digits or more, so neither a
// table's row numbers nor "NO 12, JALAN …" of an address qualify.
func (d *doc) markedNumber() *record.Field {
	for _, r := range d.allRows() {
		if len(r.hits) > 0 || len(r.words) > 3 {
			continue
		}
		t := normalize.Fold(r.text)
		for _, m := range d.v.numberMarks {
			if len(t) <= len(m) || !strings.EqualFold(t[:len(m)], m) || unicode.IsLetter(rune(t[len(m)])) {
				continue
			}
			id := trimPunct(strings.TrimLeft(t[len(m):], " .,:#"))
			if countDigits(id) >= 3 && isIdentifier(id) {
				return field(id, r.words[len(r.words)-1:], markedNumberStrength, r.page)
			}
		}
	}
	return nil
}

// isIdentifier reports whether s is one token of ASCII letters, digits,
// hyphens and slashes.
func isIdentifier(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(c rune) bool {
		return !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-' || c == '/')
	})
}

func countDigits(s string) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}
