package api

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/export"
	"github.com/shohyo/shohyo/internal/index"
)

// Exports runs exports in the background and keeps the finished files in
// Dir, on the server's disk (not in the archive: an export is a copy for
// someone, and the archive's object lock would keep it for years).
type Exports struct {
	Exporter *export.Exporter
	Dir      string

	mu   sync.Mutex
	jobs map[string]*ExportStatus
	// running bounds concurrent exports; each streams at disk speed, so
	// more at once only share the same disk.
	running chan struct{}
}

// ExportStatus is the answer of POST /exports and GET /exports/{id}.
type ExportStatus struct {
	ID        string         `json:"id"`
	State     string         `json:"state"` // running, done, failed
	Request   export.Request `json:"request"`
	By        string         `json:"by"`
	CreatedAt time.Time      `json:"created_at"`
	Done      int            `json:"done"`
	Total     int            `json:"total"`
	Bytes     int64          `json:"bytes"`
	Error     string         `json:"error,omitempty"`
	// FileSHA256 is the hash of the whole file (ZIP or CSV), also in the
	// exported audit event; ExportSHA256 the manifest's export hash.
	FileSHA256   string `json:"file_sha256,omitempty"`
	ExportSHA256 string `json:"export_sha256,omitempty"`
	Download     string `json:"download,omitempty"`
	file         string
}

func (x *Exports) init() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.jobs == nil {
		x.jobs = map[string]*ExportStatus{}
		x.running = make(chan struct{}, 2)
	}
}

func (x *Exports) get(id string) (ExportStatus, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	st, ok := x.jobs[id]
	if !ok {
		return ExportStatus{}, false
	}
	return *st, true
}

func (x *Exports) update(id string, fn func(*ExportStatus)) {
	x.mu.Lock()
	defer x.mu.Unlock()
	fn(x.jobs[id])
}

func (s *Server) exportsReady(w http.ResponseWriter) bool {
	if s.Exports == nil || s.Exports.Exporter == nil {
		writeError(w, http.StatusServiceUnavailable, "not_configured", "exports are not configured in this server")
		return false
	}
	s.Exports.init()
	return true
}

func (s *Server) exportCreate(w http.ResponseWriter, r *http.Request) {
	if !s.exportsReady(w) {
		return
	}
	var req export.Request
	if !decodeBody(w, r, &req) {
		return
	}
	if err := req.Normalize(); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	ids, err := export.Select(s.Index, req)
	var se *index.SyntaxError
	switch {
	case errors.As(err, &se):
		writeJSON(w, http.StatusBadRequest, syntaxErrorBody{Error: syntaxErrorDetail{Code: "bad_query", Message: se.Error(), Column: se.Column, Query: se.Query}})
		return
	case errors.Is(err, export.ErrEmpty):
		writeError(w, http.StatusUnprocessableEntity, "empty", "the request selects no document; check the query (deleted documents need deleted=include)")
		return
	case err != nil && strings.HasPrefix(err.Error(), "export: search:"):
		s.Log.Error("export search", "err", err)
		writeError(w, http.StatusServiceUnavailable, "index_unavailable", "the index did not answer; try again shortly")
		return
	case err != nil:
		writeError(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	var raw [8]byte
	_, _ = rand.Read(raw[:])
	id := hex.EncodeToString(raw[:])
	t := auth.FromContext(r.Context())
	by := export.Actor{Kind: "person", Name: t.User, Role: string(t.Role), Token: t.ID}
	ext := ".zip"
	if req.Format == export.FormatNTACSV {
		ext = ".csv"
	}
	st := &ExportStatus{ID: id, State: "running", Request: req, By: t.User, CreatedAt: s.Now().UTC(), Total: len(ids),
		file: filepath.Join(s.Exports.Dir, id+ext)}
	s.Exports.mu.Lock()
	s.Exports.jobs[id] = st
	s.Exports.mu.Unlock()
	ev := eventFor(r, audit.Event{Type: audit.Exported})
	go s.runExport(context.WithoutCancel(r.Context()), export.Job{ID: id, Request: req, By: by, IDs: ids}, st.file, ev)
	w.Header().Set("Location", "/api/v1/exports/"+id)
	cp, _ := s.Exports.get(id)
	writeJSON(w, http.StatusAccepted, cp)
}

// runExport writes the file under a temporary name, renames it when
// complete and signed, and then records the exported event with the
// file's hash: the trail names exactly what left the archive.
func (s *Server) runExport(ctx context.Context, job export.Job, path string, ev audit.Event) {
	x := s.Exports
	x.running <- struct{}{}
	defer func() { <-x.running }()
	fail := func(err error) {
		s.Log.Error("export failed", "export", job.ID, "err", err)
		x.update(job.ID, func(st *ExportStatus) { st.State, st.Error = "failed", err.Error() })
	}
	if err := os.MkdirAll(x.Dir, 0o700); err != nil {
		fail(fmt.Errorf("export directory: %w", err))
		return
	}
	part := path + ".part"
	f, err := os.OpenFile(part, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		fail(err)
		return
	}
	h := sha256.New()
	m, err := x.Exporter.Write(ctx, io.MultiWriter(f, h), job, func(p export.Progress) {
		x.update(job.ID, func(st *ExportStatus) { st.Done, st.Total, st.Bytes = p.Done, p.Total, p.Bytes })
	})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(part, path)
	}
	if err != nil {
		os.Remove(part)
		fail(err)
		return
	}
	fi, _ := os.Stat(path)
	sum := hex.EncodeToString(h.Sum(nil))
	ev.Detail["export_id"] = job.ID
	ev.Detail["format"] = job.Request.Format
	ev.Detail["query"] = job.Request.Query
	ev.Detail["doc_ids"] = strconv.Itoa(len(job.Request.DocIDs))
	ev.Detail["documents"] = strconv.Itoa(m.Counts.Documents)
	ev.Detail["file_sha256"] = sum
	ev.Detail["export_sha256"] = m.ExportSHA256
	ev.Detail["size"] = strconv.FormatInt(fi.Size(), 10)
	if s.Compliance != nil && s.Compliance.Audit != nil {
		_ = s.event(ctx, ev)
	}
	x.update(job.ID, func(st *ExportStatus) {
		st.State, st.FileSHA256, st.ExportSHA256, st.Bytes = "done", sum, m.ExportSHA256, fi.Size()
		st.Download = "/api/v1/exports/" + job.ID + "/download"
	})
}

func (s *Server) exportFind(w http.ResponseWriter, r *http.Request) (ExportStatus, bool) {
	if !s.exportsReady(w) {
		return ExportStatus{}, false
	}
	st, ok := s.Exports.get(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "no export "+r.PathValue("id")+" (exports are kept until serve restarts)")
	}
	return st, ok
}

func (s *Server) exportStatus(w http.ResponseWriter, r *http.Request) {
	if st, ok := s.exportFind(w, r); ok {
		writeJSON(w, http.StatusOK, st)
	}
}

func (s *Server) exportDownload(w http.ResponseWriter, r *http.Request) {
	st, ok := s.exportFind(w, r)
	if !ok {
		return
	}
	if st.State != "done" {
		writeError(w, http.StatusConflict, "not_ready", "export "+st.ID+" is "+st.State+"; follow GET /api/v1/exports/"+st.ID)
		return
	}
	f, err := os.Open(st.file)
	if err != nil {
		s.Log.Error("export file", "export", st.ID, "err", err)
		writeError(w, http.StatusGone, "gone", "the file of export "+st.ID+" is no longer on the server; export again")
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		writeError(w, http.StatusGone, "gone", "the file of export "+st.ID+" cannot be read; export again")
		return
	}
	ct := "application/zip"
	if st.Request.Format == export.FormatNTACSV {
		ct = "text/csv; charset=utf-8"
		if st.Request.Encoding == "sjis" {
			ct = "text/csv; charset=Shift_JIS"
		}
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="shohyo-export-`+st.ID+filepath.Ext(st.file)+`"`)
	w.Header().Set("X-Content-SHA256", st.FileSHA256)
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

// exportKey publishes the public key exports are signed with.
func (s *Server) exportKey(w http.ResponseWriter, r *http.Request) {
	if !s.exportsReady(w) {
		return
	}
	pub := s.Exports.Exporter.Key.Public().(ed25519.PublicKey)
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "key_unavailable", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{
		"public_key": export.EncodePublicKey(pub),
		"pem":        string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})),
	})
}
