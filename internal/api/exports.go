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
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/export"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/storage"
)

// Exports runs exports in the background. Jobs, their outcome and their
// files are kept in the archive (export.Jobs), so they outlive serve and
// a job cut short is run again at the next start (Server.ResumeExports);
// Dir, on the server's disk, only spools a running export's file.
type Exports struct {
	Exporter *export.Exporter
	Jobs     *export.Jobs
	Dir      string

	mu sync.Mutex
	// live is the progress of the jobs this process runs.
	live map[string]*ExportStatus
	// slots bounds concurrent exports; each streams at disk speed, so
	// more at once only share the same disk.
	slots chan struct{}
}

// ExportStatus is the answer of POST /exports and GET /exports/{id}.
type ExportStatus struct {
	ID        string         `json:"id"`
	State     string         `json:"state"` // running, done, failed
	Request   export.Request `json:"request"`
	By        string         `json:"by"`
	CreatedAt time.Time      `json:"created_at"`
	// Runs counts the runs started: more than one means serve stopped
	// during an earlier one and the job was run again.
	Runs  int    `json:"runs"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Bytes int64  `json:"bytes"`
	Error string `json:"error,omitempty"`
	// FileSHA256 is the hash of the whole file (ZIP or CSV), also in the
	// exported audit event; ExportSHA256 the manifest's export hash.
	FileSHA256   string `json:"file_sha256,omitempty"`
	ExportSHA256 string `json:"export_sha256,omitempty"`
	Download     string `json:"download,omitempty"`
}

func (x *Exports) init() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.live == nil {
		x.live = map[string]*ExportStatus{}
		x.slots = make(chan struct{}, 2)
	}
}

func (x *Exports) update(id string, fn func(*ExportStatus)) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if st, ok := x.live[id]; ok {
		fn(st)
	}
}

// forget drops a job's progress once its outcome is stored: the archive
// has the rest.
func (x *Exports) forget(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	delete(x.live, id)
}

// status is a job as stored, with this process's progress if it runs it.
func (x *Exports) status(js *export.JobState) ExportStatus {
	rec := js.Record
	st := ExportStatus{ID: rec.ID, State: "running", Request: rec.Request, By: rec.By.Name, CreatedAt: rec.CreatedAt,
		Runs: js.Runs, Total: len(rec.DocIDs)}
	x.mu.Lock()
	l, running := x.live[rec.ID]
	if running {
		st.Done, st.Bytes, st.Error = l.Done, l.Bytes, l.Error
		if l.State == "failed" { // a failure that could not be stored
			st.State = "failed"
		}
	}
	x.mu.Unlock()
	switch {
	// Done once its exported event is in the trail too (the run then
	// forgets it): a client that sees done finds the event.
	case js.Result != nil && !running:
		st.State, st.Done, st.Bytes = "done", len(rec.DocIDs), js.Result.Size
		st.FileSHA256, st.ExportSHA256 = js.Result.FileSHA256, js.Result.ExportSHA256
		st.Download = "/api/v1/exports/" + rec.ID + "/download"
	case js.Failure != nil:
		st.State, st.Error = "failed", js.Failure.Reason
	}
	return st
}

func (s *Server) exportsReady(w http.ResponseWriter) bool {
	if s.Exports == nil || s.Exports.Exporter == nil || s.Exports.Jobs == nil {
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
	t := auth.FromContext(r.Context())
	rec := &export.JobRecord{ID: hex.EncodeToString(raw[:]), Request: req, DocIDs: ids, CreatedAt: s.Now().UTC(),
		By: export.Actor{Kind: "person", Name: t.User, Role: string(t.Role), Token: t.ID}}
	if err := s.Exports.Jobs.Create(r.Context(), rec); err != nil {
		s.storageError(w, "export job", err)
		return
	}
	s.startExport(rec)
	w.Header().Set("Location", "/api/v1/exports/"+rec.ID)
	writeJSON(w, http.StatusAccepted, s.Exports.status(&export.JobState{Record: *rec}))
}

// ResumeExports runs again every export job that has no outcome: serve
// stopped while it ran. Called once at start.
func (s *Server) ResumeExports(ctx context.Context) error {
	if s.Exports == nil || s.Exports.Jobs == nil {
		return nil
	}
	s.Exports.init()
	ids, err := s.Exports.Jobs.Unfinished(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		js, err := s.Exports.Jobs.Load(ctx, id)
		if err != nil {
			s.Log.Error("export job unreadable", "export", id, "err", err)
			if ferr := s.Exports.Jobs.Fail(ctx, id, "the job could not be read back to run it again: "+err.Error()); ferr != nil {
				return ferr
			}
			continue
		}
		s.Log.Info("export cut short by a stop; running it again", "export", id, "runs", js.Runs)
		s.startExport(&js.Record)
	}
	return nil
}

func (s *Server) startExport(rec *export.JobRecord) {
	x := s.Exports
	x.mu.Lock()
	x.live[rec.ID] = &ExportStatus{ID: rec.ID, State: "running", Total: len(rec.DocIDs)}
	x.mu.Unlock()
	go s.runExport(context.Background(), rec)
}

// runExport runs one job: the file is spooled to Dir, stored in the
// archive with its result, and then the exported event records the
// file's hash, so the trail names exactly what left the archive.
func (s *Server) runExport(ctx context.Context, rec *export.JobRecord) {
	x := s.Exports
	x.slots <- struct{}{}
	defer func() { <-x.slots }()
	fail := func(reason string) {
		s.Log.Error("export failed", "export", rec.ID, "reason", reason)
		if err := x.Jobs.Fail(ctx, rec.ID, reason); err != nil {
			s.Log.Error("export failure not stored; the job runs again at the next start", "export", rec.ID, "err", err)
			x.update(rec.ID, func(st *ExportStatus) { st.State, st.Error = "failed", reason })
			return
		}
		x.forget(rec.ID)
	}
	n, err := x.Jobs.StartRun(ctx, rec.ID)
	if err != nil {
		fail(err.Error())
		return
	}
	if n > export.MaxRuns {
		fail(fmt.Sprintf("given up: %d runs were cut short by serve stopping; export again, in smaller parts if it is large", n-1))
		return
	}
	res, f, err := s.writeExport(ctx, rec)
	if f != nil {
		defer os.Remove(f.Name())
		defer f.Close()
	}
	if err == nil {
		res, err = x.Jobs.Finish(ctx, rec, n, f, res)
	}
	if err != nil {
		fail(err.Error())
		return
	}
	if s.Compliance != nil && s.Compliance.Audit != nil {
		_ = s.event(ctx, exportedEvent(rec, res))
	}
	x.forget(rec.ID)
}

// writeExport writes the job's file to a temporary file in Dir and
// returns it rewound, with its result.
func (s *Server) writeExport(ctx context.Context, rec *export.JobRecord) (export.Result, *os.File, error) {
	x := s.Exports
	if err := os.MkdirAll(x.Dir, 0o700); err != nil {
		return export.Result{}, nil, fmt.Errorf("export directory: %w", err)
	}
	f, err := os.CreateTemp(x.Dir, rec.ID+"-*"+rec.Ext()+".part")
	if err != nil {
		return export.Result{}, nil, err
	}
	h := sha256.New()
	m, err := x.Exporter.Write(ctx, io.MultiWriter(f, h), rec.Job(), func(p export.Progress) {
		x.update(rec.ID, func(st *ExportStatus) { st.Done, st.Total, st.Bytes = p.Done, p.Total, p.Bytes })
	})
	if err != nil {
		return export.Result{}, f, err
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	return export.Result{Size: size, FileSHA256: hex.EncodeToString(h.Sum(nil)), ExportSHA256: m.ExportSHA256,
		Documents: m.Counts.Documents}, f, err
}

// exportedEvent is the export's audit event, by the person who asked
// for it (also when a restart ran it).
func exportedEvent(rec *export.JobRecord, res export.Result) audit.Event {
	return audit.Event{Type: audit.Exported, Actor: audit.Actor{Kind: rec.By.Kind, Name: rec.By.Name},
		Object: res.File, SHA256: res.FileSHA256,
		Detail: map[string]string{
			"token": rec.By.Token, "role": rec.By.Role,
			"export_id": rec.ID, "format": rec.Request.Format, "query": rec.Request.Query,
			"doc_ids": strconv.Itoa(len(rec.Request.DocIDs)), "documents": strconv.Itoa(res.Documents),
			"file_sha256": res.FileSHA256, "export_sha256": res.ExportSHA256, "size": strconv.FormatInt(res.Size, 10),
		}}
}

// exportFind reads a job; a malformed id is as unknown as a missing one.
func (s *Server) exportFind(w http.ResponseWriter, r *http.Request) (*export.JobState, bool) {
	if !s.exportsReady(w) {
		return nil, false
	}
	id := r.PathValue("id")
	if !export.ValidJobID(id) {
		writeError(w, http.StatusNotFound, "not_found", "no export "+quote(id)+" (an export id is 16 lowercase hex digits)")
		return nil, false
	}
	js, err := s.Exports.Jobs.Load(r.Context(), id)
	if errors.Is(err, storage.ErrNotFound) {
		writeError(w, http.StatusNotFound, "not_found", "no export "+id)
		return nil, false
	}
	if err != nil {
		s.storageError(w, "export "+id, err)
		return nil, false
	}
	return js, true
}

func (s *Server) exportStatus(w http.ResponseWriter, r *http.Request) {
	if js, ok := s.exportFind(w, r); ok {
		writeJSON(w, http.StatusOK, s.Exports.status(js))
	}
}

func (s *Server) exportDownload(w http.ResponseWriter, r *http.Request) {
	js, ok := s.exportFind(w, r)
	if !ok {
		return
	}
	st := s.Exports.status(js)
	if js.Result == nil {
		writeError(w, http.StatusConflict, "not_ready", "export "+st.ID+" is "+st.State+"; follow GET /api/v1/exports/"+st.ID)
		return
	}
	ct := "application/zip"
	if st.Request.Format == export.FormatNTACSV {
		ct = "text/csv; charset=utf-8"
		if st.Request.Encoding == "sjis" {
			ct = "text/csv; charset=Shift_JIS"
		}
	}
	name := "shohyo-export-" + st.ID + js.Record.Ext()
	if r.URL.Query().Has("redirect") {
		ttl, err := presignTTL(r)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", err.Error())
			return
		}
		if p, ok := s.Exports.Jobs.B.Driver().(presigner); ok {
			u, err := p.PresignGet(r.Context(), js.Result.File, name, ct, ttl)
			if err != nil {
				s.storageError(w, "file of export "+st.ID, err)
				return
			}
			redirect(w, PresignedOriginal{URL: u.String(), ExpiresAt: s.Now().Add(ttl).UTC(), SHA256: st.FileSHA256, Name: name})
			return
		}
	}
	rc, err := s.Exports.Jobs.B.Open(r.Context(), js.Result.File)
	if err != nil {
		s.storageError(w, "file of export "+st.ID, err)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.FormatInt(js.Result.Size, 10))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("X-Content-SHA256", st.FileSHA256)
	if _, err := io.Copy(w, rc); err != nil {
		s.Log.Error("export download cut short", "export", st.ID, "err", err)
	}
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
