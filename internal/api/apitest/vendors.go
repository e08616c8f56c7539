package apitest

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// Vendors corrects a document through the API and reads what the vendor
// register learned, every answer checked against schemas/openapi.json.
// The scan is the golden invoice of testdata/extract (株式会社サンプル商会,
// T7010705000725), which no other suite corrects to.
func Vendors(t *testing.T, tg *Target) {
	const number = "T7010705000725"
	run := runID()
	tr := &tour{t: t, tg: tg, spec: loadSpec(t)}
	viewer, clerk := tg.Token(t, "mi-"+run, auth.Viewer), tg.Token(t, "sato-"+run, auth.Clerk)
	id := tg.Seed(t)
	b, err := os.ReadFile(repoFile("testdata", "extract", "ja_invoice.layout.json"))
	if err != nil {
		t.Fatal(err)
	}
	var scan layout.Document
	if err := json.Unmarshal(b, &scan); err != nil {
		t.Fatal(err)
	}
	if err := docstore.New(tg.Archive).PutOCR(context.Background(), id, &scan); err != nil {
		t.Fatal(err)
	}
	var list struct {
		Total   int                 `json:"total"`
		Vendors []api.VendorSummary `json:"vendors"`
	}
	tr.json(viewer, "GET", "/api/v1/vendors?q="+number, nil, 200, &list)
	if list.Total != 0 {
		t.Fatalf("the vendor before any record of it was confirmed: %+v", list)
	}
	// The clerk sets the issuer and the total as printed: the record is
	// confirmed, and the scan shows where this vendor prints them.
	var corr struct {
		Warning string `json:"warning"`
	}
	tr.json(clerk, "POST", "/api/v1/documents/"+id+"/corrections", map[string]any{"reason": "checked against the paper",
		"set": map[string]string{"issuer_name": "株式会社サンプル商会", "registration_number": number, "total": "110000"}}, 201, &corr)
	if corr.Warning != "" {
		t.Errorf("warning %q", corr.Warning)
	}
	tr.json(viewer, "GET", "/api/v1/vendors?q=%E3%82%B5%E3%83%B3%E3%83%97%E3%83%AB%E5%95%86%E4%BC%9A", nil, 200, &list) // サンプル商会
	if list.Total != 1 || list.Vendors[0].ID != number || list.Vendors[0].Name != "株式会社サンプル商会" ||
		list.Vendors[0].Documents != 1 || list.Vendors[0].Hints != 3 {
		t.Fatalf("vendors %+v, want 株式会社サンプル商会 under its number with 3 hints", list)
	}
	tr.json(viewer, "GET", "/api/v1/vendors?limit=0", nil, 400, nil)
	tr.json("", "GET", "/api/v1/vendors", nil, 401, nil)

	var v api.VendorDetail
	tr.json(viewer, "GET", "/api/v1/vendors/"+number, nil, 200, &v)
	labels := map[string]string{}
	for _, h := range v.LearnedHints {
		labels[h.Field] = h.Label
		if h.DocID != id || h.Version != 2 {
			t.Errorf("hint %+v, want learned from %s v2", h, id)
		}
	}
	if len(v.Names) != 1 || v.Names[0].Count != 1 || len(v.Phones) != 1 || v.Phones[0].Value != "0312345678" ||
		labels["total"] != "ご請求金額" || labels["registration_number"] != "登録番号" {
		t.Errorf("vendor %+v, want its name, phone and hints at ご請求金額 and 登録番号", v)
	}
	tr.json(viewer, "GET", "/api/v1/vendors/T4011001098993", nil, 404, nil)

	// A correction stored while the register could not learn it (written
	// straight to the archive here, as a failed register write leaves it)
	// is learned by a rebuild, and rebuilding again adds nothing twice.
	ctx := context.Background()
	other := tg.Seed(t)
	docs := docstore.New(tg.Archive)
	if err := docs.PutOCR(ctx, other, &scan); err != nil {
		t.Fatal(err)
	}
	if _, _, err := docs.Correct(ctx, other, record.Actor{Kind: record.ActorPerson, Name: "sato-" + run}, "checked against the paper",
		map[string]string{"issuer_name": "株式会社サンプル商会", "registration_number": number, "total": "110000"}); err != nil {
		t.Fatal(err)
	}
	admin := tg.Token(t, "kato-"+run, auth.Admin)
	tr.json(clerk, "POST", "/api/v1/vendors/rebuild", nil, 403, nil)
	for range 2 {
		var rb api.VendorRebuild
		tr.json(admin, "POST", "/api/v1/vendors/rebuild", nil, 200, &rb)
		if rb.Versions < 2 || rb.Vendors < 1 {
			t.Errorf("rebuild %+v, want both corrections of %s learned", rb, number)
		}
		tr.json(viewer, "GET", "/api/v1/vendors/"+number, nil, 200, &v)
		if v.Documents != 2 || len(v.LearnedHints) != 6 {
			t.Errorf("after a rebuild: %d documents and %d hints, want 2 and 6 (3 from each correction)", v.Documents, len(v.LearnedHints))
		}
	}
}
