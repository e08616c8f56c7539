package synth

import (
	"strconv"
	"strings"

	"github.com/shohyo/shohyo/internal/record"
	"golang.org/x/text/unicode/norm"
)

// Keys under which the renderers record where a truth field was drawn.
const (
	fDocType         = "document_type"
	fIssuerName      = "issuer_name"
	fIssuerAddress   = "issuer_address"
	fRegistration    = "registration_number"
	fRecipient       = "recipient"
	fIssueDate       = "issue_date"
	fTransactionDate = "transaction_date"
	fDueDate         = "due_date"
	fInvoiceNumber   = "invoice_number"
	fTotal           = "total"
	fSubtotal        = "subtotal"
	fTaxLines        = "tax_lines"
)

// itemKey is the key under which item i of the item list is marked.
func itemKey(i int) string { return "line_items." + strconv.Itoa(i) }

// truth builds the record of what d prints. drawn says where each field
// was drawn (in final image pixels) and as what text; Source and BBox come
// from there, so they are exactly what is on the image.
func truth(d *document, drawn map[string]*drawnField) record.Fields {
	field := func(key, value string) *record.Field {
		f := &record.Field{Value: value, Confidence: 1, Page: 1}
		if df, ok := drawn[key]; ok {
			b := df.BBox
			f.BBox, f.Source = &b, strings.Join(df.Texts, "\n")
		}
		return f
	}
	nfkc := norm.NFKC.String
	fs := record.Fields{
		DocumentType:       field(fDocType, d.Kind),
		IssuerName:         field(fIssuerName, nfkc(d.Issuer.Name)),
		IssuerAddress:      field(fIssuerAddress, nfkc(d.Issuer.address())),
		RegistrationNumber: field(fRegistration, "T"+d.RegNo),
		IssueDate:          field(fIssueDate, isoDate(d.Issue)),
		Currency:           &record.Field{Value: "JPY", Confidence: 1, Page: 1},
		Total:              field(fTotal, amount(d.Total)),
		Subtotal:           field(fSubtotal, amount(d.Subtotal)),
	}
	if d.Recipient != "" {
		fs.Recipient = field(fRecipient, nfkc(d.Recipient))
	}
	switch {
	case d.Kind == KindReceipt: // the sale is the transaction
		fs.TransactionDate = field(fIssueDate, isoDate(d.Issue))
	case !d.Delivery.IsZero():
		fs.TransactionDate = field(fTransactionDate, isoDate(d.Delivery))
	}
	if !d.Due.IsZero() {
		fs.DueDate = field(fDueDate, isoDate(d.Due))
	}
	if d.Kind == KindInvoice {
		fs.InvoiceNumber = field(fInvoiceNumber, nfkc(d.Number))
	}
	tl := &record.TaxLines{Confidence: 1, Page: 1}
	for _, t := range d.Taxes {
		tl.Value = append(tl.Value, record.TaxLine{Rate: strconv.Itoa(t.Rate), Base: amount(t.Base), Tax: amount(t.Tax)})
	}
	if df, ok := drawn[fTaxLines]; ok {
		b := df.BBox
		tl.BBox, tl.Source = &b, strings.Join(df.Texts, "\n")
	}
	fs.TaxLines = tl
	for i, it := range d.Items {
		li := record.LineItem{
			Description: nfkc(it.Desc), Quantity: amount(it.Qty), Unit: nfkc(it.Unit),
			UnitPrice: amount(it.Price), Amount: amount(it.amount()), Rate: strconv.Itoa(it.rate()),
			Confidence: 1, Page: 1,
		}
		if df, ok := drawn[itemKey(i)]; ok {
			b := df.BBox
			li.BBox, li.Source = &b, strings.Join(df.Texts, "\n")
		}
		fs.LineItems = append(fs.LineItems, li)
	}
	return fs
}

func amount(n int64) string { return strconv.FormatInt(n, 10) }
