package auth_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/storage"
)

func TestTokenLifecycle(t *testing.T) {
	dir := t.TempDir()
	d, err := storage.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	s := auth.NewStore(storage.NewBucket(d), func() time.Time { return now })
	ctx := context.Background()
	if empty, err := s.Empty(ctx); err != nil || !empty {
		t.Fatalf("new store: empty %v %v", empty, err)
	}
	secret, tok, err := s.Create(ctx, "Kansa Taro", auth.Auditor, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, "shohyo_") || tok.CreatedAt != now || tok.Role != auth.Auditor {
		t.Errorf("created %q %+v", secret, tok)
	}
	// Only the hash is stored: the secret is nowhere in the archive.
	_ = filepath.WalkDir(dir, func(p string, de os.DirEntry, err error) error {
		if err == nil && !de.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), secret[len("shohyo_"):]) {
				t.Errorf("%s holds the secret", p)
			}
		}
		return nil
	})
	got, err := s.Authenticate(ctx, secret)
	if err != nil || got.User != "Kansa Taro" {
		t.Fatalf("authenticate: %+v %v", got, err)
	}
	for bad, want := range map[string]error{"hunter2": auth.ErrMalformed, secret + "x": auth.ErrUnknown} {
		if _, err := s.Authenticate(ctx, bad); !errors.Is(err, want) {
			t.Errorf("%q: %v, want %v", bad, err, want)
		}
	}
	if _, _, err := s.Create(ctx, "x", "root", "admin"); err == nil {
		t.Error("unknown role accepted")
	}
	if _, _, err := s.Create(ctx, " ", auth.Viewer, "admin"); err == nil {
		t.Error("empty user accepted")
	}
	// Revocation by another process (another Store on the same bucket)
	// is seen here once the short "not revoked" cache has expired.
	other := auth.NewStore(storage.NewBucket(d), func() time.Time { return now })
	if _, _, err := other.Revoke(ctx, tok.ID, "admin", "left"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := other.Revoke(ctx, tok.ID, "admin", "again"); !errors.Is(err, auth.ErrRevoked) {
		t.Errorf("second revoke: %v", err)
	}
	now = now.Add(10 * time.Second)
	if _, err := s.Authenticate(ctx, secret); !errors.Is(err, auth.ErrRevoked) {
		t.Errorf("revoked token: %v", err)
	}
	ts, err := s.List(ctx)
	if err != nil || len(ts) != 1 || ts[0].Revoked == nil || ts[0].Revoked.Reason != "left" {
		t.Errorf("list: %+v %v", ts, err)
	}
	// Nothing was rewritten: the token object is as created.
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(auth.TokenKey(tok.ID)))); err != nil {
		t.Error(err)
	}
}

func TestRoles(t *testing.T) {
	for _, p := range auth.Permissions {
		if !auth.Admin.Allows(p) {
			t.Errorf("admin lacks %s", p)
		}
	}
	for _, p := range []auth.Permission{auth.Upload, auth.Correct, auth.Delete, auth.LegalHold, auth.ManageTokens, auth.Reindex} {
		if auth.Auditor.Allows(p) || auth.Viewer.Allows(p) {
			t.Errorf("auditor or viewer may %s", p)
		}
	}
	if auth.Viewer.Allows(auth.ReadHistory) || !auth.Auditor.Allows(auth.Export) || auth.Clerk.Allows(auth.Export) {
		t.Error("role table")
	}
}
