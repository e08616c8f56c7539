package vendor

import (
	"strings"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// issuerFields are the fields a vendor's facts come from.
var issuerFields = []string{"issuer_name", "issuer_address", "registration_number"}

// FromVersion says whether record version v confirms its issuer, and if
// so returns it as a Confirmed with the document's recognised text d.
//
// A person's version confirms it unless a finding on an issuer field is
// still open: the person saved the record having looked at it, and left
// only what they flagged. A machine's version confirms it only when the
// machine could not have misread it either: no findings at all (totals
// add up, key fields sure), an issuer name, and a registration number
// whose check digit holds, which catches every single misread digit but
// one (a 0 read as 9, see Match). Values the register itself supplied do
// not confirm anything, or one wrong match would teach itself.
func FromVersion(v *record.Version, d *layout.Document) (Confirmed, bool) {
	c := Confirmed{DocID: v.DocID, Version: v.Version, Fields: v.Fields, Layout: d, Person: v.Actor.Kind == record.ActorPerson}
	for _, fd := range v.Findings {
		for _, name := range issuerFields {
			if fd.Field == name {
				return c, false
			}
		}
	}
	if v.Actor.Kind == record.ActorPerson {
		return c, Key(v.Fields) != ""
	}
	f := v.Fields
	if len(v.Findings) > 0 || f.IssuerName == nil || f.RegistrationNumber == nil {
		return c, false
	}
	for _, x := range []*record.Field{f.IssuerName, f.IssuerAddress, f.RegistrationNumber} {
		if x != nil && strings.HasPrefix(x.Source, Source) {
			return c, false
		}
	}
	_, err := normalize.RegistrationNumber(f.RegistrationNumber.Value)
	return c, err == nil
}
