package extract_test

import (
	"encoding/json"
	"fmt"
	"os"
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
