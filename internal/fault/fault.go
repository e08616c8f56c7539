// Package fault marks errors as permanent: retrying cannot help (a corrupt
// or unsupported file, a value out of range). Every other error is treated
// as transient (a network fault, a busy service) and retried with backoff.
//
// A permanent error carries a Reason written for the person who will read
// it in the quarantine list, in plain words.
package fault

import "errors"

// PermanentError is an error that retrying cannot fix.
type PermanentError struct {
	Reason string // for people: what is wrong with the input
	Err    error  // the underlying cause, may be nil
}

func (e *PermanentError) Error() string {
	if e.Err == nil {
		return e.Reason
	}
	return e.Reason + ": " + e.Err.Error()
}

func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent marks err as permanent with a reason for people.
func Permanent(reason string, err error) error {
	return &PermanentError{Reason: reason, Err: err}
}

// IsPermanent reports whether err, or an error it wraps, is permanent.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// Reason returns the reason of a permanent error, or err's text.
func Reason(err error) string {
	var p *PermanentError
	if errors.As(err, &p) {
		return p.Reason
	}
	return err.Error()
}
