package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/shohyo/shohyo/internal/config"
	"github.com/shohyo/shohyo/internal/index"
)

func runSearch(args []string) error {
	fs := newFlags("search", "[flags] [TEXT...]")
	v := url.Values{}
	for _, f := range []struct{ name, param, help string }{
		{"counterparty", index.ParamCounterparty, "issuer or recipient name, partial (Japanese or Latin)"},
		{"vendor", index.ParamCounterparty, "same as --counterparty"},
		{"from", index.ParamFrom, "issue date from, inclusive: YYYY-MM-DD, YYYY-MM or YYYY"},
		{"to", index.ParamTo, "issue date to, inclusive"},
		{"min", index.ParamMin, "smallest total amount"},
		{"max", index.ParamMax, "largest total amount"},
		{"text", index.ParamText, "words in the recognised text"},
		{"status", index.ParamStatus, "received, ocr_done, ready, needs_review or quarantined"},
		{"type", index.ParamType, "document type: invoice, receipt, …"},
		{"limit", index.ParamLimit, "hits per page (default 50)"},
		{"offset", index.ParamOffset, "hits to skip, for paging"},
	} {
		fs.Func(f.name, f.help, func(s string) error { v.Set(f.param, s); return nil })
	}
	asJSON := fs.Bool("json", false, "print the result as JSON")
	cfg, err := config.Parse(fs, config.GroupClient, args)
	if err != nil {
		return err
	}
	if rest := strings.Join(fs.Args(), " "); rest != "" {
		v.Set(index.ParamText, strings.TrimSpace(v.Get(index.ParamText)+" "+rest))
	}
	q, err := index.ParseValues(v) // the server's own parser: errors show before any request
	if err != nil {
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
	return nil
}

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
		line := fmt.Sprintf("%s  %12s  %s  %s  %s  %s", pad(date, 10), h.TotalText, pad(h.Currency, 3), pad(issuer, 34), pad(h.Status, 12), h.DocID)
		if h.Status == "quarantined" && h.Reason != "" {
			line += "  " + h.Reason
		}
		fmt.Println(line)
	}
	shown := len(res.Hits)
	fmt.Printf("\n%d of %d documents", shown, res.Total)
	if uint64(q.Offset+shown) < res.Total {
		fmt.Printf(" (next page: --offset %d)", q.Offset+shown)
	}
	fmt.Println()
}
