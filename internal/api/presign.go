package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/storage"
)

// presigner is the capability of an archive driver to hand out a
// short-lived URL that reads one object without credentials
// (storage.S3; the local driver has none and streams instead).
type presigner interface {
	PresignGet(ctx context.Context, key, name, mediaType string, ttl time.Duration) (*url.URL, error)
}

var _ presigner = (*storage.S3)(nil)

// Presigned URL lifetimes in seconds: short, since whoever holds the URL
// reads the file without a token.
const (
	presignDefault = 300
	presignMax     = 900
)

// PresignedOriginal is the body of the 307 answer to
// GET /documents/{id}/original?redirect=presigned and
// GET /exports/{id}/download?redirect=presigned.
type PresignedOriginal struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
	SHA256    string    `json:"sha256"`
	Name      string    `json:"name"`
}

// presignTTL reads ?redirect=presigned&expires=SECONDS.
func presignTTL(r *http.Request) (time.Duration, error) {
	q := r.URL.Query()
	if v := q.Get("redirect"); v != "presigned" {
		return 0, fmt.Errorf("redirect takes one value, presigned, not %s", quote(v))
	}
	secs := presignDefault
	if v := q.Get("expires"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > presignMax {
			return 0, fmt.Errorf("expires is 1 to %d seconds, not %s", presignMax, quote(v))
		}
		secs = n
	}
	return time.Duration(secs) * time.Second, nil
}

// presigned redirects to a presigned URL of the original on S3. The
// bytes then come from S3 without passing serve, so serve cannot verify
// them on the way: the answer names their SHA-256 for the client to
// check. Handing out the URL is the access, audited as one.
func (s *Server) presigned(w http.ResponseWriter, r *http.Request, p presigner, rc docstore.Receipt, ttl time.Duration) {
	u, err := p.PresignGet(r.Context(), storage.OriginalKey(rc.SHA256), rc.Name, rc.MediaType, ttl)
	if err != nil {
		s.storageError(w, "original of "+rc.DocID, err)
		return
	}
	body := PresignedOriginal{URL: u.String(), ExpiresAt: s.Now().Add(ttl).UTC(), SHA256: rc.SHA256, Name: rc.Name}
	s.originalAccessed(r, rc.DocID, rc.SHA256, map[string]string{"via": "presigned url", "expires_at": body.ExpiresAt.Format(time.RFC3339)})
	redirect(w, body)
}

// redirect answers 307 to a presigned URL, the body repeating it with
// the hash the client checks the bytes against.
func redirect(w http.ResponseWriter, body PresignedOriginal) {
	w.Header().Set("Location", body.URL)
	w.Header().Set("X-Content-SHA256", body.SHA256)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusTemporaryRedirect, body)
}
