package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/record"
)

// waitProcessed polls each accepted document until its pipeline is done
// and it is in the index, then prints its status.
func waitProcessed(server string, docs []api.Accepted, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	seen := map[string]bool{}
	for _, a := range docs {
		if seen[a.DocID] {
			continue // the same content uploaded twice is one document
		}
		seen[a.DocID] = true
		for {
			v, err := fetchDocument(server, a.DocID)
			if err != nil {
				return err
			}
			if v != nil && v.Indexed && terminal(v.Status) {
				fmt.Printf("%-12s %s  %s %s\n", v.Status, a.DocID, a.Name, v.Reason)
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("gave up waiting after %s: %s is still being processed", limit, a.Name)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
	return nil
}

func terminal(status string) bool {
	switch status {
	case record.StatusReady, record.StatusNeedsReview, record.StatusQuarantined:
		return true
	}
	return false
}

// fetchDocument returns nil while the document is not known yet (its
// intake step has not run).
func fetchDocument(server, id string) (*api.DocumentView, error) {
	resp, err := httpClient.Get(server + "/api/v1/documents/" + id)
	if err != nil {
		return nil, unreachable(server, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, nil
	}
	if resp.StatusCode != http.StatusOK {
		return nil, apiError(resp)
	}
	var v api.DocumentView
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return nil, fmt.Errorf("bad answer from server: %w", err)
	}
	return &v, nil
}
