// Package vendor keeps a register of the companies that issue documents
// to the archive, built from confirmed records, and uses it to improve
// the issuer fields of new documents.
//
// Terms: a fact is one thing a confirmed record says about its issuer: a
// name as printed, an address, a phone number, a registration number
// (登録番号). A vendor is the union of the facts that share a key: its
// registration number, or, for an issuer without one, a hash of its
// normalised name; vendors whose facts share a registration number are
// one vendor. A hint is where one vendor prints one field, learned from a
// correction a person made (the region of the page and the label before
// it), in the spirit of invoice2data templates, but learned, not written.
//
// Storage: facts and hints are create-only JSON objects in a
// storage.Bucket; nothing is ever overwritten, a new fact is a new object,
// and the same observation written twice is the same key (ErrExists is
// success). Keys:
//
//	vendors/<vendor>/facts/<kind>-<value hash>/<doc id>-<version>.json   Fact
//	vendors/<vendor>/hints/<field>/<doc id>-<version>.json               Hint
//
// <vendor> is "T" + 13 digits, or "n-" + 16 hex digits of the SHA-256 of
// the name's comparison key. The number of objects under one fact's
// prefix is how many documents confirmed it: the most confirmed name is
// the vendor's name.
//
// Matching a new document (Register.Match) tries the registration number
// first, exactly and then as OCR misreads it (a slashed 0 read as 9, which
// the check digit cannot catch); then the phone number and the name, then
// the address. Improve applies a match to the extracted fields.
package vendor
