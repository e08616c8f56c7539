package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/storage"
)

func TestCheckKey(t *testing.T) {
	good := []string{
		"a",
		"originals/" + strings.Repeat("ab", 32),
		"records/2026/請求書 1.json",
		"a/b.c/..d/e..",
		"x/.hidden",
		strings.Repeat("k", storage.MaxKeyBytes),
	}
	bad := []string{
		"",
		"/abs",
		"a//b",
		"a/",
		".",
		"..",
		"a/./b",
		"a/../b",
		"../escape",
		"a/..",
		"tab\tin",
		"nl\nin",
		"nul\x00in",
		"del\x7fin",
		"c1\u0085in",
		"bad\xffutf8",
		strings.Repeat("k", storage.MaxKeyBytes+1),
	}
	for _, k := range good {
		if err := storage.CheckKey(k); err != nil {
			t.Errorf("CheckKey(%q) = %v, want nil", k, err)
		}
	}
	for _, k := range bad {
		if err := storage.CheckKey(k); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("CheckKey(%q) = %v, want ErrBadKey", k, err)
		}
	}
}

// TestBucketRefusesBadKeys checks that every Bucket operation validates
// before the driver sees the key: a bad key must not create a file.
func TestBucketRefusesBadKeys(t *testing.T) {
	root := t.TempDir()
	d, err := storage.NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	b := storage.NewBucket(d)
	ctx := context.Background()
	for _, k := range []string{"../outside", "a//b", "/etc/passwd", ""} {
		if err := b.Create(ctx, k, strings.NewReader("x"), 1, ""); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("Create(%q): %v", k, err)
		}
		if _, err := b.Open(ctx, k); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("Open(%q): %v", k, err)
		}
		if _, err := b.Stat(ctx, k); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("Stat(%q): %v", k, err)
		}
		if err := b.Delete(ctx, k); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("Delete(%q): %v", k, err)
		}
		if _, err := b.Exists(ctx, k); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("Exists(%q): %v", k, err)
		}
	}
	for _, p := range []string{"../", "/x", "a//", "a/../"} {
		if err := b.List(ctx, p, func(storage.Info) error { return nil }); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("List(%q): %v", p, err)
		}
	}
	for _, p := range []string{"", "a", "a/", "a/.", "a/.."} { // partial last segments are fine
		if err := b.List(ctx, p, func(storage.Info) error { return nil }); err != nil {
			t.Errorf("List(%q): %v", p, err)
		}
	}
	err = b.Create(ctx, "a/../../x", strings.NewReader("x"), 1, "")
	if err == nil || !strings.HasPrefix(err.Error(), "storage: create a/../../x: ") {
		t.Errorf("error does not name op and key: %v", err)
	}
}
