package vendor

import (
	"fmt"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// How a document was matched to a vendor, surest first.
const (
	ByRegistration    = "registration_number"     // the number as read is the vendor's
	ByRegistrationOCR = "registration_number_ocr" // the number as read is the vendor's with a 0 read as 9
	ByPhone           = "phone"
	ByName            = "name"
	ByAddress         = "address"
)

// Match is the vendor a document was matched to.
type Match struct {
	Vendor *Vendor
	By     string
	Score  float64 // in (0,1]
}

// Match finds the vendor of a document from its extracted fields and,
// optionally, its recognised text (for phone numbers): by registration
// number first, exactly, then as OCR misreads it; then by phone, name and
// address. It reports false when nothing matches well enough, or when two
// vendors match equally well.
func (r *Register) Match(f record.Fields, d *layout.Document) (Match, bool) {
	if r == nil || len(r.Vendors) == 0 {
		return Match{}, false
	}
	name := fieldValue(f.IssuerName)
	if reg := fieldValue(f.RegistrationNumber); reg != "" {
		if v, err := normalize.RegistrationNumber(reg); err == nil || v != "" {
			if vend, ok := r.byReg[v]; ok {
				return Match{vend, ByRegistration, 1}, true
			}
			var found []*Vendor
			for num, vend := range r.byReg {
				if zeroReadAsNine(v, num) && !containsVendor(found, vend) {
					found = append(found, vend)
				}
			}
			if len(found) == 1 {
				score := 0.75
				if _, s := found[0].bestName(name, false); s >= 0.5 {
					score = 0.95 // the name agrees
				}
				return Match{found[0], ByRegistrationOCR, score}, true
			}
		}
	}
	var best Match
	tie := false
	consider := func(m Match) {
		switch {
		case m.Score > best.Score+1e-9:
			best, tie = m, false
		case m.Score > best.Score-1e-9 && m.Vendor != best.Vendor:
			tie = true
		}
	}
	for _, p := range Phones(d) {
		if v, ok := r.byPhone[p]; ok {
			score := 0.8
			if _, s := v.bestName(name, false); s >= 0.5 {
				score = 0.9
			}
			consider(Match{v, ByPhone, score})
		}
	}
	for _, v := range r.Vendors {
		if s := v.nameLike(name); s >= containedLike {
			consider(Match{v, ByName, 0.85 * s})
		}
		if a := fieldValue(f.IssuerAddress); a != "" {
			if _, s := v.bestAddress(a, false); s >= 0.9 {
				consider(Match{v, ByAddress, 0.7 * s})
			}
		}
	}
	if best.Vendor == nil || tie {
		return Match{}, false
	}
	return best, true
}

func containsVendor(vs []*Vendor, v *Vendor) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// zeroReadAsNine reports whether read is known, but for one or more 0s
// read as 9: a slashed zero, the one misreading the 法人番号 check digit
// cannot catch (9 ≡ 0 modulo 9).
func zeroReadAsNine(read, known string) bool {
	if len(read) != len(known) || read == known {
		return false
	}
	for i := 0; i < len(read); i++ {
		if read[i] != known[i] && !(read[i] == '9' && known[i] == '0') {
			return false
		}
	}
	return true
}

// addressAlike is the similarity above which an address read is taken
// for a confirmed one: one or two misread characters in twenty, or a
// lost postal code or building line.
const addressAlike = 0.7

// Source marks the values the register supplied.
const Source = "vendor register"

// Improve applies a match to extracted fields: the vendor's registration
// number where the one read is its misreading or none was read, the
// vendor's name as confirmed where the one read is a garbled form of it
// (or none was read), its address where none was read. It returns what it
// changed, one line per field, for the record's findings.
func Improve(f *record.Fields, m Match) []string {
	if m.Vendor == nil {
		return nil
	}
	v := m.Vendor
	var changes []string
	set := func(name string, dst **record.Field, value string, conf float64) {
		old := ""
		if *dst != nil {
			old = (*dst).Value
		}
		if value == "" || old == value {
			return
		}
		nf := &record.Field{Value: value, Confidence: conf, Source: Source}
		if *dst != nil {
			nf.Page, nf.BBox = (*dst).Page, (*dst).BBox
		}
		*dst = nf
		changes = append(changes, fmt.Sprintf("%s %q → %q (%s, matched by %s)", name, old, value, Source, m.By))
	}
	switch {
	case m.By == ByRegistrationOCR:
		for _, num := range v.RegistrationNumbers {
			if zeroReadAsNine(fieldValue(f.RegistrationNumber), num) {
				set("registration_number", &f.RegistrationNumber, num, m.Score)
			}
		}
	case f.RegistrationNumber == nil && len(v.RegistrationNumbers) == 1:
		set("registration_number", &f.RegistrationNumber, v.RegistrationNumbers[0], 0.9*m.Score)
	}
	// A value read is replaced only by one a person confirmed: a machine's
	// confirmation may carry OCR's garbling (a seal's strokes after the
	// name) with a valid number, and must not overwrite a better reading.
	// Nothing read is filled with the best the register has.
	read := fieldValue(f.IssuerName)
	switch n, s := v.bestName(read, true); {
	case read == "":
		set("issuer_name", &f.IssuerName, v.Name(), 0.9*m.Score)
	case s >= 0.5 && n != read:
		set("issuer_name", &f.IssuerName, n, m.Score)
	case s < 0.5 && len(v.Names) > 0 && v.Names[0].People > 0 && (m.By == ByRegistration || m.By == ByPhone):
		// The number or phone is the vendor's; the name read is not even
		// like its name: OCR lost it (a logo, a seal).
		set("issuer_name", &f.IssuerName, v.Name(), 0.8*m.Score)
	}
	// An address read like a confirmed one is that one as OCR garbled it
	// (a lost 〒, 八 read as 人); one unlike all of them may be a move,
	// and is kept.
	switch a, s := v.bestAddress(fieldValue(f.IssuerAddress), true); {
	case f.IssuerAddress == nil:
		set("issuer_address", &f.IssuerAddress, v.Address(), 0.8*m.Score)
	case s >= addressAlike:
		set("issuer_address", &f.IssuerAddress, a, s*m.Score)
	}
	return changes
}

// Improve matches the document to a vendor and applies the match (see
// Improve), then the vendor's learned hints: the register as an
// extract.Improver.
func (r *Register) Improve(f *record.Fields, d *layout.Document) []string {
	m, ok := r.Match(*f, d)
	if !ok {
		return nil
	}
	return append(Improve(f, m), applyHints(f, d, m)...)
}
