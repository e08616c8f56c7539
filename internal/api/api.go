// Package api is shohyo's HTTP API under /api/v1. Errors are JSON
// {"error": {"code": "...", "message": "..."}} with a stable code and a
// message that says what to do; bad input is a 4xx, never a 500.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/storage"
)

// Pipeline is what the API asks of the pipeline.
type Pipeline interface {
	EnqueueIntake(ctx context.Context, key string) error
	Rebuild(ctx context.Context, add func(index.Entry) error, progress func(done, total int)) error
}

// Server serves the API.
type Server struct {
	Docs      *docstore.Store
	Originals *storage.Archive
	Inbox     *storage.Bucket
	Index     *index.Index
	Pipeline  Pipeline
	// Webhook receives S3 event notifications for the inbox.
	Webhook  http.Handler
	MaxBytes int64
	Version  string
	Now      func() time.Time
	Log      *slog.Logger
	// Compliance serves corrections, deletions, history and verification
	// and audits access to originals; nil answers those routes with 503.
	Compliance *Compliance
	// Auth authenticates tokens; nil refuses every route but the open
	// ones (health, the webhook with its own token, the export key).
	Auth *auth.Store
	// Exports runs and keeps exports; nil answers those routes with 503.
	Exports *Exports
	// Vendors is the vendor register, read by the vendor routes and
	// taught by corrections; nil answers those routes with 503.
	Vendors VendorRegister

	// DrawPage draws page images; nil answers that route with 503.
	DrawPage PageDrawer

	drawOnce sync.Once
	drawing  chan struct{} // drawSlots
}

// Handler returns the routes, each behind the role check of
// RoutePermissions.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/health", s.health)
	mux.HandleFunc("POST /api/v1/documents", s.upload)
	mux.HandleFunc("GET /api/v1/documents/{id}", s.document)
	mux.HandleFunc("GET /api/v1/documents/{id}/versions", s.versions)
	mux.HandleFunc("GET /api/v1/documents/{id}/original", s.original)
	mux.HandleFunc("GET /api/v1/documents/{id}/ocr", s.ocr)
	mux.HandleFunc("GET /api/v1/documents/{id}/pages/{n}", s.page)
	mux.HandleFunc("GET /api/v1/documents/{id}/history", s.history)
	mux.HandleFunc("POST /api/v1/documents/{id}/corrections", s.correct)
	mux.HandleFunc("POST /api/v1/documents/{id}/deletion", s.deletion)
	mux.HandleFunc("POST /api/v1/documents/{id}/legal-hold", s.legalHold)
	mux.HandleFunc("POST /api/v1/verify", s.verifyRun)
	mux.HandleFunc("GET /api/v1/verify", s.verifyStatus)
	mux.HandleFunc("GET /api/v1/search", s.search)
	mux.HandleFunc("POST /api/v1/reindex", s.reindex)
	mux.HandleFunc("GET /api/v1/whoami", s.whoami)
	mux.HandleFunc("GET /api/v1/review", s.review)
	mux.HandleFunc("GET /api/v1/tokens", s.tokenList)
	mux.HandleFunc("POST /api/v1/tokens", s.tokenCreate)
	mux.HandleFunc("DELETE /api/v1/tokens/{id}", s.tokenRevoke)
	mux.HandleFunc("POST /api/v1/exports", s.exportCreate)
	mux.HandleFunc("GET /api/v1/exports/{id}", s.exportStatus)
	mux.HandleFunc("GET /api/v1/exports/{id}/download", s.exportDownload)
	mux.HandleFunc("GET /api/v1/export-key", s.exportKey)
	mux.HandleFunc("GET /api/v1/vendors", s.vendorList)
	mux.HandleFunc("GET /api/v1/vendors/{id}", s.vendorDetail)
	mux.HandleFunc("POST /api/v1/vendors/rebuild", s.vendorRebuild)
	if s.Webhook != nil {
		mux.Handle("POST /api/v1/intake/s3-events", s.Webhook)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such route: "+r.Method+" "+r.URL.Path+" (routes are under /api/v1)")
	})
	return s.guard(mux)
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, errorBody{Error: errorDetail{Code: code, Message: msg}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// storageError maps a storage error to a response.
func (s *Server) storageError(w http.ResponseWriter, what string, err error) {
	if errors.Is(err, storage.ErrNotFound) {
		writeError(w, http.StatusNotFound, "not_found", what+" not found")
		return
	}
	s.Log.Error("storage", "what", what, "err", err)
	writeError(w, http.StatusServiceUnavailable, "storage_unavailable", "storage did not answer; try again shortly")
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	n, err := s.Index.Count()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "index_unavailable", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "version": s.Version, "indexed": n})
}
