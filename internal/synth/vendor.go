package synth

import "math/rand/v2"

// streamVendor seeds a recurring vendor's own stream.
const streamVendor = 0x76656e646f72 // "vendor"

// asVendor makes d a document of the recurring vendor seeded by vendor:
// the issuer and the way it prints (title, labels, fonts, seal, yen and
// registration number style, roll width) come from the vendor's stream,
// so all its documents show the same issuer in the same layout while
// their dates, items and amounts vary with the document's seed.
func asVendor(d *document, vendor uint64, cal Calendar) {
	r := rand.New(rand.NewPCG(vendor, streamVendor))
	var v *document
	if d.Kind == KindInvoice {
		v = newInvoice(r, cal)
	} else {
		v = newReceipt(r, cal)
	}
	d.Issuer, d.RegNo, d.RegFull, d.RegLabel = v.Issuer, v.RegNo, v.RegFull, v.RegLabel
	d.Title, d.Yen, d.Mincho, d.Seal, d.PaperMM = v.Title, v.Yen, v.Mincho, v.Seal, v.PaperMM
	d.DateLabel, d.DeliveryLabel, d.NumLabel = v.DateLabel, v.DeliveryLabel, v.NumLabel
	d.Dates = v.Dates
	if d.Kind == KindInvoice {
		d.Bank = v.Bank
	}
}
