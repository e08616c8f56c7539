package storage

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Retention errors, to be tested with errors.Is.
var (
	// ErrLocked means the object is under retention or legal hold, so it
	// cannot be deleted or replaced.
	ErrLocked = errors.New("storage: object is locked (retention or legal hold)")
	// ErrShorten means a retention change would end sooner than the
	// retention in force; retentions can only be extended.
	ErrShorten = errors.New("storage: retention may be extended, never shortened")
	// ErrUnsupported means the driver lacks an optional capability.
	ErrUnsupported = errors.New("storage: not supported by this driver")
)

// Mode is an object-lock retention mode, as in S3.
type Mode string

// Retention modes. Only Compliance resists an administrator: in S3
// Governance mode a user with s3:BypassGovernanceRetention may delete.
const (
	Compliance Mode = "COMPLIANCE"
	Governance Mode = "GOVERNANCE"
)

// Retention is the lock state of an object.
type Retention struct {
	Mode      Mode      // empty when no retention is set
	Until     time.Time // zero when no retention is set
	LegalHold bool
}

// Locked reports whether the object cannot be deleted at now.
func (r Retention) Locked(now time.Time) bool {
	return r.LegalHold || (!r.Until.IsZero() && now.Before(r.Until))
}

// Locker is the optional capability of a driver that can lock objects
// against deletion and replacement until a date (write once, read many).
// It is separate from Driver so every driver need not have it and the
// Driver interface stays as it is; Bucket.Locker finds it.
//
// Guarantees differ by driver, and the docs say so: S3 object lock in
// Compliance mode is enforced by the server against every credential,
// root included. The local driver enforces the same rules in this
// program only; anyone with shell access to the directory can change
// files, so only S3 object lock is tamper-proof against an administrator.
type Locker interface {
	// SetRetention locks key until until (rounded up to a whole second,
	// the precision S3 keeps) in mode. Extending works; an earlier date
	// than the one in force fails with ErrShorten.
	SetRetention(ctx context.Context, key string, until time.Time, mode Mode) error
	// Retention returns the lock state of key.
	Retention(ctx context.Context, key string) (Retention, error)
	// SetLegalHold places or lifts a legal hold, which blocks deletion
	// regardless of the retention date until lifted.
	SetLegalHold(ctx context.Context, key string, on bool) error
}

// ObjectVersion is one version of a key in a versioned bucket, or a
// delete marker.
type ObjectVersion struct {
	Key          string
	VersionID    string
	Size         int64
	ModTime      time.Time
	Latest       bool
	DeleteMarker bool
}

// VersionLister is the optional capability of a driver whose bucket keeps
// versions (S3 with object lock). In such a bucket a plain delete adds a
// delete marker and a plain PUT adds a version, and both succeed even on
// locked objects; the locked data stays. Verification lists versions to
// see those: any key of the archive with more than one version, or with a
// delete marker, has been tampered with.
type VersionLister interface {
	// ListVersions calls fn for every version and delete marker of every
	// key under prefix, in key order and newest first within a key.
	ListVersions(ctx context.Context, prefix string, fn func(ObjectVersion) error) error
}

// ceilSecond rounds t up to a whole second: S3 keeps retention dates in
// seconds, and rounding down would shorten what was asked for.
func ceilSecond(t time.Time) time.Time {
	if t.Equal(t.Truncate(time.Second)) {
		return t.UTC()
	}
	return t.Truncate(time.Second).Add(time.Second).UTC()
}

// Locker returns the driver's lock capability, if it has one.
func (b *Bucket) Locker() (Locker, bool) {
	l, ok := b.d.(Locker)
	return l, ok
}

func (b *Bucket) locker(op, key string) (Locker, error) {
	if err := CheckKey(key); err != nil {
		return nil, wrap(op, key, err)
	}
	l, ok := b.Locker()
	if !ok {
		return nil, wrap(op, key, fmt.Errorf("%w: object lock (%T)", ErrUnsupported, b.d))
	}
	return l, nil
}

// SetRetention locks key until until; see Locker.SetRetention.
func (b *Bucket) SetRetention(ctx context.Context, key string, until time.Time, mode Mode) error {
	l, err := b.locker("set retention", key)
	if err != nil {
		return err
	}
	if mode != Compliance && mode != Governance {
		return wrap("set retention", key, fmt.Errorf("unknown mode %q", mode))
	}
	if until.IsZero() {
		return wrap("set retention", key, fmt.Errorf("%w: empty date", ErrShorten))
	}
	return wrap("set retention", key, l.SetRetention(ctx, key, ceilSecond(until), mode))
}

// ExtendRetention makes sure key is locked at least until until: it
// leaves a longer retention alone instead of failing, so callers can
// apply the rule's date to every object without reading it first.
func (b *Bucket) ExtendRetention(ctx context.Context, key string, until time.Time, mode Mode) (Retention, error) {
	cur, err := b.Retention(ctx, key)
	if err != nil {
		return cur, err
	}
	if !cur.Until.IsZero() && !cur.Until.Before(ceilSecond(until)) {
		return cur, nil
	}
	if err := b.SetRetention(ctx, key, until, mode); err != nil {
		return cur, err
	}
	// Not read back: on S3 that is two more requests per object, and
	// SetRetention succeeding means the server holds this date.
	return Retention{Mode: mode, Until: ceilSecond(until), LegalHold: cur.LegalHold}, nil
}

// Retention returns the lock state of key.
func (b *Bucket) Retention(ctx context.Context, key string) (Retention, error) {
	l, err := b.locker("retention", key)
	if err != nil {
		return Retention{}, err
	}
	r, err := l.Retention(ctx, key)
	return r, wrap("retention", key, err)
}

// SetLegalHold places or lifts a legal hold on key.
func (b *Bucket) SetLegalHold(ctx context.Context, key string, on bool) error {
	l, err := b.locker("legal hold", key)
	if err != nil {
		return err
	}
	return wrap("legal hold", key, l.SetLegalHold(ctx, key, on))
}

// ListVersions lists versions and delete markers under prefix, or fails
// with ErrUnsupported on a driver that keeps no versions.
func (b *Bucket) ListVersions(ctx context.Context, prefix string, fn func(ObjectVersion) error) error {
	if err := checkPrefix(prefix); err != nil {
		return wrap("list versions", prefix, err)
	}
	vl, ok := b.d.(VersionLister)
	if !ok {
		return wrap("list versions", prefix, fmt.Errorf("%w: versions (%T)", ErrUnsupported, b.d))
	}
	var fnErr error
	err := vl.ListVersions(ctx, prefix, func(v ObjectVersion) error {
		fnErr = fn(v)
		return fnErr
	})
	if err != nil && fnErr != nil && errors.Is(err, fnErr) {
		return fnErr
	}
	return wrap("list versions", prefix, err)
}
