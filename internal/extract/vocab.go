package extract

// Role is what a label announces about the value next to it.
type Role int

// Label roles.
const (
	RoleNone            Role = iota
	RoleTotal                // the amount payable
	RoleSubtotal             // before tax or before rounding
	RoleTax                  // a tax amount (GST, 消費税)
	RoleTaxBase              // the taxable base of one rate (10%対象)
	RoleCash                 // money tendered: never the total
	RoleChange               // change given: never the total
	RoleRounding             // a rounding adjustment
	RoleDiscount             // a discount
	RoleQuantity             // a count of items, not money
	RoleIssueDate            // the date the document was issued
	RoleTransactionDate      // the date of the sale or delivery
	RoleDueDate              // payment deadline
	RoleInvoiceNumber        // the document's own number
	RoleRegistration         // invoice registration number (登録番号)
	RoleContact              // phone, fax, mail, tax id: ends an address
	RoleCompanyID            // company registration number: inside the issuer block
	RoleRecipient            // announces the customer (BILL TO)
	RoleWithholding          // withholding tax (源泉徴収税額)
	RoleAddress              // announces an address (ADDRESS:, 住所)
)

// Label is a word or phrase with the role it announces. Weight says how
// sure the label makes the reading: "GRAND TOTAL" is surer than "TOTAL".
type Label struct {
	Text   string
	Role   Role
	Weight float64
	// Exact forbids the one-letter OCR tolerance, for words that differ
	// from another label by one letter (CHANGE, CHARGE).
	Exact bool
}

// Column is a column of an item table.
type Column int

// Item table columns.
const (
	ColNone        Column = iota
	ColDescription        // 品名, DESCRIPTION
	ColQuantity           // 数量, QTY
	ColUnit               // 単位, UOM
	ColUnitPrice          // 単価, PRICE
	ColAmount             // 金額, AMOUNT
	ColRate               // 税率
)

// ItemHeading is a column heading of an item table.
type ItemHeading struct {
	Text   string
	Column Column
}

// DocType maps a printed document title to a normal document type. An
// empty Type marks a phrase that holds a title but is none ("適格請求書発行事業者").
type DocType struct {
	Text string
	Type string // invoice, simplified_invoice, receipt, delivery_note, quotation, purchase_order, credit_note, payment_notice, purchase_statement
}

// Vocabulary is the words of one language. Matching is structural; only
// these tables differ between languages. Phrases written in Japanese are
// matched with spaces ignored, because OCR engines space Japanese freely;
// Latin phrases are matched word by word, case-insensitively.
type Vocabulary struct {
	Lang     string
	Labels   []Label
	DocTypes []DocType
	// TypeHints are phrases of the body that only one type of document
	// prints ("下記の通りご請求申し上げます", お釣り): they decide the type
	// when no title could be read.
	TypeHints []DocType
	// LegalForms make a line look like a company's legal name (SDN BHD,
	// 株式会社); CompanyMarkers, weaker, like a business name (RESTAURANT).
	LegalForms     []string
	CompanyMarkers []string
	// RecipientSuffixes follow the recipient's name (御中, 様).
	RecipientSuffixes []string
	// Departments end a department's name after the recipient company's
	// (経理部, 総務課): the recipient is the company.
	Departments []string
	// NoRecipient are names that mean "no recipient given" (上様).
	NoRecipient []string
	// NotNames are header lines that are never the issuer's name.
	NotNames []string
	// AddressMarkers make a line look like part of an address.
	AddressMarkers []string
	// NumberMarks, alone before an identifier on a row of their own
	// ("No. 20251130-471"), announce the document's number when no label
	// names it.
	NumberMarks []string
	// TaxRates are the rates (percent) of the language's tax system, for
	// checking and repairing yen arithmetic (10 and 8 in Japan).
	TaxRates []int
	// Exclusive and Inclusive are the qualifiers written in parentheses
	// after a total label, "TOTAL SALES (EXCLUDING GST)", "合計(税込)": an
	// exclusive total is a subtotal, an inclusive one the amount payable.
	Exclusive, Inclusive []string
	// ItemHeadings head the columns of an item table (品名 数量 単価 金額).
	ItemHeadings []ItemHeading
	// ReducedMarks flag an item taxed at a reduced rate (※, 軽); a legend
	// on the document holding the mark and one of ReducedLegend ("※は軽減
	// 税率(8%)対象商品です") says which rate.
	ReducedMarks, ReducedLegend []string
}

// DefaultVocabularies are used when Options.Vocabularies is empty.
func DefaultVocabularies() []*Vocabulary { return []*Vocabulary{English, Japanese} }

// English is the vocabulary of English receipts and invoices, including
// the Malaysian and Singaporean forms (GST, SST, NETT, ROUNDING ADJ).
var English = &Vocabulary{
	Lang: "en",
	Labels: []Label{
		{"GRAND TOTAL", RoleTotal, 1, false},
		{"ROUNDED TOTAL", RoleTotal, 1, false},
		{"TOTAL ROUNDED", RoleTotal, 1, false},
		{"TOTAL AMT ROUNDED", RoleTotal, 1, false},
		{"TOTAL AMOUNT ROUNDED", RoleTotal, 1, false},
		{"TOTAL AFTER ROUNDING", RoleTotal, 1, false},
		{"TOTAL AFTER ADJ", RoleTotal, 1, false},
		{"FINAL TOTAL", RoleTotal, 1, false},
		{"NETT TOTAL", RoleTotal, 1, false},
		{"NET TOTAL", RoleTotal, 1, false},
		{"TOTAL PAYABLE", RoleTotal, 1, false},
		{"AMOUNT PAYABLE", RoleTotal, 1, false},
		{"PAYABLE", RoleTotal, 0.9, false},
		{"AMOUNT DUE", RoleTotal, 0.95, false},
		{"TOTAL DUE", RoleTotal, 0.95, false},
		{"BALANCE DUE", RoleTotal, 0.9, false},
		{"TOTAL INCL", RoleTotal, 0.95, false},
		{"TOTAL INCLUSIVE", RoleTotal, 0.95, false},
		{"TOTAL AMOUNT", RoleTotal, 0.9, false},
		{"TOTAL AMT", RoleTotal, 0.9, false},
		{"TOTAL SALES", RoleTotal, 0.85, false},
		{"TOTAL", RoleTotal, 0.8, false},
		{"NETT", RoleTotal, 0.75, false},
		{"SUBTOTAL", RoleSubtotal, 1, false},
		{"SUB TOTAL", RoleSubtotal, 1, false},
		{"TOTAL EXCL", RoleSubtotal, 0.9, false},
		{"TOTAL EXCLUSIVE", RoleSubtotal, 0.9, false},
		{"TOTAL EXCLUDING", RoleSubtotal, 0.9, false},
		{"TOTAL BEFORE", RoleSubtotal, 0.9, false},
		{"GST", RoleTax, 0.8, true},
		{"SST", RoleTax, 0.8, true},
		{"VAT", RoleTax, 0.8, true},
		{"TAX", RoleTax, 0.7, true},
		{"TOTAL GST", RoleTax, 0.9, false},
		{"TOTAL TAX", RoleTax, 0.9, false},
		{"SERVICE TAX", RoleTax, 0.9, false},
		{"SERVICE CHARGE", RoleTax, 0.5, false},
		{"TAX AMOUNT", RoleTax, 0.9, false},
		{"INCLUDED IN TOTAL", RoleTax, 0.8, false},
		{"SR", RoleTax, 0.5, true}, // standard-rated tax code in GST summaries
		{"ZR", RoleTax, 0.5, true}, // zero-rated
		{"INCLUDED", RoleTax, 0.6, false},
		{"CASH", RoleCash, 1, true},
		{"TENDER", RoleCash, 1, false},
		{"TENDERED", RoleCash, 1, false},
		{"CASH RECEIVED", RoleCash, 1, false},
		{"PAYMENT", RoleCash, 0.9, false},
		{"PAID", RoleCash, 0.8, true},
		{"VISA", RoleCash, 0.8, true},
		{"MASTERCARD", RoleCash, 0.8, false},
		{"CREDIT CARD", RoleCash, 0.8, false},
		{"CARD", RoleCash, 0.6, true},
		{"CHANGE", RoleChange, 1, true},
		{"CHANGE DUE", RoleChange, 1, true},
		{"BALANCE", RoleChange, 0.6, false},
		{"ROUNDING", RoleRounding, 1, false},
		{"ROUNDING ADJ", RoleRounding, 1, false},
		{"ROUNDING ADJUSTMENT", RoleRounding, 1, false},
		{"ROUND ADJ", RoleRounding, 1, false},
		{"ADJUSTMENT", RoleRounding, 0.8, false},
		{"DISCOUNT", RoleDiscount, 1, false},
		{"DISC", RoleDiscount, 0.8, true},
		{"QTY", RoleQuantity, 1, true},
		{"TOTAL QTY", RoleQuantity, 1, false},
		{"TOTAL QUANTITY", RoleQuantity, 1, false},
		{"TOTAL ITEM", RoleQuantity, 1, false},
		{"TOTAL ITEMS", RoleQuantity, 1, false},
		{"ITEMS", RoleQuantity, 0.8, false},
		{"ITEM", RoleQuantity, 0.6, true},
		{"NO OF ITEMS", RoleQuantity, 1, false},
		{"POINTS", RoleQuantity, 0.8, false},
		{"DATE", RoleIssueDate, 0.9, true},
		{"INVOICE DATE", RoleIssueDate, 1, false},
		{"DATE ISSUED", RoleIssueDate, 1, false},
		{"ISSUE DATE", RoleIssueDate, 1, false},
		{"RECEIPT DATE", RoleIssueDate, 1, false},
		{"BILL DATE", RoleIssueDate, 1, false},
		{"DOC DATE", RoleIssueDate, 1, false},
		{"TRANS DATE", RoleTransactionDate, 1, false},
		{"TRANSACTION DATE", RoleTransactionDate, 1, false},
		{"DELIVERY DATE", RoleTransactionDate, 1, false},
		{"DUE DATE", RoleDueDate, 1, false},
		{"PAYMENT DUE", RoleDueDate, 1, false},
		{"PAY BY", RoleDueDate, 0.9, false},
		{"INVOICE NO", RoleInvoiceNumber, 1, false},
		{"INVOICE NUMBER", RoleInvoiceNumber, 1, false},
		{"INVOICE", RoleInvoiceNumber, 0.6, false},
		{"INV NO", RoleInvoiceNumber, 1, false},
		{"RECEIPT NO", RoleInvoiceNumber, 1, false},
		{"RECEIPT", RoleInvoiceNumber, 0.5, false},
		{"BILL NO", RoleInvoiceNumber, 1, false},
		{"DOC NO", RoleInvoiceNumber, 0.9, false},
		{"DOCUMENT NO", RoleInvoiceNumber, 0.9, false},
		{"CASH BILL", RoleInvoiceNumber, 0.6, false},
		{"REGISTRATION NO", RoleRegistration, 0.8, false},
		{"TEL", RoleContact, 1, true},
		{"PHONE", RoleContact, 1, false},
		{"TELEPHONE", RoleContact, 1, false},
		{"MOBILE", RoleContact, 1, false},
		{"FAX", RoleContact, 1, true},
		{"HP", RoleContact, 0.8, true},
		{"EMAIL", RoleContact, 1, false},
		{"E MAIL", RoleContact, 1, false},
		{"WEBSITE", RoleContact, 1, false},
		{"WWW", RoleContact, 1, true},
		{"GST ID", RoleContact, 1, false},
		{"GST REG", RoleContact, 1, false},
		{"GST NO", RoleContact, 1, false},
		{"SST ID", RoleContact, 1, false},
		{"SST REG", RoleContact, 1, false},
		{"SST NO", RoleContact, 1, false},
		{"TAX ID", RoleContact, 1, false},
		{"VAT NO", RoleContact, 1, false},
		{"CO REG", RoleCompanyID, 1, false},
		{"COMPANY REG", RoleCompanyID, 1, false},
		{"COMPANY NO", RoleCompanyID, 1, false},
		{"CO NO", RoleCompanyID, 1, false},
		{"REG NO", RoleCompanyID, 0.9, false},
		{"ROC NO", RoleCompanyID, 1, false},
		{"BUSINESS REG", RoleCompanyID, 1, false},
		{"ADDRESS", RoleAddress, 1, false},
		{"ADD", RoleAddress, 0.8, true},
		{"BILL TO", RoleRecipient, 1, false},
		{"SOLD TO", RoleRecipient, 1, false},
		{"INVOICE TO", RoleRecipient, 1, false},
		{"CUSTOMER", RoleRecipient, 0.7, false},
		{"CUSTOMER NAME", RoleRecipient, 1, false},
		{"ATTN", RoleRecipient, 0.8, true},
	},
	DocTypes: []DocType{
		{"TAX INVOICE", "invoice"},
		{"SIMPLIFIED TAX INVOICE", "simplified_invoice"},
		{"INVOICE", "invoice"},
		{"CREDIT NOTE", "credit_note"},
		{"DEBIT NOTE", "invoice"},
		{"RECEIPT", "receipt"},
		{"OFFICIAL RECEIPT", "receipt"},
		{"CASH RECEIPT", "receipt"},
		{"CASH BILL", "receipt"},
		{"CASH SALES", "receipt"},
		{"BILL", "receipt"},
		{"DELIVERY ORDER", "delivery_note"},
		{"DELIVERY NOTE", "delivery_note"},
		{"QUOTATION", "quotation"},
		{"PURCHASE ORDER", "purchase_order"},
	},
	LegalForms: []string{"SDN BHD", "SDN", "BHD", "S/B", "BERHAD", "PLT", "LTD", "LIMITED", "LLC", "INC",
		"CORP", "CORPORATION", "GMBH", "PTE", "CO"},
	CompanyMarkers: []string{"ENTERPRISE", "ENTERPRISES", "TRADING", "HARDWARE", "RESTAURANT", "RESTORAN",
		"CAFE", "BAKERY", "STORE", "STORES", "MART", "MARKET", "SUPERMARKET", "SHOP", "STATIONERY",
		"PHARMACY", "SERVICES", "INDUSTRIES", "COMPANY", "PERNIAGAAN", "SYARIKAT", "KEDAI", "HOLDINGS",
		"INTERNATIONAL", "MARKETING", "AGENCY", "GROUP"},
	Exclusive: []string{"EXCL", "EXCLUDING", "EXCLUSIVE", "BEFORE", "W/O", "WITHOUT", "NET OF"},
	Inclusive: []string{"INCL", "INCLUDING", "INCLUSIVE", "INC", "WITH"},
	ItemHeadings: []ItemHeading{
		{"DESCRIPTION", ColDescription}, {"DESC", ColDescription}, {"ITEM", ColDescription},
		{"ITEMS", ColDescription}, {"PARTICULARS", ColDescription}, {"PRODUCT", ColDescription},
		{"QTY", ColQuantity}, {"QUANTITY", ColQuantity},
		{"UOM", ColUnit}, {"UNIT", ColUnit},
		{"PRICE", ColUnitPrice}, {"UNIT PRICE", ColUnitPrice}, {"U PRICE", ColUnitPrice},
		{"AMOUNT", ColAmount}, {"AMT", ColAmount}, {"TOTAL", ColAmount},
	},
	ReducedMarks:  []string{"*"},
	ReducedLegend: []string{"REDUCED RATE", "REDUCED"},
	NotNames: []string{"TAX INVOICE", "INVOICE", "RECEIPT", "WELCOME", "THANK YOU", "CASH BILL",
		"SIMPLIFIED", "OFFICIAL RECEIPT", "COPY", "DUPLICATE", "CUSTOMER COPY", "MERCHANT COPY", "ORIGINAL"},
	NumberMarks: []string{"NO", "№"},
	AddressMarkers: []string{"JALAN", "JLN", "TAMAN", "LOT", "NO", "LORONG", "BANDAR", "KAWASAN",
		"PERSIARAN", "LEBUH", "STREET", "ST", "ROAD", "RD", "AVENUE", "AVE", "FLOOR", "BLOCK", "BLK",
		"SUITE", "UNIT", "LEVEL", "BUILDING", "PLAZA", "MALL", "CENTRE", "CENTER", "SELANGOR", "JOHOR",
		"KUALA LUMPUR", "MALAYSIA", "SINGAPORE", "PAHANG", "PERAK", "PENANG", "MELAKA", "KEDAH",
		"SABAH", "SARAWAK", "NEGERI SEMBILAN", "KELANTAN", "TERENGGANU", "PERLIS", "PUTRAJAYA"},
}
