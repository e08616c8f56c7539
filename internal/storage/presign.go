package storage

import (
	"context"
	"fmt"
	"mime"
	"net/url"
	"time"
)

// PresignGet returns a URL that reads object key without credentials
// until ttl has passed (S3 allows 1 second to 7 days). The answer names
// the file and its type, so a browser saves it under its name. The URL
// carries the endpoint serve reaches S3 by; clients must reach it too.
func (s *S3) PresignGet(ctx context.Context, key, name, mediaType string, ttl time.Duration) (*url.URL, error) {
	if err := CheckKey(key); err != nil {
		return nil, wrap("presign", key, err)
	}
	q := url.Values{}
	if name != "" {
		q.Set("response-content-disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	}
	if mediaType != "" {
		q.Set("response-content-type", mediaType)
	}
	u, err := s.c.PresignedGetObject(ctx, s.bucket, key, ttl, q)
	if err != nil {
		return nil, fmt.Errorf("storage: s3 presign %s: %w", key, err)
	}
	return u, nil
}
