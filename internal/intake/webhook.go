package intake

import (
	"crypto/subtle"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// event is the part of an S3 bucket notification (the AWS event format
// that MinIO and others post) that intake reads.
type event struct {
	Records []struct {
		EventName string `json:"eventName"`
		S3        struct {
			Bucket struct {
				Name string `json:"name"`
			} `json:"bucket"`
			Object struct {
				Key string `json:"key"`
			} `json:"object"`
		} `json:"s3"`
	} `json:"Records"`
}

// Webhook handles S3 event notifications for bucket. token, when set,
// must come as "Authorization: Bearer <token>" (MinIO sends its
// auth_token setting that way). Keys arrive URL-encoded.
func (w *Watcher) Webhook(bucket, token string) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if token != "" {
			got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
				http.Error(rw, `{"error":{"code":"unauthorized","message":"bad webhook token"}}`, http.StatusUnauthorized)
				return
			}
		}
		var ev event
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&ev); err != nil {
			// MinIO checks the endpoint with an empty POST at start-up.
			rw.WriteHeader(http.StatusOK)
			return
		}
		for _, rec := range ev.Records {
			if !strings.HasPrefix(rec.EventName, "s3:ObjectCreated:") || rec.S3.Bucket.Name != bucket {
				continue
			}
			key, err := url.QueryUnescape(rec.S3.Object.Key)
			if err != nil || !w.Eligible(key) {
				continue
			}
			if err := w.Queue.EnqueueIntake(r.Context(), key); err != nil {
				// A non-2xx makes MinIO keep the event in its queue
				// directory and send it again.
				w.Log.Warn("webhook: enqueue failed", "key", key, "err", err)
				http.Error(rw, `{"error":{"code":"unavailable","message":"queue unavailable"}}`, http.StatusServiceUnavailable)
				return
			}
		}
		rw.WriteHeader(http.StatusOK)
	})
}
