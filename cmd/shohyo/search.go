package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/shohyo/shohyo/internal/index"
)

func runSearch(args []string) error {
	fs := newFlags("search", "[flags] [QUERY...]  (QUERY in the query language of docs/search.md, e.g. 取引先:青葉 date:2024-01..2024-03 amount:10000..50000 コピー用紙)")
	v := url.Values{}
	for _, f := range []struct{ name, param, help string }{
		{"counterparty", index.ParamCounterparty, "issuer or recipient name, partial (Japanese or Latin)"},
		{"vendor", index.ParamCounterparty, "same as --counterparty"},
		{"issuer", index.ParamIssuer, "issuer name, partial"},
		{"recipient", index.ParamRecipient, "recipient name, partial"},
		{"from", index.ParamFrom, "issue date from, inclusive: YYYY-MM-DD, YYYY-MM or YYYY"},
		{"to", index.ParamTo, "issue date to, inclusive"},
		{"min", index.ParamMin, "smallest total amount"},
		{"max", index.ParamMax, "largest total amount"},
		{"text", index.ParamText, "words in the recognised text"},
		{"status", index.ParamStatus, "received, ocr_done, ready, needs_review or quarantined (commas: any of them)"},
		{"type", index.ParamType, "document type: invoice, receipt, … (commas: any of them)"},
		{"deleted", index.ParamDeleted, "deleted documents: include or only (hidden by default)"},
		{"sort", index.ParamSort, "date, amount, transaction_date, due_date, received or score; -date for descending (default -date)"},
		{"facets", index.ParamFacets, "count the matches by: " + strings.Join(index.FacetNames(), ", ") + " (commas)"},
		{"limit", index.ParamLimit, "hits per page (default 50)"},
		{"offset", index.ParamOffset, "hits to skip, for paging"},
	} {
		fs.Func(f.name, f.help, func(s string) error { v.Set(f.param, s); return nil })
	}
	query := fs.String("query", "", "a query in the query language (the same as the positional arguments)")
	highlight := fs.Bool("highlight", false, "show the matched words of the text")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	cfg, err := parseClient(fs, args)
	if err != nil {
		return err
	}
	if ql := strings.TrimSpace(*query + " " + strings.Join(fs.Args(), " ")); ql != "" {
		v.Set(index.ParamQ, ql)
	}
	if *highlight {
		v.Set(index.ParamHighlight, "true")
	}
	q, err := index.ParseValues(v) // the server's own parser: errors show before any request
	if err != nil {
		var se *index.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("%w\n\n%s", err, indent(se.Caret()))
		}
		return err
	}
	resp, err := httpClient.Get(cfg.Server + "/api/v1/search?" + q.Values().Encode())
	if err != nil {
		return unreachable(cfg.Server, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return apiError(resp)
	}
	var res index.Result
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return fmt.Errorf("bad answer from server: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	printHits(&res, q)
	printFacets(&res, q)
	return nil
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

func printHits(res *index.Result, q index.Query) {
	fmt.Printf("%s  %s  %s  %s  %s  %s\n", pad("DATE", 10), pad("TOTAL", 12), pad("CUR", 3), pad("ISSUER", 34), pad("STATUS", 12), "DOCUMENT")
	for _, h := range res.Hits {
		date := ""
		if !h.IssueDate.IsZero() {
			date = h.IssueDate.Format("2006-01-02")
		}
		issuer := h.IssuerName
		if issuer == "" {
			issuer = "(" + h.FileName + ")"
		}
		status := h.Status
		if h.Deleted {
			status += " (deleted)"
		}
		line := fmt.Sprintf("%s  %12s  %s  %s  %s  %s", pad(date, 10), h.TotalText, pad(h.Currency, 3), pad(issuer, 34), pad(status, 12), h.DocID)
		if h.Status == "quarantined" && h.Reason != "" {
			line += "  " + h.Reason
		}
		fmt.Println(line)
		for _, f := range h.Highlights {
			fmt.Println("      " + terminalMarks(f))
		}
	}
	shown := len(res.Hits)
	atLeast := ""
	if !res.TotalExact {
		atLeast = "at least " // counting every match took too long; exact_total:true counts them all
	}
	fmt.Printf("\n%d of %s%d documents", shown, atLeast, res.Total)
	if uint64(q.Offset+shown) < res.Total && shown > 0 {
		fmt.Printf(" (next page: --offset %d)", q.Offset+shown)
	}
	fmt.Println()
}

// terminalMarks turns the API's HTML highlight into bold text for a
// terminal (or 【】 when stdout is not one).
func terminalMarks(f string) string {
	on, off := "【", "】"
	if term.IsTerminal(int(os.Stdout.Fd())) {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	f = strings.NewReplacer("<mark>", on, "</mark>", off).Replace(f)
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'").Replace(strings.ReplaceAll(f, "\n", " "))
}

func printFacets(res *index.Result, q index.Query) {
	for _, name := range q.Facets {
		f, ok := res.Facets[name]
		if !ok {
			continue
		}
		fmt.Printf("\n%s:\n", name)
		for _, t := range f.Terms {
			fmt.Printf("  %8d  %s\n", t.Count, t.Term)
		}
		if f.Other > 0 {
			fmt.Printf("  %8d  (other)\n", f.Other)
		}
		if f.Missing > 0 {
			fmt.Printf("  %8d  (none)\n", f.Missing)
		}
	}
}
