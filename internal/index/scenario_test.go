package index_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/index"
)

// searchCase is one query of a scenario's queries.json. A query is
// written as URL parameters (query), in the query language (q), or both
// (q then goes in as the q parameter). Expected: the hits in order, the
// total when it differs from len(hits), facet counts, text fragments
// that must be highlighted, or an error.
type searchCase struct {
	Name       string                    `json:"name"`
	Query      string                    `json:"query"`
	Q          string                    `json:"q"`
	Hits       []string                  `json:"hits"`
	Total      uint64                    `json:"total"`
	Facets     map[string]map[string]int `json:"facets"`
	Highlights map[string][]string       `json:"highlights"`
	// NotHighlighted are fragments that must not be in a hit's highlights.
	NotHighlighted map[string][]string `json:"not_highlighted"`
	Error          string              `json:"error"`
}

// TestScenarios runs every folder of testdata/search: entries.json is
// indexed (through Put), then each query of queries.json must return
// exactly its hits, in order. Every query is also run as the API reads it
// (ParseValues), as the CLI reads it (ParseQuery for q) and after a round
// trip through Values, which must not change the answer.
func TestScenarios(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/search/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			x := openIndex(t)
			var entries []index.Entry
			readJSON(t, filepath.Join(dir, "entries.json"), &entries)
			for _, e := range entries {
				if err := x.Put(e); err != nil {
					t.Fatal(err)
				}
			}
			var cases []searchCase
			readJSON(t, filepath.Join(dir, "queries.json"), &cases)
			if len(cases) == 0 {
				t.Fatal("no queries")
			}
			texts := entryTexts{}
			for _, e := range entries {
				texts[e.DocID] = e.Text
			}
			for _, c := range cases {
				runCase(t, x, texts, c)
			}
		})
	}
}

// entryTexts is the TextSource of a scenario: the texts its entries were
// indexed with, as storage holds them for the real index.
type entryTexts map[string]string

func (m entryTexts) Text(_ context.Context, id string) (string, error) {
	if t, ok := m[id]; ok {
		return t, nil
	}
	return "", fmt.Errorf("no text for %s", id)
}

func runCase(t *testing.T, x *index.Index, texts index.TextSource, c searchCase) {
	t.Helper()
	v, err := url.ParseQuery(c.Query)
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	if c.Q != "" {
		v.Set(index.ParamQ, c.Q)
	}
	queries := map[string]index.Query{}
	q, err := index.ParseValues(v)
	if c.Error != "" {
		if err == nil || !strings.Contains(err.Error(), c.Error) {
			t.Errorf("%s: error %v, want one containing %q", c.Name, err, c.Error)
		}
		if c.Query == "" {
			if _, err := index.ParseQuery(c.Q); err == nil || !strings.Contains(err.Error(), c.Error) {
				t.Errorf("%s: ParseQuery error %v, want one containing %q", c.Name, err, c.Error)
			}
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	queries["api"] = q
	if c.Query == "" && c.Q != "" {
		cq, err := index.ParseQuery(c.Q)
		if err != nil {
			t.Fatalf("%s: ParseQuery: %v", c.Name, err)
		}
		queries["cli"] = cq
	}
	rq, err := index.ParseValues(q.Values())
	if err != nil {
		t.Fatalf("%s: round trip %v: %v", c.Name, q.Values(), err)
	}
	queries["round trip"] = rq
	for how, q := range queries {
		res, err := x.Search(q)
		if err != nil {
			t.Fatalf("%s (%s): %v", c.Name, how, err)
		}
		if err := res.Highlight(context.Background(), q, texts); err != nil {
			t.Fatalf("%s (%s): %v", c.Name, how, err)
		}
		check(t, c, how, res)
	}
}

func check(t *testing.T, c searchCase, how string, res *index.Result) {
	t.Helper()
	got := []string{}
	for _, h := range res.Hits {
		got = append(got, h.DocID)
	}
	want := c.Hits
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s (%s; %s %s):\n got %v\nwant %v", c.Name, how, c.Query, c.Q, got, want)
	}
	wantTotal := c.Total
	if wantTotal == 0 {
		wantTotal = uint64(len(c.Hits))
	}
	if res.Total != wantTotal || !res.TotalExact {
		t.Errorf("%s (%s): total %d, want %d", c.Name, how, res.Total, wantTotal)
	}
	for name, wantTerms := range c.Facets {
		f, ok := res.Facets[name]
		if !ok {
			t.Errorf("%s (%s): no facet %q in %v", c.Name, how, name, res.Facets)
			continue
		}
		gotTerms := map[string]int{}
		for _, ft := range f.Terms {
			gotTerms[ft.Term] = ft.Count
		}
		if !maps.Equal(gotTerms, wantTerms) {
			t.Errorf("%s (%s): facet %s:\n got %v\nwant %v", c.Name, how, name, gotTerms, wantTerms)
		}
	}
	for id, frags := range c.Highlights {
		joined, ok := highlightsOf(res, id)
		if !ok {
			t.Errorf("%s (%s): %s not among the hits", c.Name, how, id)
			continue
		}
		for _, f := range frags {
			if !strings.Contains(joined, f) {
				t.Errorf("%s (%s): highlights of %s are %q, want %q in them", c.Name, how, id, joined, f)
			}
		}
	}
	for id, frags := range c.NotHighlighted {
		joined, _ := highlightsOf(res, id)
		for _, f := range frags {
			if strings.Contains(joined, f) {
				t.Errorf("%s (%s): highlights of %s are %q, want no %q in them", c.Name, how, id, joined, f)
			}
		}
	}
}

// highlightsOf joins the highlights of hit id; false when it is not a hit.
func highlightsOf(res *index.Result, id string) (string, bool) {
	for _, h := range res.Hits {
		if h.DocID == id {
			return strings.Join(h.Highlights, " … "), true
		}
	}
	return "", false
}

// openIndex opens a fresh index whose totals are always exact: the
// count budget is for large archives, and a loaded test machine must not
// turn an expected total into a lower bound.
func openIndex(t *testing.T) *index.Index {
	t.Helper()
	x, err := index.OpenWith(filepath.Join(t.TempDir(), "idx"), index.Options{CountBudget: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	return x
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
