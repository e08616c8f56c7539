package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// The local driver keeps an object's lock state in extended attributes of
// its file, so it moves with the inode and needs no side file.
const (
	xattrRetainUntil = "user.shohyo.retain_until"
	xattrMode        = "user.shohyo.retention_mode"
	xattrLegalHold   = "user.shohyo.legal_hold"
)

var _ Locker = (*Local)(nil)

// SetClock replaces the clock the driver judges retention dates by; tests
// use it to step past a retention date.
func (l *Local) SetClock(now func() time.Time) { l.now = now }

func (l *Local) clock() time.Time {
	if l.now != nil {
		return l.now()
	}
	return time.Now()
}

// SetRetention records the retention on the file and makes the file
// read-only. This is enforced in software by this driver only: anyone
// with write access to the directory (an administrator, another program)
// can still change or remove the file. Only S3 object lock in Compliance
// mode is tamper-proof against an administrator.
func (l *Local) SetRetention(ctx context.Context, key string, until time.Time, mode Mode) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	until = ceilSecond(until)
	return l.withFileLock(p, func(f *os.File) error {
		cur, err := readRetention(f)
		if err != nil {
			return err
		}
		if !cur.Until.IsZero() && until.Before(cur.Until) {
			return fmt.Errorf("%w: %s is before %s", ErrShorten, until.Format(time.RFC3339), cur.Until.Format(time.RFC3339))
		}
		// As in S3, a Compliance lock in force cannot become Governance.
		if cur.Mode == Compliance && mode != Compliance && l.clock().Before(cur.Until) {
			return fmt.Errorf("%w: cannot weaken COMPLIANCE to %s", ErrShorten, mode)
		}
		if err := setXattr(f, xattrRetainUntil, until.Format(time.RFC3339)); err != nil {
			return err
		}
		if err := setXattr(f, xattrMode, string(mode)); err != nil {
			return err
		}
		// Read-only keeps this program and careless tools from writing
		// into a locked file; it does not stop root.
		if err := f.Chmod(0o440); err != nil {
			return fmt.Errorf("make read-only: %w", err)
		}
		return f.Sync()
	})
}

// Retention reads the lock state from the file.
func (l *Local) Retention(ctx context.Context, key string) (Retention, error) {
	p, err := l.path(key)
	if err != nil {
		return Retention{}, err
	}
	if err := ctx.Err(); err != nil {
		return Retention{}, err
	}
	f, err := l.openObject(p)
	if err != nil {
		return Retention{}, err
	}
	defer f.Close()
	return readRetention(f)
}

// SetLegalHold records or lifts a legal hold on the file.
func (l *Local) SetLegalHold(ctx context.Context, key string, on bool) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	v := "OFF"
	if on {
		v = "ON"
	}
	return l.withFileLock(p, func(f *os.File) error {
		if err := setXattr(f, xattrLegalHold, v); err != nil {
			return err
		}
		if on {
			if err := f.Chmod(0o440); err != nil {
				return fmt.Errorf("make read-only: %w", err)
			}
		}
		return f.Sync()
	})
}

// checkDeletable refuses to delete a file that is locked at the driver's
// clock.
func (l *Local) checkDeletable(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return nil // missing: Delete handles it
	}
	defer f.Close()
	r, err := readRetention(f)
	if err != nil {
		return err
	}
	if r.Locked(l.clock()) {
		return fmt.Errorf("%w: %s (until %s, legal hold %v)", ErrLocked, p, r.Until.Format(time.RFC3339), r.LegalHold)
	}
	return nil
}

func (l *Local) openObject(p string) (*os.File, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, notFound(err)
	}
	if fi, err := f.Stat(); err != nil || fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%w: %s is not an object", ErrNotFound, p)
	}
	return f, nil
}

// withFileLock runs fn with an exclusive flock on the file, so two
// concurrent retention changes cannot both pass the never-shorten check
// and leave the shorter date.
func (l *Local) withFileLock(p string, fn func(*os.File) error) error {
	f, err := l.openObject(p)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		return fmt.Errorf("lock %s: %w", p, err)
	}
	defer unix.Flock(int(f.Fd()), unix.LOCK_UN)
	return fn(f)
}

func setXattr(f *os.File, name, value string) error {
	if err := unix.Fsetxattr(int(f.Fd()), name, []byte(value), 0); err != nil {
		// No silent fallback: an object we were asked to lock must not
		// stay unlocked because the file system lacks user xattrs.
		return fmt.Errorf("set %s on %s (the file system must support user extended attributes): %w", name, f.Name(), err)
	}
	return nil
}

func getXattr(f *os.File, name string) (string, error) {
	buf := make([]byte, 128)
	n, err := unix.Fgetxattr(int(f.Fd()), name, buf)
	if errors.Is(err, unix.ENODATA) || errors.Is(err, unix.ENOTSUP) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read %s of %s: %w", name, f.Name(), err)
	}
	return string(buf[:n]), nil
}

func readRetention(f *os.File) (Retention, error) {
	var r Retention
	until, err := getXattr(f, xattrRetainUntil)
	if err != nil {
		return r, err
	}
	if until != "" {
		if r.Until, err = time.Parse(time.RFC3339, until); err != nil {
			return r, fmt.Errorf("retention date of %s: %w", f.Name(), err)
		}
	}
	mode, err := getXattr(f, xattrMode)
	if err != nil {
		return r, err
	}
	r.Mode = Mode(mode)
	hold, err := getXattr(f, xattrLegalHold)
	if err != nil {
		return r, err
	}
	r.LegalHold = hold == "ON"
	return r, nil
}
