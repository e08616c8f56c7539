// Package export answers an auditor's or tax official's download request
// (ダウンロードの求め, docs/compliance.md row 9): a selection of documents
// as one ZIP, written as a stream with memory that does not grow with the
// number or size of the documents, and signed so it can be checked
// off-line.
//
// Layout of the ZIP, in the order it is written:
//
//	originals/<date>_<counterparty>_<amount>_<id>.<ext>  the originals, byte-identical
//	records.csv      one row per document, every field (UTF-8 with BOM, or Shift_JIS)
//	records.jsonl    one line per document: the current record version and deletion marker
//	history.jsonl    one line per receipt, version and deletion marker, each with its archive key and hash
//	audit.jsonl      the audit events of the documents, each with its stored line and that line's hash
//	manifest.json    what was asked, by whom, when; every file's SHA-256 and size; counts; the export's hash
//	manifest.sig     Ed25519 signature (base64) over the exact bytes of manifest.json
//
// The export's own hash (Manifest.ExportSHA256) is the SHA-256 of the
// lines "<sha256>  <path>\n" of the files in manifest order, the format of
// sha256sum, so it can be recomputed with common tools. Verify checks the
// signature, every file's hash and size, and that nothing is missing or
// extra.
//
// Originals and records are written while the rows of the CSV and JSONL
// files go to temporary files; those are copied into the ZIP after the
// originals, because a ZIP is written one entry after another.
package export

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// Format names.
const (
	FormatZIP    = "zip"     // the whole export
	FormatNTACSV = "nta-csv" // records.csv alone, for a tax official
	ManifestName = "manifest.json"
	SigName      = "manifest.sig"
	// ManifestFormat is the manifest's own format version.
	ManifestFormat = "shohyo-export/1"
)

// Request is what was asked for: a query in the search language, or a
// list of documents, or both (their union).
type Request struct {
	Query    string   `json:"query,omitempty"`
	DocIDs   []string `json:"doc_ids,omitempty"`
	Format   string   `json:"format,omitempty"`   // zip (default) or nta-csv
	Encoding string   `json:"encoding,omitempty"` // utf-8 (default) or sjis, of the CSV
}

// Normalize fills defaults and checks the values.
func (r *Request) Normalize() error {
	if r.Format == "" {
		r.Format = FormatZIP
	}
	if r.Encoding == "" || r.Encoding == "utf8" {
		r.Encoding = "utf-8"
	}
	if r.Encoding == "shift_jis" {
		r.Encoding = "sjis"
	}
	switch {
	case r.Format != FormatZIP && r.Format != FormatNTACSV:
		return fmt.Errorf("export: format %q: want zip or nta-csv", r.Format)
	case r.Encoding != "utf-8" && r.Encoding != "sjis":
		return fmt.Errorf("export: encoding %q: want utf-8 or sjis", r.Encoding)
	case len(r.DocIDs) > maxDocIDs:
		return fmt.Errorf("export: %d documents listed; list at most %d, or use a query", len(r.DocIDs), maxDocIDs)
	}
	return nil
}

// maxDocIDs bounds an explicit list; a query has no such bound.
const maxDocIDs = 100_000

// Actor is who asked for the export.
type Actor struct {
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"`
	Token string `json:"token,omitempty"`
}

// File is one file of the export.
type File struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Counts says how much is inside.
type Counts struct {
	Documents   int `json:"documents"`
	Originals   int `json:"originals"`
	Versions    int `json:"versions"`
	Deletions   int `json:"deletions"`
	AuditEvents int `json:"audit_events"`
}

// Manifest is manifest.json (schemas/export-manifest.schema.json).
type Manifest struct {
	Format       string    `json:"format"`
	ExportID     string    `json:"export_id"`
	CreatedAt    time.Time `json:"created_at"`
	CreatedBy    Actor     `json:"created_by"`
	Generator    string    `json:"generator"`
	Request      Request   `json:"request"`
	Counts       Counts    `json:"counts"`
	Files        []File    `json:"files"`
	ExportSHA256 string    `json:"export_sha256"`
	// PublicKey is the installation's Ed25519 key (base64): convenient,
	// but an auditor checks against the key published by the API
	// (GET /api/v1/export-key), since whoever alters an export can also
	// put a key of their own here.
	PublicKey string `json:"public_key"`
}

// ExportHash is the hash of the sha256sum-style listing of files.
func ExportHash(files []File) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s  %s\n", f.SHA256, f.Path)
	}
	return hex.EncodeToString(h.Sum(nil))
}
