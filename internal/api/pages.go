package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/shohyo/shohyo/internal/fault"
	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/storage"
)

// PageDrawer draws page n (from 1) of an original as PNG: ocr.PagePNG
// with serve's limits. A page not in the file is an
// *imagefmt.PageRangeError, a file that cannot be drawn a fault.Permanent.
type PageDrawer func(ctx context.Context, original []byte, n int) ([]byte, error)

// drawSlots bounds concurrent page drawings: each holds an original and
// a decoded page in memory and may run pdftoppm.
const drawSlots = 2

// maxPage bounds the page number read from the path.
const maxPage = 10000

// page answers GET /documents/{id}/pages/{n}: the page drawn as PNG, an
// access to the original like the download (original_viewed, with the
// page). Pages of an original never change, so clients may cache them.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	id, ok := s.docID(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > maxPage {
		writeError(w, http.StatusBadRequest, "bad_page", fmt.Sprintf("a page number is 1 to %d, not %s", maxPage, quote(r.PathValue("n"))))
		return
	}
	if s.DrawPage == nil {
		writeError(w, http.StatusServiceUnavailable, "not_configured", "page images are not configured in this server")
		return
	}
	ctx := r.Context()
	rs, err := s.Docs.Receipts(ctx, id)
	if err == nil && len(rs) == 0 {
		err = storage.ErrNotFound
	}
	if err != nil {
		s.storageError(w, "document "+id, err)
		return
	}
	s.drawOnce.Do(func() { s.drawing = make(chan struct{}, drawSlots) })
	select {
	case s.drawing <- struct{}{}:
		defer func() { <-s.drawing }()
	case <-ctx.Done():
		return
	}
	data, err := s.readOriginal(ctx, rs[0].SHA256)
	if err != nil {
		s.storageError(w, "original of "+id, err)
		return
	}
	img, err := s.DrawPage(ctx, data, n)
	var pr *imagefmt.PageRangeError
	var perm *fault.PermanentError
	switch {
	case errors.As(err, &pr):
		writeError(w, http.StatusNotFound, "no_such_page", fmt.Sprintf("document %s has %d page(s); pages are numbered from 1", id, pr.Pages))
		return
	case errors.As(err, &perm):
		writeError(w, http.StatusUnprocessableEntity, "cannot_draw", perm.Reason)
		return
	case err != nil:
		s.Log.Error("draw page", "doc", id, "page", n, "err", err)
		writeError(w, http.StatusServiceUnavailable, "draw_unavailable", "the page could not be drawn now; try again shortly")
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(img)))
	w.Header().Set("Cache-Control", "private, max-age=86400, immutable")
	w.Header().Set("X-Original-SHA256", rs[0].SHA256)
	_, _ = w.Write(img)
	s.originalAccessed(r, id, rs[0].SHA256, map[string]string{"page": strconv.Itoa(n)})
}

// readOriginal reads a whole original, hash-verified, up to MaxBytes
// (nothing larger was ever accepted).
func (s *Server) readOriginal(ctx context.Context, sha string) ([]byte, error) {
	rc, err := s.Originals.OpenOriginal(ctx, sha)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, s.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > s.MaxBytes {
		return nil, fmt.Errorf("api: original %s is larger than %d bytes", sha, s.MaxBytes)
	}
	return b, nil
}
