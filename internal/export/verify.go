package export

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Problem is one thing wrong with an export, naming the file.
type Problem struct {
	File    string `json:"file"`
	Message string `json:"message"`
}

// Report is what Verify found.
type Report struct {
	Manifest *Manifest `json:"manifest,omitempty"`
	// KeySource says which key the signature was checked with: "given"
	// (the key the auditor supplied) or "manifest" (the key inside the
	// export, which proves integrity but not who made it).
	KeySource string    `json:"key_source"`
	Files     int       `json:"files"`
	Problems  []Problem `json:"problems"`
}

// OK reports an export that checked out.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) add(file, format string, a ...any) {
	r.Problems = append(r.Problems, Problem{File: file, Message: fmt.Sprintf(format, a...)})
}

// Verify checks an export: the manifest's signature (with pub, or the
// manifest's own key when pub is nil), every file against the manifest's
// hash and size, the export hash, and that the ZIP holds exactly the
// listed files. Every problem names the file. The error is for a file
// that is not a ZIP at all.
func Verify(r io.ReaderAt, size int64, pub ed25519.PublicKey) (*Report, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("export: not a readable ZIP: %w", err)
	}
	rep := &Report{Problems: []Problem{}}
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		if _, dup := entries[f.Name]; dup {
			rep.add(f.Name, "appears twice in the ZIP")
		}
		entries[f.Name] = f
	}
	mb, err := readEntry(entries[ManifestName])
	if err != nil {
		rep.add(ManifestName, "%v", err)
		return rep, nil
	}
	sb, err := readEntry(entries[SigName])
	if err != nil {
		rep.add(SigName, "%v", err)
	}
	m := &Manifest{}
	dec := json.NewDecoder(bytes.NewReader(mb))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		rep.add(ManifestName, "not a valid manifest: %v", err)
		return rep, nil
	}
	rep.Manifest = m
	rep.KeySource = "given"
	if pub == nil {
		rep.KeySource = "manifest"
		if pub, err = ParsePublicKey(m.PublicKey); err != nil {
			rep.add(ManifestName, "%v", err)
		}
	}
	if sb != nil && pub != nil {
		sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(sb)))
		switch {
		case err != nil || len(sig) != ed25519.SignatureSize:
			rep.add(SigName, "not a base64 Ed25519 signature")
		case !ed25519.Verify(pub, mb, sig):
			rep.add(ManifestName, "the signature does not match: the manifest was changed or signed with another key")
		}
	}
	if got := ExportHash(m.Files); got != m.ExportSHA256 {
		rep.add(ManifestName, "export_sha256 is %s, the file list hashes to %s", m.ExportSHA256, got)
	}
	listed := map[string]bool{ManifestName: true, SigName: true}
	for _, lf := range m.Files {
		listed[lf.Path] = true
		f, ok := entries[lf.Path]
		if !ok {
			rep.add(lf.Path, "listed in the manifest but missing from the ZIP")
			continue
		}
		rep.Files++
		sum, n, err := hashEntry(f)
		switch {
		case err != nil:
			rep.add(lf.Path, "cannot be read: %v", err)
		case sum != lf.SHA256 || n != lf.Size:
			rep.add(lf.Path, "altered: %d bytes hashing to %s, the manifest says %d bytes hashing to %s", n, sum, lf.Size, lf.SHA256)
		}
	}
	for _, f := range zr.File {
		if !listed[f.Name] {
			rep.add(f.Name, "in the ZIP but not in the manifest (added)")
		}
	}
	return rep, nil
}

// maxManifest bounds what is read into memory of the manifest and
// signature; a manifest lists each file in about 150 bytes.
const maxManifest = 256 << 20

func readEntry(f *zip.File) ([]byte, error) {
	if f == nil {
		return nil, fmt.Errorf("missing from the ZIP")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot be opened: %w", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxManifest))
	if err != nil {
		return nil, fmt.Errorf("cannot be read (changed in the ZIP?): %w", err)
	}
	return b, nil
}

// hashEntry streams an entry through SHA-256. A changed byte of stored
// data shows as a different hash, or as zip's own CRC error.
func hashEntry(f *zip.File) (string, int64, error) {
	rc, err := f.Open()
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	return hex.EncodeToString(h.Sum(nil)), n, err
}
