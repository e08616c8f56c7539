package index_test

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/index"
)

func TestParseValuesErrors(t *testing.T) {
	for _, c := range []struct{ query, want string }{
		{"from=2024-13-01", "from:"},
		{"to=yesterday", "not a date"},
		{"from=2024-03-01&to=2024-01-01", "before from"},
		{"min=abc", "not an amount"},
		{"min=-5", "not an amount"},
		{"min=100&max=50", "below min"},
		{"limit=100000", "limit:"},
		{"colour=red", "unknown search parameter"},
	} {
		v, _ := url.ParseQuery(c.query)
		_, err := index.ParseValues(v)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.query, err, c.want)
		}
	}
}

func TestQueryValuesRoundTrip(t *testing.T) {
	v, _ := url.ParseQuery("counterparty=青葉&from=2024-01&to=2024-03&min=1,000&max=50000&text=用紙&limit=10&offset=20")
	q, err := index.ParseValues(v)
	if err != nil {
		t.Fatal(err)
	}
	q2, err := index.ParseValues(q.Values())
	if err != nil {
		t.Fatal(err)
	}
	if q2.Counterparty != "青葉" || !q2.From.Equal(q.From) || !q2.To.Equal(q.To) || *q2.Min != 1000 || *q2.Max != 50000 || q2.Limit != 10 || q2.Offset != 20 {
		t.Errorf("round trip changed the query: %+v -> %+v", q, q2)
	}
	if got := q.To.Format("2006-01-02"); got != "2024-03-31" {
		t.Errorf("to=2024-03 means the month's last day, got %s", got)
	}
}

func TestRebuildSwapKeepsConcurrentPuts(t *testing.T) {
	x, err := index.Open(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Put(index.Entry{DocID: "a", Status: "ready"}); err != nil {
		t.Fatal(err)
	}
	b, err := x.NewBuilder()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Add(index.Entry{DocID: "a", Status: "ready"}); err != nil {
		t.Fatal(err)
	}
	// Indexed by the pipeline while the rebuild runs: must survive the swap.
	if err := x.Put(index.Entry{DocID: "b", Status: "ready"}); err != nil {
		t.Fatal(err)
	}
	if err := x.Swap(b); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b"} {
		if ok, err := x.Has(id); err != nil || !ok {
			t.Errorf("%s missing after swap (err %v)", id, err)
		}
	}
	if n, _ := x.Count(); n != 2 {
		t.Errorf("count %d, want 2", n)
	}
}
