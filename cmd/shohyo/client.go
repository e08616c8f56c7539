package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"golang.org/x/text/width"
)

// httpClient talks to a running serve. No overall timeout: uploads and
// reindex streams take as long as they take; dialing is bounded.
var httpClient = &http.Client{Transport: &http.Transport{
	ResponseHeaderTimeout: 10 * time.Minute,
	IdleConnTimeout:       30 * time.Second,
}}

// apiError turns a non-2xx response into an error with the server's
// message.
func apiError(resp *http.Response) error {
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if json.Unmarshal(b, &body) == nil && body.Error.Message != "" {
		return fmt.Errorf("%s (%s)", body.Error.Message, body.Error.Code)
	}
	return fmt.Errorf("server answered %s: %s", resp.Status, strings.TrimSpace(string(b)))
}

func unreachable(server string, err error) error {
	return fmt.Errorf("cannot reach shohyo at %s (is `shohyo serve` running? set --server or SHOHYO_SERVER): %w", server, err)
}

// displayWidth counts East Asian wide characters as two columns, so
// tables line up with Japanese names in a terminal.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// pad cuts or pads s to w display columns.
func pad(s string, w int) string {
	if displayWidth(s) > w {
		var b strings.Builder
		n := 0
		for _, r := range s {
			rw := displayWidth(string(r))
			if n+rw > w-1 {
				break
			}
			b.WriteRune(r)
			n += rw
		}
		s = b.String() + "…"
	}
	return s + strings.Repeat(" ", max(0, w-displayWidth(s)))
}
