package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/shohyo/shohyo/internal/api"
)

func runReindex(args []string) error {
	fs := newFlags("reindex", "[flags]  (the running serve rebuilds its index from storage, then swaps it in)")
	vendors := fs.Bool("vendors", false, "rebuild the vendor register from the record versions in storage instead of the search index")
	cfg, err := parseClient(fs, args)
	if err != nil {
		return err
	}
	if *vendors {
		return requestVendorRebuild(cfg.Server)
	}
	resp, err := httpClient.Post(cfg.Server+"/api/v1/reindex", "application/json", nil)
	if err != nil {
		return unreachable(cfg.Server, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return apiError(resp)
	}
	bar := progressbar.NewOptions(-1, progressbar.OptionSetDescription("reindexing"), progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetVisibility(term.IsTerminal(int(os.Stderr.Fd()))))
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var p api.ReindexProgress
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return fmt.Errorf("bad progress line %q: %w", sc.Text(), err)
		}
		if p.Error != "" {
			return errors.New("reindex failed: " + p.Error)
		}
		if p.Total > 0 {
			bar.ChangeMax(p.Total)
		}
		_ = bar.Set(p.Done)
		if p.Final {
			_ = bar.Finish()
			fmt.Printf("\nreindexed: %d documents in the index\n", p.Done)
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return errors.New("the server ended the reindex stream early; see its log")
}

// requestVendorRebuild asks serve to derive the vendor register again, which
// learns the corrections a failed register write had missed.
func requestVendorRebuild(server string) error {
	resp, err := httpClient.Post(server+"/api/v1/vendors/rebuild", "application/json", nil)
	if err != nil {
		return unreachable(server, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return apiError(resp)
	}
	var r api.VendorRebuild
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return fmt.Errorf("bad answer to the vendor rebuild: %w", err)
	}
	fmt.Printf("vendor register rebuilt: %d vendors, from %d record versions that confirmed an issuer\n", r.Vendors, r.Versions)
	return nil
}
