package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// tmpPrefix starts the name of every file that is still being written.
// List skips such files, and keys may not use it, so a half-written file is
// never visible as an object.
const tmpPrefix = ".tmp-"

// xattrContentType keeps the content type on the file itself, so it moves
// with the inode through the final link and needs no side file.
const xattrContentType = "user.shohyo.content_type"

// Local is a Driver over a local directory. Objects are plain files at
// root/<key>, so a human can inspect them; a key cannot be both an object
// and a prefix of another key followed by "/" (a file cannot be a
// directory), which the key layout never needs.
type Local struct {
	root string
	now  func() time.Time // judges retention dates; nil means time.Now
}

var _ Driver = (*Local)(nil)

// NewLocal returns a driver over root, creating it if needed.
func NewLocal(root string) (*Local, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("storage: local root %s: %w", root, err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("storage: local root: %w", err)
	}
	return &Local{root: abs}, nil
}

// Root returns the directory the driver stores objects in.
func (l *Local) Root() string { return l.root }

// path maps a key to its file, refusing anything that would leave root or
// collide with temporary files. The Bucket checks keys too; this check is
// here as well because escaping root would be a security bug, not a
// validation slip.
func (l *Local) path(key string) (string, error) {
	if key == "" || strings.HasPrefix(key, "/") || strings.ContainsRune(key, 0) {
		return "", fmt.Errorf("%w: %q", ErrBadKey, key)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, tmpPrefix) {
			return "", fmt.Errorf("%w: segment %q", ErrBadKey, seg)
		}
	}
	p := filepath.Join(l.root, filepath.FromSlash(key))
	root := l.root
	if !strings.HasSuffix(root, string(filepath.Separator)) {
		root += string(filepath.Separator)
	}
	if !strings.HasPrefix(p, root) || p == root {
		return "", fmt.Errorf("%w: %q leaves the root", ErrBadKey, key)
	}
	return p, nil
}

// Create writes to a temporary file, fsyncs it, and links it to the final
// name. link(2) fails when the name exists, which makes the create
// exclusive without a lock, and a reader can only ever see the complete
// file. The directory is fsynced last so the new name survives a crash.
func (l *Local) Create(ctx context.Context, key string, r io.Reader, size int64, contentType string) (err error) {
	final, err := l.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	dir := filepath.Dir(final)
	if err := l.mkdirAll(dir); err != nil {
		return err
	}
	if _, err := os.Lstat(final); err == nil {
		// Cheap early answer; the link below is what guarantees it.
		return l.existsErr(final)
	}
	tmp, err := os.CreateTemp(dir, tmpPrefix+"*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
		}
		os.Remove(tmp.Name())
	}()
	n, err := io.Copy(tmp, ctxReader{ctx: ctx, r: r})
	if err != nil {
		return err
	}
	if n != size {
		return fmt.Errorf("wrote %d bytes, expected %d", n, size)
	}
	if contentType != "" {
		err := unix.Fsetxattr(int(tmp.Fd()), xattrContentType, []byte(contentType), 0)
		if err != nil && !errors.Is(err, unix.ENOTSUP) {
			return fmt.Errorf("set content type: %w", err)
		}
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), final); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return l.existsErr(final)
		}
		return err
	}
	return syncDir(dir)
}

// existsErr tells an existing object from a directory in the way: only the
// first is ErrExists, the second is a layout conflict.
func (l *Local) existsErr(final string) error {
	if fi, err := os.Stat(final); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a directory (the key is a prefix of other keys)", final)
	}
	return fmt.Errorf("%w: %s", ErrExists, final)
}

// mkdirAll creates dir and its missing parents, fsyncing each parent whose
// entries changed, so a crash cannot lose the path to a stored object.
func (l *Local) mkdirAll(dir string) error {
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("%s is an object, not a directory", dir)
		}
		return nil
	}
	rel, err := filepath.Rel(l.root, dir)
	if err != nil {
		return err
	}
	cur := l.root
	for seg := range strings.SplitSeq(rel, string(filepath.Separator)) {
		next := filepath.Join(cur, seg)
		err := os.Mkdir(next, 0o750)
		switch {
		case err == nil:
			if err := syncDir(cur); err != nil {
				return err
			}
		case errors.Is(err, fs.ErrExist):
			// Made by a concurrent create, or a file in the way; the
			// next Mkdir or the final link reports the latter.
		default:
			return err
		}
		cur = next
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("fsync %s: %w", dir, err)
	}
	return nil
}

func notFound(err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	return err
}

// Open opens the object's file.
func (l *Local) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, notFound(err)
	}
	if fi, err := f.Stat(); err != nil || fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%w: %s is a directory", ErrNotFound, p)
	}
	return f, nil
}

// Stat describes the object's file.
func (l *Local) Stat(ctx context.Context, key string) (Info, error) {
	p, err := l.path(key)
	if err != nil {
		return Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return Info{}, notFound(err)
	}
	if fi.IsDir() {
		return Info{}, fmt.Errorf("%w: %s is a directory", ErrNotFound, p)
	}
	return Info{Key: key, Size: fi.Size(), ModTime: fi.ModTime(), ContentType: contentTypeOf(p)}, nil
}

func contentTypeOf(p string) string {
	buf := make([]byte, 1024)
	n, err := unix.Getxattr(p, xattrContentType, buf)
	if err != nil {
		return ""
	}
	return string(buf[:n])
}

// List walks the tree depth first. Sorting a directory as its name plus
// "/" yields exact byte order of keys: "a-b" (0x2d) sorts before "a/x"
// (0x2f) although the directory "a" sorts before the file "a-b".
func (l *Local) List(ctx context.Context, prefix string, fn func(Info) error) error {
	// Start in the deepest directory the prefix names: listing one
	// document's keys must not read the whole docs/ directory, or every
	// per-document listing costs O(archive size).
	base := prefix[:strings.LastIndexByte(prefix, '/')+1]
	if base != "" {
		for _, seg := range strings.Split(strings.TrimSuffix(base, "/"), "/") {
			if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, tmpPrefix) {
				return fmt.Errorf("storage: list %q: %w", prefix, ErrBadKey)
			}
		}
	}
	return l.walk(ctx, filepath.Join(l.root, filepath.FromSlash(base)), base, prefix, fn)
}

func (l *Local) walk(ctx context.Context, dir, keyPrefix, prefix string, fn func(Info) error) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && keyPrefix != "" {
			return nil // removed while we walked
		}
		return err
	}
	type entry struct {
		sortKey string
		name    string
		key     string
		dir     bool
	}
	list := make([]entry, 0, len(entries))
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, tmpPrefix) {
			continue
		}
		key := keyPrefix + name
		if e.IsDir() {
			sk := key + "/"
			// Descend only where keys matching prefix can be.
			if strings.HasPrefix(sk, prefix) || strings.HasPrefix(prefix, sk) {
				list = append(list, entry{sortKey: sk, name: name, key: key, dir: true})
			}
		} else if e.Type().IsRegular() && strings.HasPrefix(key, prefix) {
			list = append(list, entry{sortKey: key, name: name, key: key})
		}
	}
	slices.SortFunc(list, func(a, b entry) int { return strings.Compare(a.sortKey, b.sortKey) })
	for _, e := range list {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := filepath.Join(dir, e.name)
		if e.dir {
			if err := l.walk(ctx, p, e.key+"/", prefix, fn); err != nil {
				return err
			}
			continue
		}
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted while we walked
		}
		if err != nil {
			return err
		}
		// No content type: an S3 listing has none, and callers must not
		// come to depend on a field only one driver fills.
		if err := fn(Info{Key: e.key, Size: fi.Size(), ModTime: fi.ModTime()}); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes the file. Empty directories stay: removing them would race
// with a concurrent Create that has just made them.
func (l *Local) Delete(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		return nil // not an object
	}
	if err := l.checkDeletable(p); err != nil {
		return err
	}
	if err := os.Remove(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return nil
		}
		return err
	}
	return syncDir(filepath.Dir(p))
}

// ctxReader stops a copy when the context ends, so a cancelled upload does
// not keep writing a large file.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
