package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/layout"
)

func TestSearchQueryLanguage(t *testing.T) {
	e := newEnv(t)
	total := 11000.0
	for _, x := range []index.Entry{
		{DocID: "000000000000000000000001", IssuerName: "㈱青葉商事", Status: "ready", Total: &total,
			IssueDate: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)},
		{DocID: "000000000000000000000002", IssuerName: "みどり運輸", Status: "ready",
			IssueDate: time.Date(2024, 2, 2, 0, 0, 0, 0, time.UTC)},
	} {
		if err := e.srv.Index.Put(x); err != nil {
			t.Fatal(err)
		}
	}
	var res index.Result
	q := url.Values{"q": {"取引先:株式会社青葉 date:2024-01..2024-03 amount:10000..50000"}}
	getJSON(t, e.url+"/api/v1/search?"+q.Encode(), 200, &res)
	if len(res.Hits) != 1 || res.Hits[0].DocID != "000000000000000000000001" || !res.TotalExact {
		t.Errorf("q= search: %+v", res)
	}
	// q= and the other parameters are ANDed.
	q.Set("type", "receipt")
	getJSON(t, e.url+"/api/v1/search?"+q.Encode(), 200, &res)
	if res.Total != 0 {
		t.Errorf("q= AND type: %d hits", res.Total)
	}
	var bad struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Column  int    `json:"column"`
			Query   string `json:"query"`
		} `json:"error"`
	}
	q = url.Values{"q": {"取引先:青葉 amount:abc"}}
	getJSON(t, e.url+"/api/v1/search?"+q.Encode(), 400, &bad)
	if bad.Error.Code != "bad_query" || bad.Error.Column != 15 || bad.Error.Query != "取引先:青葉 amount:abc" {
		t.Errorf("syntax error body: %+v", bad.Error)
	}
}

// TestSearchHighlightsFromStorage: the index does not store the text, so
// highlights are read from the document's OCR result in the archive; a
// hit whose text is missing still comes back, without highlights.
func TestSearchHighlightsFromStorage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	const withText, without = "000000000000000000000011", "000000000000000000000012"
	ocr := &layout.Document{Engine: "test", Pages: []layout.Page{{Number: 1, Lines: []layout.Line{
		{Text: "請求書"}, {Text: "コピー用紙 A4 10箱 <b>"}, {Text: "合計 ¥11,000"},
	}}}}
	if err := e.srv.Docs.PutOCR(ctx, withText, ocr); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{withText, without} {
		if err := e.srv.Index.Put(index.Entry{DocID: id, Status: "ready", Text: ocr.Text(),
			IssueDate: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	}
	var res index.Result
	getJSON(t, e.url+"/api/v1/search?"+url.Values{"q": {"text:用紙 highlight:true"}, "sort": {"-date"}}.Encode(), 200, &res)
	if len(res.Hits) != 2 {
		t.Fatalf("hits %+v", res.Hits)
	}
	got := map[string][]string{}
	for _, h := range res.Hits {
		got[h.DocID] = h.Highlights
	}
	if want := []string{"コピー<mark>用紙</mark> A4 10箱 &lt;b&gt;"}; !slices.Equal(got[withText], want) {
		t.Errorf("highlights %q, want %q", got[withText], want)
	}
	if got[without] != nil {
		t.Errorf("a hit without a stored text has highlights %q", got[without])
	}
}

func reindex(t *testing.T, u string) []api.ReindexProgress {
	t.Helper()
	resp, err := http.Post(u, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []api.ReindexProgress
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var p api.ReindexProgress
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("progress line %q: %v", sc.Text(), err)
		}
		out = append(out, p)
	}
	if len(out) == 0 || !out[len(out)-1].Final || out[len(out)-1].Error != "" {
		t.Fatalf("reindex stream %+v", out)
	}
	return out
}

// TestReindexResumes: a rebuild that stopped after a checkpoint is
// continued by the next reindex, not started over; ?fresh=true starts

// interruptedRebuild leaves a rebuild that indexed one document and
// stopped, as a killed reindex would.
func interruptedRebuild(t *testing.T, e *env) {
	t.Helper()
	b, err := e.srv.Index.NewBuilder()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Add(index.Entry{DocID: "000000000000000000000009", Status: "ready"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	e.srv.Index.Abort(b)
}

// over, and what storage does not hold is then gone.
func TestReindexResumes(t *testing.T) {
	e := newEnv(t)
	// Indexed by an earlier attempt (storage here is empty: the entry
	// stands for a document read before the interruption).
	interruptedRebuild(t, e)

	lines := reindex(t, e.url+"/api/v1/reindex")
	if !lines[0].Resumed || lines[0].Done != 1 {
		t.Errorf("first line %+v, want a resumed rebuild with 1 done", lines[0])
	}
	if ok, _ := e.srv.Index.Has("000000000000000000000009"); !ok {
		t.Error("the resumed rebuild lost what the first attempt indexed")
	}

	interruptedRebuild(t, e)
	lines = reindex(t, e.url+"/api/v1/reindex?fresh=true")
	if slices.ContainsFunc(lines, func(p api.ReindexProgress) bool { return p.Resumed }) {
		t.Errorf("fresh=true resumed: %+v", lines)
	}
	if n, _ := e.srv.Index.Count(); n != 0 {
		t.Errorf("after a fresh rebuild from empty storage: %d documents indexed", n)
	}
}
