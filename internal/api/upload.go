package api

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"strings"
	"unicode"

	"github.com/shohyo/shohyo/internal/imagefmt"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/pipeline"
)

// Accepted is one uploaded file taken into the inbox.
type Accepted struct {
	Name   string `json:"name"`
	DocID  string `json:"doc_id"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Refused is one uploaded file that was not taken, and why: Code is
// stable (too_large, empty, unsupported), Reason for people.
type Refused struct {
	Name   string `json:"name"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// UploadResult is what POST /documents returns. When no file was taken
// the answer is a 422 with Error set besides the refusals.
type UploadResult struct {
	Error    *errorDetail `json:"error,omitempty"`
	Accepted []Accepted   `json:"accepted"`
	Refused  []Refused    `json:"refused"`
}

// upload takes multipart files (any field name) into the inbox. Each part
// is streamed to a temporary file, so memory stays flat whatever the size.
// Files that cannot be documents are refused here with a reason; the rest
// go through the same pipeline as a file dropped into the inbox.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	mr, err := r.MultipartReader()
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_upload", "send the files as multipart/form-data: "+err.Error())
		return
	}
	res := UploadResult{Accepted: []Accepted{}, Refused: []Refused{}}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_upload", "the multipart body is malformed: "+err.Error())
			return
		}
		if part.FileName() == "" {
			part.Close()
			continue
		}
		a, refusal, err := s.takeUpload(r, part)
		part.Close()
		switch {
		case err != nil:
			s.Log.Error("upload", "name", part.FileName(), "err", err)
			writeError(w, http.StatusServiceUnavailable, "storage_unavailable", "could not store "+part.FileName()+"; try again shortly")
			return
		case refusal != nil:
			refusal.Name = part.FileName()
			res.Refused = append(res.Refused, *refusal)
		default:
			res.Accepted = append(res.Accepted, a)
			s.uploaded(r, a)
		}
	}
	if len(res.Accepted)+len(res.Refused) == 0 {
		writeError(w, http.StatusBadRequest, "no_files", "the upload holds no file parts")
		return
	}
	if len(res.Accepted) == 0 {
		res.Error = &errorDetail{Code: "refused", Message: "no file was taken; each refusal says why"}
		writeJSON(w, http.StatusUnprocessableEntity, res)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) takeUpload(r *http.Request, part *multipart.Part) (Accepted, *Refused, error) {
	name := cleanName(part.FileName())
	tmp, err := os.CreateTemp("", "shohyo-upload-*")
	if err != nil {
		return Accepted{}, nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(part, s.MaxBytes+1))
	if err != nil {
		return Accepted{}, nil, fmt.Errorf("api: spool upload: %w", err)
	}
	if n > s.MaxBytes {
		return Accepted{}, &Refused{Code: "too_large", Reason: fmt.Sprintf("larger than the limit of %d bytes", s.MaxBytes)}, nil
	}
	head := make([]byte, 2048)
	m, _ := tmp.ReadAt(head, 0)
	head = head[:m]
	if imagefmt.Sniff(head) == imagefmt.Unknown {
		code := "unsupported"
		if n == 0 {
			code = "empty"
		}
		return Accepted{}, &Refused{Code: code, Reason: fmt.Sprintf("%s, not a PDF, JPEG, PNG, TIFF or WebP file", imagefmt.Describe(head))}, nil
	}
	sha := hex.EncodeToString(h.Sum(nil))
	key := pipeline.UploadPrefix + sha[:16] + "/" + name
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return Accepted{}, nil, err
	}
	if err := s.Inbox.Create(r.Context(), key, tmp, n, ""); err != nil && !errors.Is(err, storage.ErrExists) {
		return Accepted{}, nil, err
	}
	if err := s.Pipeline.EnqueueIntake(r.Context(), key); err != nil {
		return Accepted{}, nil, err
	}
	return Accepted{Name: name, DocID: record.DocID(sha), SHA256: sha, Size: n}, nil, nil
}

// cleanName keeps a file name usable as the last segment of a key.
func cleanName(n string) string {
	n = path.Base(strings.ReplaceAll(n, "\\", "/"))
	n = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '/' {
			return -1
		}
		return r
	}, n)
	n = strings.TrimLeft(n, ".~")
	if n == "" {
		n = "upload"
	}
	return n
}
