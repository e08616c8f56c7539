package extract_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/layout"
)

func Example() {
	b, err := os.ReadFile("../../testdata/extract/ja_receipt.layout.json")
	if err != nil {
		panic(err)
	}
	var doc layout.Document
	if err := json.Unmarshal(b, &doc); err != nil {
		panic(err)
	}
	f := extract.Extract(&doc, extract.Options{})
	fmt.Println(f.IssuerName.Value, f.IssueDate.Value, f.Total.Value, f.Currency.Value)

	findings := extract.Validate(f, extract.ValidateOptions{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	fmt.Println("needs review:", extract.NeedsReview(findings))
	// Output:
	// スーパーマルイチ本店 2024-04-01 1080 JPY
	// needs review: false
}

// A language is a table: this German vocabulary, used with English for
// the shared words, reads a Kassenbon without new code.
func ExampleVocabulary() {
	german := &extract.Vocabulary{
		Lang: "de",
		Labels: []extract.Label{
			{Text: "SUMME", Role: extract.RoleTotal, Weight: 0.9},
			{Text: "GESAMT", Role: extract.RoleTotal, Weight: 0.9},
			{Text: "GEGEBEN", Role: extract.RoleCash, Weight: 1},
			{Text: "RÜCKGELD", Role: extract.RoleChange, Weight: 1},
			{Text: "DATUM", Role: extract.RoleIssueDate, Weight: 1},
		},
		DocTypes:   []extract.DocType{{Text: "RECHNUNG", Type: "invoice"}, {Text: "KASSENBON", Type: "receipt"}},
		LegalForms: []string{"GMBH", "AG", "KG"},
	}
	doc := &layout.Document{Pages: []layout.Page{{Number: 1, Lines: []layout.Line{
		line(10, "Bäckerei Schmidt GmbH"),
		line(40, "KASSENBON"),
		line(70, "Datum 03.02.2024"),
		line(100, "SUMME 12,40 €"),
		line(130, "GEGEBEN 20,00 €"),
		line(160, "RÜCKGELD 7,60 €"),
	}}}}
	f := extract.Extract(doc, extract.Options{Vocabularies: []*extract.Vocabulary{german, extract.English}})
	fmt.Println(f.DocumentType.Value, f.IssuerName.Value, f.IssueDate.Value, f.Total.Value, f.Currency.Value)
	// Output:
	// receipt Bäckerei Schmidt GmbH 2024-02-03 12.40 EUR
}

// line lays out text as one OCR line at y, 10 px per character.
func line(y int, text string) layout.Line {
	l := layout.Line{Text: text, Conf: 0.95}
	x := 10
	for _, w := range strings.Fields(text) {
		b := layout.BBox{x, y, x + 10*len([]rune(w)), y + 20}
		l.Words = append(l.Words, layout.Word{Text: w, BBox: b, Conf: 0.95})
		l.BBox = l.BBox.Union(b)
		x = b[2] + 10
	}
	return l
}
