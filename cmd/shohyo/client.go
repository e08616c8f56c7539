package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"golang.org/x/text/width"

	"github.com/shohyo/shohyo/internal/config"
)

// httpClient talks to a running serve. No overall timeout: uploads and
// reindex streams take as long as they take; dialing is bounded.
var httpClient = &http.Client{Transport: bearer{&http.Transport{
	ResponseHeaderTimeout: 10 * time.Minute,
	IdleConnTimeout:       30 * time.Second,
}}}

// apiToken is the client commands' token (--token, SHOHYO_TOKEN), set by
// parseClient and sent with every request of httpClient.
var apiToken string

type bearer struct{ next http.RoundTripper }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	if apiToken != "" && r.Header.Get("Authorization") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+apiToken)
	}
	return b.next.RoundTrip(r)
}

// parseClient parses a client command's settings and takes its token.
func parseClient(fs *flag.FlagSet, args []string) (*config.Config, error) {
	cfg, err := config.Parse(fs, config.GroupClient, args)
	if err != nil {
		return nil, err
	}
	apiToken = cfg.Token
	return cfg, nil
}

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
		if resp.StatusCode == http.StatusUnauthorized && apiToken == "" {
			return fmt.Errorf("%s (%s); set SHOHYO_TOKEN or --token", body.Error.Message, body.Error.Code)
		}
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
