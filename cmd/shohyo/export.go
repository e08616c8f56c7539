package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/export"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// runExport asks serve for an export, follows its progress and saves it.
func runExport(args []string) error {
	fs := newFlags("export", "--query 'QUERY' | --doc ID… --out FILE  (a signed ZIP: originals, records.csv, records.jsonl, history.jsonl, audit.jsonl, manifest)")
	query := fs.String("query", "", "documents to export, in the search language (as `shohyo search` takes it)")
	var docs listFlag
	fs.Var(&docs, "doc", "a document id to export (repeatable; with --query, both)")
	out := fs.String("out", "", "file to write (required)")
	format := fs.String("format", export.FormatZIP, "zip (everything, signed) or nta-csv (the CSV a tax official asks for)")
	encoding := fs.String("encoding", "utf-8", "CSV encoding: utf-8 (with BOM) or sjis")
	cfg, err := parseClient(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return exitError(2)
	}
	server := strings.TrimRight(cfg.Server, "/")
	var st api.ExportStatus
	if err := post(server, "/api/v1/exports", export.Request{Query: *query, DocIDs: docs, Format: *format, Encoding: *encoding}, &st); err != nil {
		return err
	}
	for st.State == "running" {
		fmt.Fprintf(os.Stderr, "\rexport %s: %d/%d documents, %.1f MB", st.ID, st.Done, st.Total, float64(st.Bytes)/1e6)
		time.Sleep(300 * time.Millisecond)
		if err := getJSON(server+"/api/v1/exports/"+st.ID, &st); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "\rexport %s: %d/%d documents, %.1f MB\n", st.ID, st.Done, st.Total, float64(st.Bytes)/1e6)
	if st.State != "done" {
		return fmt.Errorf("export %s failed: %s", st.ID, st.Error)
	}
	sum, n, err := download(server+st.Download, *out)
	if err != nil {
		return err
	}
	if sum != st.FileSHA256 {
		return fmt.Errorf("downloaded %s hashes to %s, the server made %s; download again", *out, sum, st.FileSHA256)
	}
	fmt.Printf("%s: %d documents, %d bytes, sha256 %s\n", *out, st.Total, n, sum)
	return nil
}

func getJSON(url string, v any) error {
	resp, err := httpClient.Get(url)
	if err != nil {
		return unreachable(url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return apiError(resp)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// download writes url to path through a temporary name, so a cut
// transfer never leaves a file that looks complete.
func download(url, path string) (string, int64, error) {
	resp, err := httpClient.Get(url)
	if err != nil {
		return "", 0, unreachable(url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", 0, apiError(resp)
	}
	f, err := os.Create(path + ".part")
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), resp.Body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(path+".part", path)
	}
	if err != nil {
		os.Remove(path + ".part")
		return "", 0, fmt.Errorf("download to %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// runVerifyExport checks an export off-line.
func runVerifyExport(args []string) error {
	fs := newFlags("verify-export", "FILE.zip [--pubkey KEY|FILE]  (exit 1 when anything is wrong)")
	pubArg := fs.String("pubkey", "", "the installation's public key (GET /api/v1/export-key: ed25519:… or a PEM file); without it the key inside the export is used, which proves integrity but not origin")
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	if file == "" {
		fs.Usage()
		return exitError(2)
	}
	var pub ed25519.PublicKey
	if *pubArg != "" {
		k := *pubArg
		if b, err := os.ReadFile(k); err == nil {
			k = string(bytes.TrimSpace(b))
		}
		var err error
		if pub, err = export.ParsePublicKey(k); err != nil {
			return err
		}
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	rep, err := export.Verify(f, fi.Size(), pub)
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Printf("%s: %s\n", p.File, p.Message)
	}
	if !rep.OK() {
		return errors.Join(fmt.Errorf("%s: %d problems", file, len(rep.Problems)), exitError(1))
	}
	m := rep.Manifest
	fmt.Printf("intact: %s, %d files, %d documents, exported %s by %s; signature checked with the %s key\n",
		file, rep.Files, m.Counts.Documents, m.CreatedAt.Format(time.RFC3339), m.CreatedBy.Name, rep.KeySource)
	return nil
}
