package export

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"time"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// Exporter writes exports from the archive.
type Exporter struct {
	Docs      *docstore.Store
	Originals *storage.Archive
	// Archive is the bucket holding the audit trail.
	Archive   *storage.Bucket
	Key       ed25519.PrivateKey
	Now       func() time.Time
	Generator string // program and version, for the manifest
	// TempDir holds the spooled CSV and JSONL rows ("" = os.TempDir).
	TempDir string
}

// Progress is reported after every document.
type Progress struct {
	Done, Total int
	Bytes       int64
}

// Job is one export to write.
type Job struct {
	ID      string
	Request Request
	By      Actor
	// IDs are the documents, resolved from the request (Select).
	IDs []string
}

// bomUTF8 lets Excel recognise the CSV as UTF-8.
var bomUTF8 = []byte{0xEF, 0xBB, 0xBF}

// spool is a temporary file one kind of row is written to.
type spool struct {
	f *os.File
	w *bufio.Writer
}

func (e *Exporter) newSpool(name string) (*spool, error) {
	f, err := os.CreateTemp(e.TempDir, "shohyo-export-"+name+"-*")
	if err != nil {
		return nil, fmt.Errorf("export: spool %s: %w", name, err)
	}
	return &spool{f: f, w: bufio.NewWriter(f)}, nil
}

func (s *spool) close() { s.f.Close(); os.Remove(s.f.Name()) }

// hashingWriter counts and hashes what goes into one ZIP entry.
type hashingWriter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func newHash() hash.Hash        { return sha256.New() }
func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

func (h *hashingWriter) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

// zipOut writes entries and remembers each one's hash and size.
type zipOut struct {
	z     *zip.Writer
	files []File
	now   time.Time
	cw    *countingWriter
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// entry copies r into a new entry. Originals are stored, not deflated:
// scans and PDFs are compressed already, and storing keeps the export fast.
func (z *zipOut) entry(name string, r io.Reader, deflate bool) error {
	m := zip.Store
	if deflate {
		m = zip.Deflate
	}
	w, err := z.z.CreateHeader(&zip.FileHeader{Name: name, Method: m, Modified: z.now})
	if err != nil {
		return fmt.Errorf("export: zip %s: %w", name, err)
	}
	hw := &hashingWriter{w: w, h: sha256.New()}
	if _, err := io.Copy(hw, r); err != nil {
		return fmt.Errorf("export: write %s: %w", name, err)
	}
	z.files = append(z.files, File{Path: name, SHA256: hex.EncodeToString(hw.h.Sum(nil)), Size: hw.n})
	return nil
}

// csvWriter returns a CSV writer over w in the request's encoding, and
// writes the UTF-8 BOM first when that is the encoding.
func csvWriter(w io.Writer, encoding string) (*csv.Writer, io.Closer, error) {
	if encoding == "sjis" {
		// Characters Shift_JIS lacks become its replacement character;
		// records.jsonl keeps every value exactly.
		tw := transform.NewWriter(w, japanese.ShiftJIS.NewEncoder())
		cw := csv.NewWriter(tw)
		cw.UseCRLF = true
		return cw, tw, nil
	}
	if _, err := w.Write(bomUTF8); err != nil {
		return nil, nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw, io.NopCloser(nil), nil
}

// Write streams the export of job to w and returns its manifest (for the
// nta-csv format, the manifest describes the one CSV and is not written).
func (e *Exporter) Write(ctx context.Context, w io.Writer, job Job, progress func(Progress)) (*Manifest, error) {
	if err := job.Request.Normalize(); err != nil {
		return nil, err
	}
	now := e.Now().UTC()
	m := &Manifest{Format: ManifestFormat, ExportID: job.ID, CreatedAt: now, CreatedBy: job.By,
		Generator: e.Generator, Request: job.Request, PublicKey: EncodePublicKey(e.Key.Public().(ed25519.PublicKey))}
	if job.Request.Format == FormatNTACSV {
		return m, e.writeCSVOnly(ctx, w, job, m, progress)
	}
	cw := &countingWriter{w: w}
	z := &zipOut{z: zip.NewWriter(cw), now: now, cw: cw}
	names := []string{"records.csv", "records.jsonl", "history.jsonl", "audit.jsonl"}
	spools := map[string]*spool{}
	for _, n := range names {
		s, err := e.newSpool(n)
		if err != nil {
			return nil, err
		}
		defer s.close()
		spools[n] = s
	}
	csvw, csvClose, err := csvWriter(spools["records.csv"].w, job.Request.Encoding)
	if err != nil {
		return nil, err
	}
	if err := csvw.Write(Columns); err != nil {
		return nil, fmt.Errorf("export: csv: %w", err)
	}
	recs, hist := json.NewEncoder(spools["records.jsonl"].w), json.NewEncoder(spools["history.jsonl"].w)
	recs.SetEscapeHTML(false)
	hist.SetEscapeHTML(false)
	for i, id := range job.IDs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := e.document(ctx, z, id, csvw, recs, hist, &m.Counts); err != nil {
			return nil, err
		}
		if progress != nil {
			progress(Progress{Done: i + 1, Total: len(job.IDs), Bytes: cw.n})
		}
	}
	csvw.Flush()
	if err := errors.Join(csvw.Error(), csvClose.Close()); err != nil {
		return nil, fmt.Errorf("export: csv: %w", err)
	}
	if m.Counts.AuditEvents, err = e.auditEvents(ctx, job.IDs, spools["audit.jsonl"].w); err != nil {
		return nil, err
	}
	for _, n := range names {
		s := spools[n]
		if err := s.w.Flush(); err != nil {
			return nil, fmt.Errorf("export: spool %s: %w", n, err)
		}
		if _, err := s.f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("export: spool %s: %w", n, err)
		}
		if err := z.entry(n, s.f, true); err != nil {
			return nil, err
		}
	}
	if err := e.finish(z, m); err != nil {
		return nil, err
	}
	return m, nil
}

// finish writes the manifest and its signature and closes the ZIP.
func (e *Exporter) finish(z *zipOut, m *Manifest) error {
	m.Files = z.files
	m.ExportSHA256 = ExportHash(m.Files)
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("export: manifest: %w", err)
	}
	mb = append(mb, '\n')
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(e.Key, mb)) + "\n"
	for _, f := range []struct {
		name string
		b    []byte
	}{{ManifestName, mb}, {SigName, []byte(sig)}} {
		w, err := z.z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: z.now})
		if err == nil {
			_, err = w.Write(f.b)
		}
		if err != nil {
			return fmt.Errorf("export: write %s: %w", f.name, err)
		}
	}
	m.Files = z.files
	if err := z.z.Close(); err != nil {
		return fmt.Errorf("export: close zip: %w", err)
	}
	return nil
}

// document writes one document's original and its rows.
func (e *Exporter) document(ctx context.Context, z *zipOut, id string, csvw *csv.Writer, recs, hist *json.Encoder, c *Counts) error {
	h, err := e.Docs.History(ctx, id)
	if err != nil {
		return fmt.Errorf("export: document %s: %w", id, err)
	}
	if len(h.Receipts) == 0 {
		return fmt.Errorf("export: document %s: %w", id, storage.ErrNotFound)
	}
	var cur *record.Version
	if n := len(h.Versions); n > 0 {
		cur = &h.Versions[n-1].Version
	}
	orig := record.Original{SHA256: h.Receipts[0].SHA256, Size: h.Receipts[0].Size, Name: h.Receipts[0].Name,
		MediaType: h.Receipts[0].MediaType, ReceivedAt: h.Receipts[0].ReceivedAt}
	name := OriginalName(id, cur, orig)
	rc, err := e.Originals.OpenOriginal(ctx, orig.SHA256)
	if err != nil {
		return fmt.Errorf("export: original of %s: %w", id, err)
	}
	err = z.entry(name, rc, false) // the archive checks the hash as it streams
	rc.Close()
	if err != nil {
		return err
	}
	c.Documents++
	c.Originals++
	c.Versions += len(h.Versions)
	if h.Deletion != nil {
		c.Deletions++
	}
	if cur != nil {
		if err := csvw.Write(row(cur, h.Deletion, name)); err != nil {
			return fmt.Errorf("export: csv: %w", err)
		}
	}
	if err := recs.Encode(RecordLine{DocID: id, Original: name, Status: statusOf(cur, h), Record: cur, Deletion: h.Deletion}); err != nil {
		return fmt.Errorf("export: records.jsonl: %w", err)
	}
	return writeHistory(ctx, e.Docs, hist, h)
}

func statusOf(cur *record.Version, h *docstore.History) string {
	switch {
	case h.Quarantine != nil:
		return "quarantined"
	case cur != nil:
		return cur.Status
	}
	return "received"
}

// RecordLine is one line of records.jsonl (schemas/export-record.schema.json).
type RecordLine struct {
	DocID    string             `json:"doc_id"`
	Original string             `json:"original_file"`
	Status   string             `json:"status"`
	Record   *record.Version    `json:"record"`
	Deletion *docstore.Deletion `json:"deletion,omitempty"`
}

// HistoryLine is one line of history.jsonl: one stored object of a
// document with its key and the hash of its stored bytes, so each can be
// matched with the audit events that name it.
type HistoryLine struct {
	DocID  string `json:"doc_id"`
	Kind   string `json:"kind"` // receipt, version, deletion
	Object string `json:"object,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	Data   any    `json:"data"`
}

func writeHistory(ctx context.Context, docs *docstore.Store, enc *json.Encoder, h *docstore.History) error {
	var lines []HistoryLine
	for _, r := range h.Receipts {
		lines = append(lines, HistoryLine{DocID: h.DocID, Kind: "receipt", Data: r})
	}
	for _, v := range h.Versions {
		lines = append(lines, HistoryLine{DocID: h.DocID, Kind: "version", Object: v.Key, SHA256: v.SHA256, Data: v.Version})
	}
	if h.Deletion != nil {
		ref, err := docs.Ref(ctx, docstore.DeletionKey(h.DocID))
		if err != nil {
			return fmt.Errorf("export: deletion marker of %s: %w", h.DocID, err)
		}
		lines = append(lines, HistoryLine{DocID: h.DocID, Kind: "deletion", Object: ref.Key, SHA256: ref.SHA256, Data: h.Deletion})
	}
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return fmt.Errorf("export: history.jsonl: %w", err)
		}
	}
	return nil
}
