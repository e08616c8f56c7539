package api_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/vendor"
)

// TestVendorsLearnFromCorrections corrects a document through the API and
// reads what the vendor register learned, every answer checked against
// schemas/openapi.json.
func TestVendorsLearnFromCorrections(t *testing.T) {
	e := fullEnv(t)
	tr := &tour{t: t, e: e, spec: loadSpec(t)}
	viewer, clerk := e.token(t, "mi", auth.Viewer), e.token(t, "sato", auth.Clerk)
	tr.json(viewer, "GET", "/api/v1/vendors", nil, 503, nil)
	e.srv.Vendors = vendor.NewCache(vendor.NewStore(e.srv.Docs.Bucket()), 0)

	id := seedDoc(t, e, e.reindex)
	b, err := os.ReadFile("../../testdata/extract/ja_invoice.layout.json")
	if err != nil {
		t.Fatal(err)
	}
	var scan layout.Document
	if err := json.Unmarshal(b, &scan); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Docs.PutOCR(context.Background(), id, &scan); err != nil {
		t.Fatal(err)
	}
	var list struct {
		Total   int                 `json:"total"`
		Vendors []api.VendorSummary `json:"vendors"`
	}
	tr.json(viewer, "GET", "/api/v1/vendors", nil, 200, &list)
	if list.Total != 0 {
		t.Fatalf("a register before any confirmed record: %+v", list)
	}
	// The clerk adds the registration number and fixes the total: the
	// record is confirmed, and the scan shows where this vendor prints
	// both.
	var corr struct {
		Warning string `json:"warning"`
	}
	tr.json(clerk, "POST", "/api/v1/documents/"+id+"/corrections", map[string]any{"reason": "checked against the paper",
		"set": map[string]string{"registration_number": "T7010705000725", "total": "110000"}}, 201, &corr)
	if corr.Warning != "" {
		t.Errorf("warning %q", corr.Warning)
	}
	tr.json(viewer, "GET", "/api/v1/vendors?q=%E3%83%86%E3%82%B9%E3%83%88", nil, 200, &list) // テスト
	if list.Total != 1 || list.Vendors[0].ID != "T7010705000725" || list.Vendors[0].Name != "株式会社テスト" ||
		list.Vendors[0].Documents != 1 || list.Vendors[0].Hints != 2 {
		t.Fatalf("vendors %+v, want 株式会社テスト under its number with 2 hints", list)
	}
	tr.json(viewer, "GET", "/api/v1/vendors?q=nobody", nil, 200, &list)
	if list.Total != 0 {
		t.Errorf("q=nobody found %+v", list)
	}
	tr.json(viewer, "GET", "/api/v1/vendors?limit=0", nil, 400, nil)
	tr.json("", "GET", "/api/v1/vendors", nil, 401, nil)

	var v api.VendorDetail
	tr.json(viewer, "GET", "/api/v1/vendors/T7010705000725", nil, 200, &v)
	labels := map[string]string{}
	for _, h := range v.LearnedHints {
		labels[h.Field] = h.Label
		if h.DocID != id || h.Version != 2 {
			t.Errorf("hint %+v, want learned from %s v2", h, id)
		}
	}
	if len(v.Names) != 1 || v.Names[0].Count != 1 || labels["total"] != "ご請求金額" || labels["registration_number"] != "登録番号" {
		t.Errorf("vendor %+v, want its name and hints at ご請求金額 and 登録番号", v)
	}
	tr.json(viewer, "GET", "/api/v1/vendors/T4011001098993", nil, 404, nil)
}
