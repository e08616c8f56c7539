package export

import (
	"mime"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/record"
)

// Columns of records.csv. The first three are the search keys the law
// names (取引年月日, 取引金額, 取引先) in the order a tax official reads
// them; every other field follows, so nothing of the record is left out.
var Columns = []string{
	"取引年月日", "取引金額", "取引先",
	"doc_id", "version", "status", "deleted", "deleted_at", "deletion_reason",
	"document_type", "issuer_name", "issuer_address", "registration_number", "recipient",
	"issue_date", "transaction_date", "due_date", "invoice_number", "currency",
	"total", "subtotal", "withholding_tax", "tax_lines", "line_items", "voucher_number",
	"class", "origin", "received_on", "input_at", "retain_until",
	"original_sha256", "original_name", "original_size", "media_type", "received_at",
	"version_created_at", "version_actor", "version_reason", "findings", "original_file",
}

func val(f *record.Field) string {
	if f == nil {
		return ""
	}
	return f.Value
}

// transactionDate is 取引年月日: the transaction date, else the issue date
// (a receipt's date is its transaction's).
func transactionDate(f *record.Fields) string {
	if d := val(f.TransactionDate); d != "" {
		return d
	}
	return val(f.IssueDate)
}

func timeCol(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// row is one document's line of records.csv.
func row(v *record.Version, d *docstore.Deletion, file string) []string {
	f := &v.Fields
	var taxes []string
	if f.TaxLines != nil {
		for _, t := range f.TaxLines.Value {
			taxes = append(taxes, t.Rate+"%:"+t.Base+":"+t.Tax)
		}
	}
	// Items as a reader writes them: "コピー用紙 A4 10×5000=50000 10%";
	// a part the line does not print is left out.
	var items []string
	for _, it := range f.LineItems {
		s := it.Description
		if it.Quantity != "" || it.UnitPrice != "" {
			s += " " + it.Quantity + it.Unit + "×" + it.UnitPrice
		}
		s += "=" + it.Amount
		if it.Rate != "" {
			s += " " + it.Rate + "%"
		}
		items = append(items, s)
	}
	var findings []string
	for _, x := range v.Findings {
		findings = append(findings, x.Code)
	}
	deleted, deletedAt, deletionReason := "false", "", ""
	if d != nil {
		deleted, deletedAt, deletionReason = "true", timeCol(d.DeletedAt), d.Reason
	}
	a := v.Archival
	if a == nil {
		a = &record.Archival{}
	}
	return []string{
		transactionDate(f), val(f.Total), val(f.IssuerName),
		v.DocID, strconv.Itoa(v.Version), v.Status, deleted, deletedAt, deletionReason,
		val(f.DocumentType), val(f.IssuerName), val(f.IssuerAddress), val(f.RegistrationNumber), val(f.Recipient),
		val(f.IssueDate), val(f.TransactionDate), val(f.DueDate), val(f.InvoiceNumber), val(f.Currency),
		val(f.Total), val(f.Subtotal), val(f.WithholdingTax), strings.Join(taxes, ";"), strings.Join(items, ";"), val(f.VoucherNumber),
		a.Class, a.Origin, a.ReceivedOn, timeCol(a.InputAt), timeCol(a.RetainUntil),
		v.Original.SHA256, v.Original.Name, strconv.FormatInt(v.Original.Size, 10), v.Original.MediaType, timeCol(v.Original.ReceivedAt),
		timeCol(v.CreatedAt), v.Actor.Name, v.Reason, strings.Join(findings, ";"), file,
	}
}

// OriginalName is the name of a document's original in the export:
// <date>_<counterparty>_<amount>_<id>.<ext>, the naming the NTA suggests
// for simple compliance, so the files sort by date and are findable by
// counterparty and amount without the CSV. Missing parts are "unknown";
// the id keeps names unique.
func OriginalName(id string, v *record.Version, o record.Original) string {
	date, party, amount := "unknown", "unknown", "unknown"
	if v != nil {
		if d := transactionDate(&v.Fields); d != "" {
			date = strings.ReplaceAll(d, "-", "")
		}
		if p := safe(val(v.Fields.IssuerName), 40); p != "" {
			party = p
		}
		if a := safe(val(v.Fields.Total), 20); a != "" {
			amount = a
		}
	}
	return "originals/" + date + "_" + party + "_" + amount + "_" + id + ext(o)
}

// safe keeps a name part usable on every file system: no separators,
// reserved or control characters, no underscores (they separate parts).
func safe(s string, maxRunes int) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsControl(r), strings.ContainsRune(`/\:*?"<>|_`, r):
			continue
		case unicode.IsSpace(r):
			r = '-'
		}
		if n == maxRunes {
			break
		}
		b.WriteRune(r)
		n++
	}
	return strings.Trim(b.String(), ".- ")
}

func ext(o record.Original) string {
	if e := strings.ToLower(path.Ext(o.Name)); e != "" && len(e) <= 6 && safe(e[1:], 5) == e[1:] {
		return e
	}
	if o.MediaType != "" {
		if es, _ := mime.ExtensionsByType(o.MediaType); len(es) > 0 {
			return es[len(es)-1]
		}
	}
	return ".bin"
}
