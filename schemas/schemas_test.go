package schemas_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/schemas"
	"github.com/shohyo/shohyo/schemas/schematest"
)

func sampleVersion() record.Version {
	box := layout.BBox{10, 20, 300, 48}
	return record.Version{
		DocID: "0123456789abcdef01234567", Version: 1,
		CreatedAt: time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC),
		Actor:     record.Actor{Kind: record.ActorMachine, Name: "shohyo dev"},
		Original: record.Original{SHA256: strings.Repeat("a", 64), Size: 1234, Name: "scan.jpg",
			MediaType: "image/jpeg", ReceivedAt: time.Date(2024, 4, 1, 8, 59, 0, 0, time.UTC)},
		Status:   record.StatusNeedsReview,
		Findings: []record.Finding{{Code: "registration_number_missing", Field: "registration_number", Message: "no registration number"}},
		Fields: record.Fields{
			IssuerName: &record.Field{Value: "株式会社青葉商事", Confidence: 0.91, Page: 1, BBox: &box, Source: "株式会社青葉商事"},
			IssueDate:  &record.Field{Value: "2024-03-31", Confidence: 0.95, Page: 1},
			Total:      &record.Field{Value: "11000", Confidence: 0.9, Page: 1},
			Currency:   &record.Field{Value: "JPY", Confidence: 0.8},
			TaxLines:   &record.TaxLines{Value: []record.TaxLine{{Rate: "10", Base: "10000", Tax: "1000"}}, Confidence: 0.8},
			LineItems: []record.LineItem{{Description: "コピー用紙 A4", Quantity: "2", Unit: "箱", UnitPrice: "5000", Amount: "10000",
				Rate: "10", Confidence: 0.85, Page: 1, BBox: &box, Source: "コピー用紙 A4 2 箱 5,000 10,000"}},
		},
		OCR: &record.OCRSummary{Pages: 1, MeanConfidence: 0.87, Engine: "tesseract 5.3.0"},
	}
}

func TestRecordVersionSchema(t *testing.T) {
	s := schematest.Compile(t, "record-version.schema.json")
	v := sampleVersion()
	if err := schematest.Validate(t, s, v); err != nil {
		t.Fatalf("a valid version is rejected: %v", err)
	}
	bad := map[string]func(v *record.Version){
		"v2 without previous":    func(v *record.Version) { v.Version = 2 },
		"person without reason":  func(v *record.Version) { v.Actor.Kind = record.ActorPerson },
		"date not ISO":           func(v *record.Version) { v.Fields.IssueDate.Value = "31/03/2024" },
		"amount with comma":      func(v *record.Version) { v.Fields.Total.Value = "11,000" },
		"bad status":             func(v *record.Version) { v.Status = "done" },
		"confidence above one":   func(v *record.Version) { v.Fields.Total.Confidence = 1.5 },
		"item amount with comma": func(v *record.Version) { v.Fields.LineItems[0].Amount = "10,000" },
		"item rate with percent": func(v *record.Version) { v.Fields.LineItems[0].Rate = "10%" },
	}
	for name, mutate := range bad {
		v := sampleVersion()
		mutate(&v)
		if err := schematest.Validate(t, s, v); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestIndexMappingIsJSON(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal(schemas.MustFile("index-mapping.json"), &m); err != nil {
		t.Fatal(err)
	}
}
