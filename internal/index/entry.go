package index

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Entry is the indexed form of one document. Dates are zero and amounts
// nil when unknown.
type Entry struct {
	DocID      string `json:"doc_id"`
	IssuerName string `json:"issuer_name,omitempty"`
	// IssuerExact is the folded, lowercased issuer name: the exact form
	// that counterparty facets count and counterparty_exact matches. The
	// index derives it from IssuerName; on hits it is filled in.
	IssuerExact        string    `json:"issuer_exact,omitempty"`
	Recipient          string    `json:"recipient,omitempty"`
	RegistrationNumber string    `json:"registration_number,omitempty"`
	InvoiceNumber      string    `json:"invoice_number,omitempty"`
	VoucherNumber      string    `json:"voucher_number,omitempty"`
	DocumentType       string    `json:"document_type,omitempty"`
	Class              string    `json:"class,omitempty"`  // 重要/一般/過去分: important, general, past
	Origin             string    `json:"origin,omitempty"` // scan or electronic
	Currency           string    `json:"currency,omitempty"`
	Tags               []string  `json:"tags,omitempty"`
	Status             string    `json:"status"`
	Deleted            bool      `json:"deleted,omitempty"` // a deletion marker is stored; hidden unless asked for
	Reason             string    `json:"reason,omitempty"`
	FileName           string    `json:"file_name,omitempty"`
	IssueDate          time.Time `json:"issue_date,omitzero"`
	TransactionDate    time.Time `json:"transaction_date,omitzero"`
	DueDate            time.Time `json:"due_date,omitzero"`
	ReceivedAt         time.Time `json:"received_at,omitzero"`
	Total              *float64  `json:"total,omitempty"`
	TotalText          string    `json:"total_text,omitempty"`
	Subtotal           *float64  `json:"subtotal,omitempty"`
	Tax                *float64  `json:"tax,omitempty"` // consumption tax, all rates together
	Version            int       `json:"version"`
	Arrivals           int       `json:"arrivals"`
	Text               string    `json:"text,omitempty"`
}

// Fingerprint is what tells whether an indexed entry is the current state
// of its document: storage can say all of it from a key listing.
type Fingerprint struct {
	DocID    string
	Version  int
	Status   string // "" when only the record version knows it
	Arrivals int
	Deleted  bool
}

// Fingerprint of e.
func (e *Entry) Fingerprint() Fingerprint {
	return Fingerprint{DocID: e.DocID, Version: e.Version, Status: e.Status, Arrivals: e.Arrivals, Deleted: e.Deleted}
}

// document is what bleve indexes for e: a map, so absent values are
// absent rather than zero (a zero date would sort and range as year 1).
// Dates are indexed as YYYY-MM-DD keywords, which sort and range in date
// order: one term per date instead of the 16 prefix-coded terms of a
// bleve datetime field, which cost half of all indexing time for the
// four dates (docs/benchmarks.md).
// The entry itself, without its text, is stored whole in "entry" and is
// what hits are read back from; the text is indexed, not stored
// (highlight.go).
func document(e Entry) (map[string]any, error) {
	text := Fold(e.Text)
	e.Text, e.IssuerExact = "", ""
	blob, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("index: encode %s: %w", e.DocID, err)
	}
	d := map[string]any{
		"entry":   string(blob),
		"status":  e.Status,
		"deleted": e.Deleted,
	}
	str := func(k, v string) {
		if v != "" {
			d[k] = v
		}
	}
	str("issuer_name", e.IssuerName)
	str("recipient", e.Recipient)
	str("document_type", e.DocumentType)
	str("class", e.Class)
	str("origin", e.Origin)
	str("currency", e.Currency)
	str("text", text)
	if len(e.Tags) > 0 {
		d["tags"] = e.Tags
	}
	if ns := numbers(&e); len(ns) > 0 {
		d[numbersField] = strings.Join(ns, " ")
	}
	date := func(k string, t time.Time) {
		if !t.IsZero() {
			d[k] = civilDate(t)
		}
	}
	date("issue_date", e.IssueDate)
	date("transaction_date", e.TransactionDate)
	date("due_date", e.DueDate)
	date("received_at", e.ReceivedAt.In(jst)) // an instant: its day in Japan
	if !e.IssueDate.IsZero() {
		d["issue_month"] = e.IssueDate.Format("2006-01")
	}
	num := func(k string, n *float64) {
		if n != nil {
			addAmount(d, k, *n)
		}
	}
	num("total", e.Total)
	num("subtotal", e.Subtotal)
	num("tax", e.Tax)
	return d, nil
}

// The registration, invoice and voucher numbers are one field, each
// marked with its kind and folded (numberTerm), as one value of up to
// three words: bleve's work per field and per field value is what
// indexing a few terms costs.
const (
	numbersField       = "numbers"
	numberRegistration = "reg:"
	numberInvoice      = "invoice:"
	numberVoucher      = "voucher:"
)

func numbers(e *Entry) []string {
	var ns []string
	for kind, v := range map[string]string{numberRegistration: e.RegistrationNumber, numberInvoice: e.InvoiceNumber, numberVoucher: e.VoucherNumber} {
		if v != "" {
			ns = append(ns, numberTerm(kind, v))
		}
	}
	return ns
}

// numberTerm is the indexed form of number v of a kind: folded without
// spaces and hyphens (foldIdent), lowercased.
func numberTerm(kind, v string) string {
	return kind + strings.ToLower(foldIdent(v))
}

// entryFromStored reads a hit's entry back from its stored blob.
func entryFromStored(id string, fields map[string]any) (Entry, error) {
	var e Entry
	blob, _ := fields["entry"].(string)
	if blob == "" {
		return Entry{DocID: id}, fmt.Errorf("index: %s has no stored entry", id)
	}
	if err := json.Unmarshal([]byte(blob), &e); err != nil {
		return Entry{DocID: id}, fmt.Errorf("index: decode %s: %w", id, err)
	}
	e.IssuerExact = ExactName(e.IssuerName)
	return e, nil
}

// ExactName is the form a name has in the exact-match fields and in
// counterparty facets: folded and lowercased.
func ExactName(s string) string {
	return strings.ToLower(Fold(s))
}

// civilDate is the calendar date of t as the index holds dates. Dates read
// off documents are kept as UTC midnight, so their own Y-M-D is the date.
func civilDate(t time.Time) string { return t.Format(time.DateOnly) }
