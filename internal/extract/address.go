package extract

import (
	"regexp"
	"strings"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/record"
)

// address collects the issuer's address from the lines after its name.
// Company numbers, tax ids, phone lines and branch names may stand
// between name and address, so lines are skipped until one looks like the
// start of an address (a number, an address word, a postcode). From there
// it runs to a contact, title or body line, a wide gap, or, after the
// line with the postcode, the first line without an address word.
func (d *doc) address(lines []*row, after int, nameLine *row) *record.Field {
	var used []*row
	prev := lines[after]
	started, postcode := false, false
	for j := after + 1; j < len(lines) && len(used) < 6 && j-after <= 10; j++ {
		l := lines[j]
		if hOverlap(l.box, nameLine.box) == 0 {
			continue // another column
		}
		if l.box[1]-prev.box[3] > 2*height(prev.box) {
			break
		}
		prev = l
		if !started {
			if d.isBody(l) || d.isTitle(l) && j-after > 3 {
				break
			}
			if d.skippedInAddress(l) || !d.addressStart(l) {
				continue
			}
			started = true
		} else {
			if d.endsAddress(l) || postcode && !anyPhrase(d.v.address, l) {
				break
			}
			if d.skippedInAddress(l) {
				continue
			}
		}
		used = append(used, l)
		postcode = postcode || postcodeRe.MatchString(l.text)
	}
	if len(used) == 0 {
		return nil
	}
	f := d.lineField(used, 0.8)
	// "HQ ADD: LOT 11995, ...": drop what precedes an address label.
	for _, h := range d.lineHits(used[0]) {
		if h.Role == RoleAddress {
			if rest := trimPunct(normalize.JoinCJK(used[0].text[h.end:])); rest != "" {
				f.Value = strings.TrimSpace(strings.Replace(f.Value, normalize.JoinCJK(used[0].text), rest, 1))
			}
			break
		}
	}
	// "(81109-A) NO 290, JALAN ...": a company number OCR joined to the
	// address's first line is no part of it.
	if loc := leadingIDRe.FindStringIndex(f.Value); loc != nil && loc[1] < len(f.Value) {
		f.Value = f.Value[loc[1]:]
	}
	return f
}

// leadingIDRe is a Malaysian company number (digits, a hyphen and a
// letter: "(789417-W)", "No. 198673-M", "78941 7-W" with the space OCR
// put in) at the start of a line, with the bracket or bar after it.
var leadingIDRe = regexp.MustCompile(`^[(\[{]?\s*(?:(?i:NO)\.?\s*)?\d{3,}(?: \d{1,3})?\s?-\s?[A-Z]\b\s*[)\]}]?\s*[|:]?\s*`)

// postcodeRe is a five-digit postal code (Malaysia, Germany, France, US):
// the last line of an address in those countries.
// It is followed by the town, which tells it from a lot number ("LOT
// 33198, BATU 4").
var postcodeRe = regexp.MustCompile(`(?:^|[^\d-])\d{5},?\s+\pL`)

// addressStart reports whether l can open an address.
func (d *doc) addressStart(l *row) bool {
	if d.endsAddress(l) {
		return false
	}
	if d.looksLikeAddress(l) || anyPhrase(d.v.address, l) {
		return true
	}
	return postcodeRe.MatchString(l.text)
}

// endsAddress reports a line that cannot be part of an address: a
// contact, tax or body label (weak ones like the tax code "SR" excepted),
// a phone number or a line of mostly digits, a price, a title.
func (d *doc) endsAddress(l *row) bool {
	for _, h := range d.lineHits(l) {
		switch h.Role {
		case RoleContact, RoleRegistration, RoleTax, RoleTotal, RoleSubtotal, RoleCash, RoleChange,
			RoleQuantity, RoleInvoiceNumber, RoleRecipient:
			if h.Weight >= 0.6 {
				return true
			}
		}
	}
	if !anyPhrase(d.v.address, l) && !d.looksLikeAddress(l) {
		for _, a := range l.amounts() {
			if a.Money && a.Amount.Value.Scale > 0 {
				return true // an item line; "NO.53 55,57 & 59" is not a price
			}
		}
	}
	alnum := len(normalize.AlnumKey(l.text))
	if n := countDigits(l.text); n >= 7 && n*10 >= alnum*7 {
		return true // a phone, account or tax number OCR garbled
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
