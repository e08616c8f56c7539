package record

import "github.com/shohyo/shohyo/internal/layout"

// Field is one extracted value with where it came from. Values are strings
// in a normal form: dates YYYY-MM-DD, amounts as decimal strings ("1100",
// "9.00"), registration numbers "T" + 13 digits, currencies ISO 4217.
type Field struct {
	Value      string       `json:"value"`
	Confidence float64      `json:"confidence"`
	Page       int          `json:"page,omitempty"`
	BBox       *layout.BBox `json:"bbox,omitempty"`
	Source     string       `json:"source,omitempty"` // the text it was read from
}

// TaxLine is the taxable base and tax of one rate. Rate is a percentage.
type TaxLine struct {
	Rate string `json:"rate"`
	Base string `json:"base,omitempty"`
	Tax  string `json:"tax,omitempty"`
}

// TaxLines is the per-rate breakdown, a field of its own shape.
type TaxLines struct {
	Value      []TaxLine    `json:"value"`
	Confidence float64      `json:"confidence"`
	Page       int          `json:"page,omitempty"`
	BBox       *layout.BBox `json:"bbox,omitempty"`
	Source     string       `json:"source,omitempty"`
}

// LineItem is one line of the document's item table (品名, 数量, 単価,
// 金額), with its own confidence and where it was read. Quantity, unit,
// unit price and rate are empty when the line does not show them (a
// receipt line of one item prints only its amount); a discount line has
// a negative amount. Rate is a percentage, from the line itself or from
// the document's legend for its reduced-rate mark (※ is 8%).
type LineItem struct {
	Description string       `json:"description"`
	Quantity    string       `json:"quantity,omitempty"`
	Unit        string       `json:"unit,omitempty"`
	UnitPrice   string       `json:"unit_price,omitempty"`
	Amount      string       `json:"amount"`
	Rate        string       `json:"rate,omitempty"`
	Confidence  float64      `json:"confidence"`
	Page        int          `json:"page,omitempty"`
	BBox        *layout.BBox `json:"bbox,omitempty"`
	Source      string       `json:"source,omitempty"`
}

// Fields are the values an accountant needs from an invoice or receipt.
// A nil field was not found.
type Fields struct {
	DocumentType       *Field     `json:"document_type,omitempty"`
	IssuerName         *Field     `json:"issuer_name,omitempty"`
	IssuerAddress      *Field     `json:"issuer_address,omitempty"`
	RegistrationNumber *Field     `json:"registration_number,omitempty"`
	Recipient          *Field     `json:"recipient,omitempty"`
	IssueDate          *Field     `json:"issue_date,omitempty"`
	TransactionDate    *Field     `json:"transaction_date,omitempty"`
	DueDate            *Field     `json:"due_date,omitempty"`
	InvoiceNumber      *Field     `json:"invoice_number,omitempty"`
	Currency           *Field     `json:"currency,omitempty"`
	Total              *Field     `json:"total,omitempty"`
	Subtotal           *Field     `json:"subtotal,omitempty"`
	WithholdingTax     *Field     `json:"withholding_tax,omitempty"`
	VoucherNumber      *Field     `json:"voucher_number,omitempty"`
	TaxLines           *TaxLines  `json:"tax_lines,omitempty"`
	LineItems          []LineItem `json:"line_items,omitempty"`
}
