package storage

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/signer"
)

var (
	_ Locker        = (*S3)(nil)
	_ VersionLister = (*S3)(nil)
)

// ensureLock checks that an existing bucket has object lock (it cannot be
// turned on later) and applies the default retention.
func (s *S3) ensureLock(ctx context.Context) error {
	enabled, _, _, _, err := s.c.GetObjectLockConfig(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("storage: s3 bucket %s: read object lock configuration (was it created with object lock?): %w", s.bucket, err)
	}
	if enabled != "Enabled" {
		return fmt.Errorf("storage: s3 bucket %s exists without object lock; it can only be enabled at creation, so use a new bucket", s.bucket)
	}
	if s.days <= 0 {
		return nil
	}
	mode, days, unit := minio.Compliance, uint(s.days), minio.Days
	if err := s.c.SetObjectLockConfig(ctx, s.bucket, &mode, &days, &unit); err != nil {
		return fmt.Errorf("storage: s3 bucket %s: set default retention: %w", s.bucket, err)
	}
	return nil
}

// mapLockErr recognises a server's refusal to delete, replace or shorten a
// locked object. There is no standard code: MinIO answers InvalidRequest
// "Object is WORM protected", versitygw and AWS AccessDenied "... object
// lock"; a plain AccessDenied (wrong credentials) stays a raw error.
func mapLockErr(err error, sentinel error) error {
	if err == nil {
		return nil
	}
	er := minio.ToErrorResponse(err)
	msg := strings.ToLower(er.Message)
	if (er.Code == "InvalidRequest" || er.Code == "AccessDenied") &&
		(strings.Contains(msg, "worm") || strings.Contains(msg, "object lock")) {
		return fmt.Errorf("%w: %v", sentinel, err)
	}
	return mapErr(err)
}

// noLockConfig reports the errors servers answer for an object without a
// retention or legal hold, which is not a failure.
func noLockConfig(err error) bool {
	er := minio.ToErrorResponse(err)
	switch er.Code {
	case "NoSuchObjectLockConfiguration", "ObjectLockConfigurationNotFoundError", "NoSuchObjectLegalHold":
		return true
	}
	msg := strings.ToLower(er.Message)
	return strings.Contains(msg, "does not have a objectlock configuration") ||
		strings.Contains(msg, "does not have an objectlock configuration") ||
		strings.Contains(msg, "legal hold")
}

// SetRetention sets COMPLIANCE or GOVERNANCE retention on the current
// version of key. The server enforces never-shorten in COMPLIANCE mode;
// the check here gives a clear error first and covers GOVERNANCE.
func (s *S3) SetRetention(ctx context.Context, key string, until time.Time, mode Mode) error {
	cur, err := s.Retention(ctx, key)
	if err != nil {
		return err
	}
	until = ceilSecond(until)
	if !cur.Until.IsZero() && until.Before(cur.Until) {
		return fmt.Errorf("%w: %s is before %s", ErrShorten, until.Format(time.RFC3339), cur.Until.Format(time.RFC3339))
	}
	m := minio.RetentionMode(mode)
	err = s.c.PutObjectRetention(ctx, s.bucket, key, minio.PutObjectRetentionOptions{Mode: &m, RetainUntilDate: &until})
	return mapLockErr(err, ErrShorten)
}

// Retention reads the retention and legal hold of the current version.
// Two requests, because not every server returns the lock headers on a
// HEAD (versitygw does not).
func (s *S3) Retention(ctx context.Context, key string) (Retention, error) {
	var r Retention
	mode, until, err := s.getRetention(ctx, key)
	switch {
	case err == nil:
		if mode != nil {
			r.Mode = Mode(*mode)
		}
		if until != nil {
			r.Until = until.UTC()
		}
	case noLockConfig(err) && !isNotFound(err):
	default:
		return r, mapErr(err)
	}
	hold, err := s.c.GetObjectLegalHold(ctx, s.bucket, key, minio.GetObjectLegalHoldOptions{})
	switch {
	case err == nil:
		r.LegalHold = hold != nil && *hold == minio.LegalHoldEnabled
	case noLockConfig(err) && !isNotFound(err):
	default:
		return r, mapErr(err)
	}
	return r, nil
}

func isNotFound(err error) bool { return errors.Is(mapErr(err), ErrNotFound) }

// SetLegalHold places or lifts a legal hold on the current version.
func (s *S3) SetLegalHold(ctx context.Context, key string, on bool) error {
	st := minio.LegalHoldDisabled
	if on {
		st = minio.LegalHoldEnabled
	}
	if _, err := s.Stat(ctx, key); err != nil {
		return err // S3 answers a missing key with a less clear error
	}
	err := s.c.PutObjectLegalHold(ctx, s.bucket, key, minio.PutObjectLegalHoldOptions{Status: &st})
	return mapLockErr(err, ErrLocked)
}

// ListVersions lists every version and delete marker under prefix.
func (s *S3) ListVersions(ctx context.Context, prefix string, fn func(ObjectVersion) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opts := minio.ListObjectsOptions{Prefix: prefix, Recursive: true, WithVersions: true}
	for oi := range s.c.ListObjectsIter(ctx, s.bucket, opts) {
		if oi.Err != nil {
			return mapErr(oi.Err)
		}
		v := ObjectVersion{
			Key: oi.Key, VersionID: oi.VersionID, Size: oi.Size, ModTime: oi.LastModified,
			Latest: oi.IsLatest, DeleteMarker: oi.IsDeleteMarker,
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// deleteVersions deletes a key in an object-lock bucket. A plain DELETE
// there would only add a delete marker and report success while the data
// stays, so every version is removed by id instead; the server refuses
// locked versions, which is reported as ErrLocked. Delete markers are
// removed too, so an expired object leaves no trace.
func (s *S3) deleteVersions(ctx context.Context, key string) error {
	var ids []string
	err := s.ListVersions(ctx, key, func(v ObjectVersion) error {
		if v.Key == key {
			ids = append(ids, v.VersionID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		err := s.c.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{VersionID: id})
		if err := mapLockErr(err, ErrLocked); err != nil && !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("version %s: %w", id, err)
		}
	}
	return nil
}

// getRetention reads a version's retention. versitygw v1.8.0 answers with
// the root element <ObjectLockRetention> instead of <Retention>, which
// minio-go refuses to decode; only then is the same request sent again
// signed by hand and decoded without insisting on the root's name.
func (s *S3) getRetention(ctx context.Context, key string) (*minio.RetentionMode, *time.Time, error) {
	mode, until, err := s.c.GetObjectRetention(ctx, s.bucket, key, "")
	if err == nil || !strings.Contains(err.Error(), "expected element type") {
		return mode, until, err
	}
	return s.getRetentionRaw(ctx, key)
}

func (s *S3) getRetentionRaw(ctx context.Context, key string) (*minio.RetentionMode, *time.Time, error) {
	u := *s.c.EndpointURL()
	u.Path = "/" + s.bucket + "/" + key
	u.RawQuery = "retention="
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, err
	}
	creds, err := s.c.GetCreds()
	if err != nil {
		return nil, nil, err
	}
	region := s.region
	if region == "" {
		region = "us-east-1"
	}
	req.Header.Set("X-Amz-Content-Sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") // SHA-256 of ""
	req = signer.SignV4(*req, creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken, region)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var er minio.ErrorResponse
		_ = xml.Unmarshal(body, &er)
		er.StatusCode = resp.StatusCode
		return nil, nil, er
	}
	var r struct {
		Mode            string `xml:"Mode"`
		RetainUntilDate string `xml:"RetainUntilDate"`
	}
	if err := xml.Unmarshal(body, &r); err != nil {
		return nil, nil, fmt.Errorf("decode retention of %s: %w", key, err)
	}
	mode := minio.RetentionMode(r.Mode)
	until, err := time.Parse(time.RFC3339Nano, r.RetainUntilDate)
	if err != nil {
		return nil, nil, fmt.Errorf("retention date of %s: %w", key, err)
	}
	return &mode, &until, nil
}
