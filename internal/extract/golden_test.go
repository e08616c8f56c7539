package extract_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/extract"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// golden is the expectation for one layout document in testdata/extract:
// NAME.layout.json is the input, NAME.want.json this.
type golden struct {
	About string `json:"about"`
	// Fields maps a field's JSON name to its value; null means the field
	// must not be found. Fields not listed are not checked.
	Fields   map[string]*string `json:"fields"`
	TaxLines []record.TaxLine   `json:"tax_lines"`
	// LineItems are the items' values (description, quantity, unit, unit
	// price, amount, rate); absent means not checked, [] means none.
	LineItems []record.LineItem `json:"line_items"`
	// Findings are the codes Validate must return, in any order.
	Findings []string `json:"findings"`
}

var goldenNow = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func TestGolden(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "extract")
	inputs, err := filepath.Glob(filepath.Join(dir, "*.layout.json"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs in %s: %v", dir, err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".layout.json")
		t.Run(name, func(t *testing.T) {
			var doc layout.Document
			readJSON(t, in, &doc)
			var want golden
			readJSON(t, filepath.Join(dir, name+".want.json"), &want)

			got := extract.Extract(&doc, extract.Options{Now: goldenNow})
			fields := fieldMap(t, got)
			for key, w := range want.Fields {
				f, found := fields[key]
				switch {
				case w == nil && found:
					t.Errorf("%s = %q, want not found", key, f.Value)
				case w != nil && !found:
					t.Errorf("%s not found, want %q", key, *w)
				case w != nil && f.Value != *w:
					t.Errorf("%s = %q, want %q", key, f.Value, *w)
				}
			}
			for key, f := range fields {
				checkProvenance(t, key, f)
			}
			if want.TaxLines != nil {
				var gotLines []record.TaxLine
				if got.TaxLines != nil {
					gotLines = got.TaxLines.Value
				}
				if !reflect.DeepEqual(gotLines, want.TaxLines) {
					t.Errorf("tax_lines = %+v, want %+v", gotLines, want.TaxLines)
				}
			}
			if want.LineItems != nil {
				var gotItems []record.LineItem
				for _, it := range got.LineItems {
					checkProvenance(t, "line_items "+it.Description, record.Field{Value: it.Amount, Confidence: it.Confidence,
						Page: it.Page, BBox: it.BBox, Source: it.Source})
					it.Confidence, it.Page, it.BBox, it.Source = 0, 0, nil, ""
					gotItems = append(gotItems, it)
				}
				if len(gotItems) == 0 {
					gotItems = []record.LineItem{}
				}
				if !reflect.DeepEqual(gotItems, want.LineItems) {
					t.Errorf("line_items = %+v, want %+v", gotItems, want.LineItems)
				}
			}
			var codes []string
			for _, f := range extract.Validate(got, extract.ValidateOptions{Now: goldenNow}) {
				codes = append(codes, f.Code)
			}
			sort.Strings(codes)
			sort.Strings(want.Findings)
			if strings.Join(codes, ",") != strings.Join(want.Findings, ",") {
				t.Errorf("findings = %v, want %v", codes, want.Findings)
			}
		})
	}
}

// checkProvenance: every found field says how sure it is and, unless it
// is a default, where it was read.
func checkProvenance(t *testing.T, key string, f record.Field) {
	t.Helper()
	if f.Confidence <= 0 || f.Confidence > 1 {
		t.Errorf("%s confidence %v outside (0,1]", key, f.Confidence)
	}
	if f.Source == "" {
		return // a default, such as JPY for Japanese text
	}
	if f.Page != 1 || f.BBox == nil || f.BBox[2] <= f.BBox[0] || f.BBox[3] <= f.BBox[1] {
		t.Errorf("%s read from %q has page %d, bbox %v", key, f.Source, f.Page, f.BBox)
	}
}

// fieldMap returns the found single-value fields by JSON name.
func fieldMap(t *testing.T, f record.Fields) map[string]record.Field {
	t.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]record.Field{}
	for k, v := range raw {
		if k == "tax_lines" || k == "line_items" {
			continue
		}
		var fld record.Field
		if err := json.Unmarshal(v, &fld); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		out[k] = fld
	}
	return out
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
