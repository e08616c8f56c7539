package main

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/shohyo/shohyo/internal/api"
)

func runIngest(args []string) error {
	fset := newFlags("ingest", "[flags] PATH...  (files or folders; folders are walked, hidden files skipped)")
	quiet := fset.Bool("quiet", false, "no progress bar")
	wait := fset.Duration("wait", 0, "after uploading, wait up to this long until every accepted document is processed and searchable (e.g. 5m)")
	cfg, err := parseClient(fset, args)
	if err != nil {
		return err
	}
	if fset.NArg() == 0 {
		fset.Usage()
		return exitError(2)
	}
	files, refused, total := collect(fset.Args())
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetDescription("uploading"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWriter(os.Stderr),
		// A bar redrawn with carriage returns is noise in a log file.
		progressbar.OptionSetVisibility(!*quiet && term.IsTerminal(int(os.Stderr.Fd()))),
		progressbar.OptionClearOnFinish(),
	)
	var accepted []api.Accepted
	for _, f := range files {
		res, err := upload(cfg.Server, f, bar)
		if err != nil {
			return err
		}
		accepted = append(accepted, res.Accepted...)
		for _, r := range res.Refused {
			refused = append(refused, api.Refused{Name: f, Reason: r.Reason})
		}
	}
	_ = bar.Finish()
	for _, a := range accepted {
		fmt.Printf("accepted  %s  %s\n", a.DocID, a.Name)
	}
	for _, r := range refused {
		fmt.Printf("refused   %s: %s\n", r.Name, r.Reason)
	}
	fmt.Printf("%d accepted, %d refused\n", len(accepted), len(refused))
	if *wait > 0 {
		if err := waitProcessed(cfg.Server, accepted, *wait); err != nil {
			return err
		}
	}
	if len(refused) > 0 {
		return exitError(1)
	}
	return nil
}

// collect expands folders; unreadable paths are refused here.
func collect(paths []string) (files []string, refused []api.Refused, total int64) {
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				refused = append(refused, api.Refused{Name: path, Reason: err.Error()})
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				refused = append(refused, api.Refused{Name: path, Reason: err.Error()})
				return nil
			}
			files = append(files, path)
			total += info.Size()
			return nil
		})
		if err != nil {
			refused = append(refused, api.Refused{Name: p, Reason: err.Error()})
		}
	}
	return files, refused, total
}

// upload streams one file as multipart: memory stays flat for any size.
func upload(server, path string, bar io.Writer) (*api.UploadResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return &api.UploadResult{Refused: []api.Refused{{Name: path, Reason: err.Error()}}}, nil
	}
	defer f.Close()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		part, err := mw.CreateFormFile("file", filepath.Base(path))
		if err == nil {
			_, err = io.Copy(io.MultiWriter(part, bar), f)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequest(http.MethodPost, server+"/api/v1/documents", pr)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := httpClient.Do(req)
	if err != nil {
		return nil, unreachable(server, err)
	}
	defer resp.Body.Close()
	// A 422 with refusals is an answer about the file, not a failure.
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusUnprocessableEntity {
		return nil, fmt.Errorf("upload %s: %w", path, apiError(resp))
	}
	var res api.UploadResult
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		return nil, fmt.Errorf("upload %s: bad answer: %w", path, err)
	}
	return &res, nil
}
