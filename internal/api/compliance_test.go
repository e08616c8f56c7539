package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/retention"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/verify"
)

func postJSON(t *testing.T, url string, body any, wantStatus int, v any) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("POST %s: %d, want %d: %s", url, resp.StatusCode, wantStatus, out)
	}
	if v != nil {
		if err := json.Unmarshal(out, v); err != nil {
			t.Fatalf("POST %s: %v: %s", url, err, out)
		}
	}
}

// seedDoc stores a document with version 1 as the pipeline would, and
// indexes it.
func seedDoc(t *testing.T, e *env, reindex func(context.Context, string) error) string {
	t.Helper()
	ctx := context.Background()
	sha, size, err := e.srv.Originals.PutOriginal(ctx, strings.NewReader("請求書 ¥1,000"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	id := record.DocID(sha)
	at := time.Now().UTC()
	r := docstore.Receipt{DocID: id, SHA256: sha, Size: size, Name: "inv.pdf", MediaType: "application/pdf", Source: "inv.pdf", Via: "upload", ReceivedAt: at}
	if err := e.srv.Docs.AddReceipt(ctx, r, docstore.ReceiptID("inv.pdf", at)); err != nil {
		t.Fatal(err)
	}
	v := &record.Version{DocID: id, CreatedAt: at, Actor: record.Actor{Kind: record.ActorMachine, Name: "test"},
		Original: record.Original{SHA256: sha, Size: size, Name: "inv.pdf", MediaType: "application/pdf", ReceivedAt: at},
		Status:   record.StatusReady,
		Fields:   record.Fields{IssuerName: &record.Field{Value: "株式会社テスト"}, Total: &record.Field{Value: "1000"}, IssueDate: &record.Field{Value: "2024-05-10"}}}
	if err := retention.DefaultPolicy().Apply(nil, v); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Docs.AppendVersion(ctx, v); err != nil {
		t.Fatal(err)
	}
	if err := reindex(ctx, id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestCorrectionDeletionHistory goes through the routes a person uses:
// correct, delete, read the history, find the deleted document with the
// filter, and each action is in the audit trail.
func TestCorrectionDeletionHistory(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	archive := e.srv.Docs.Bucket()
	e.srv.Docs.SetPolicy(retention.DefaultPolicy())
	log := audit.NewLog(archive, audit.Options{})
	p := e.srv.Pipeline.(interface {
		Entry(context.Context, string) (index.Entry, error)
	})
	reindex := func(ctx context.Context, id string) error {
		en, err := p.Entry(ctx, id)
		if err != nil {
			return err
		}
		return e.srv.Index.Put(en)
	}
	e.srv.Compliance = &api.Compliance{Audit: log, Reindex: reindex, Verify: &verify.Scheduler{B: archive}}
	id := seedDoc(t, e, reindex)
	doc := e.url + "/api/v1/documents/" + id

	clerk, manager, legal := e.token(t, "clerk", auth.Clerk), e.token(t, "manager", auth.Clerk), e.token(t, "legal", auth.Admin)
	var bad apiErr
	postJSONAs(t, clerk, doc+"/corrections", api.CorrectionRequest{Set: map[string]string{"total": "1100"}}, 422, &bad)
	postJSONAs(t, clerk, doc+"/corrections", api.CorrectionRequest{Reason: "x", Set: map[string]string{"total": "1,100円"}}, 422, &bad)
	postJSONAs(t, clerk, doc+"/corrections", map[string]any{"reason": "x", "sett": map[string]string{}}, 400, &bad)
	// The person comes from the token: a name in the body is refused.
	postJSONAs(t, clerk, doc+"/corrections", map[string]any{"actor": "someone else", "reason": "x", "set": map[string]string{"total": "5"}}, 400, &bad)

	var corr struct {
		Version record.Version `json:"version"`
		Object  docstore.Ref   `json:"object"`
	}
	postJSONAs(t, clerk, doc+"/corrections", api.CorrectionRequest{Reason: "total misread",
		Set: map[string]string{"total": "1100", "voucher_number": "J-42", "class": "general"}}, 201, &corr)
	if corr.Version.Version != 2 || len(corr.Version.Changes) != 3 || corr.Version.Archival.Class != "general" {
		t.Errorf("correction: %+v", corr.Version)
	}
	var found index.Result
	getJSON(t, e.url+"/api/v1/search?voucher_number=J-42", 200, &found)
	if found.Total != 1 || found.Hits[0].DocID != id {
		t.Errorf("search by voucher number: %+v", found)
	}

	postJSONAs(t, manager, doc+"/deletion", api.DeletionRequest{Reason: "duplicate"}, 201, nil)
	postJSONAs(t, manager, doc+"/deletion", api.DeletionRequest{Reason: "again"}, 409, &bad)
	postJSONAs(t, clerk, doc+"/corrections", api.CorrectionRequest{Reason: "late", Set: map[string]string{"total": "1"}}, 409, &bad)

	var h docstore.History
	getJSON(t, doc+"/history", 200, &h)
	if len(h.Versions) != 2 || h.Deletion == nil || h.Deletion.Actor.Name != "manager" || h.Versions[0].Version.Fields.Total.Value != "1000" {
		t.Errorf("history: %+v", h)
	}
	getJSON(t, e.url+"/api/v1/search?voucher_number=J-42", 200, &found)
	if found.Total != 0 {
		t.Errorf("a deleted document shows in a plain search: %+v", found.Hits)
	}
	getJSON(t, e.url+"/api/v1/search?voucher_number=J-42&deleted=include", 200, &found)
	if found.Total != 1 || !found.Hits[0].Deleted {
		t.Errorf("deleted document with the filter: %+v", found)
	}

	resp, err := http.Get(doc + "/original?download=1")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	// A legal hold on demand covers every object of the document.
	postJSONAs(t, legal, doc+"/legal-hold", api.LegalHoldRequest{Hold: true}, 422, &bad)
	var held struct {
		Objects []string `json:"objects"`
	}
	postJSONAs(t, legal, doc+"/legal-hold", api.LegalHoldRequest{Reason: "litigation 2024-17", Hold: true}, 200, &held)
	if len(held.Objects) != 5 { // original, receipt, 2 versions, deletion marker
		t.Errorf("held %v", held.Objects)
	}
	for _, k := range held.Objects {
		if r, err := archive.Retention(ctx, k); err != nil || !r.LegalHold {
			t.Errorf("%s: %+v %v", k, r, err)
		}
	}

	tr, err := audit.ReadTrail(ctx, archive)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	tr.Events(func(_ *audit.Segment, ev audit.Event, _ string) { types = append(types, ev.Type) })
	if want := []string{audit.Corrected, audit.Deleted, audit.OriginalDownloaded, audit.RetentionChanged}; !slices.Equal(types, want) {
		t.Errorf("events %v, want %v", types, want)
	}

	var rep verify.Report
	postJSON(t, e.url+"/api/v1/verify", api.VerifyRequest{From: time.Now().Format(time.DateOnly)}, 200, &rep)
	if !rep.OK || rep.Documents != 1 || rep.Versions != 2 || rep.Deleted != 1 {
		t.Errorf("verify: %+v", rep)
	}
	var st verify.Status
	getJSON(t, e.url+"/api/v1/verify", 200, &st)
	if st.Last == nil || st.Last.Documents != 1 {
		t.Errorf("verify status %+v", st)
	}
	postJSON(t, e.url+"/api/v1/verify", api.VerifyRequest{From: "2024/01/01"}, 400, &bad)
	// Locked on local storage: the version cannot be removed.
	if err := archive.Delete(ctx, docstore.VersionKey(id, 1)); err == nil {
		t.Error("version 1 was deleted")
	} else if !strings.Contains(err.Error(), storage.ErrLocked.Error()) {
		t.Errorf("delete version 1: %v", err)
	}
}
