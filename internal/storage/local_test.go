package storage_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/storage/storagetest"
)

func TestLocal(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Driver {
		d, err := storage.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return d
	})
}

// TestLocalDisk checks what only the local driver can show: the files on
// disk.
func TestLocalDisk(t *testing.T) {
	root := t.TempDir()
	d, err := storage.NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()

	// The driver refuses escapes on its own, without the Bucket in front.
	for _, k := range []string{"../x", "a/../../x", "/etc/x", "a/.tmp-x"} {
		if err := d.Create(ctx, k, strings.NewReader("x"), 1, ""); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("Create(%q): %v, want ErrBadKey", k, err)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(root), "x")); err == nil {
		t.Fatal("a file was written outside the root")
	}

	// A leftover temporary file (a crash during Create) is not an object.
	if err := d.Create(ctx, "dir/obj", strings.NewReader("data"), 4, ""); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "dir", ".tmp-123"), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	var keys []string
	if err := d.List(ctx, "", func(i storage.Info) error { keys = append(keys, i.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(keys, []string{"dir/obj"}) {
		t.Errorf("List = %q, want only dir/obj", keys)
	}
	// The object is a plain file at root/key, and no temporary file
	// remains from a successful Create.
	if b, err := os.ReadFile(filepath.Join(root, "dir", "obj")); err != nil || string(b) != "data" {
		t.Errorf("file on disk = %q, %v", b, err)
	}
	entries, _ := os.ReadDir(filepath.Join(root, "dir"))
	if len(entries) != 2 { // obj and our fake leftover
		t.Errorf("dir holds %d entries, want 2", len(entries))
	}

	// Bit rot on disk is caught when the original is read back.
	a := storage.NewArchive(storage.NewBucket(d))
	sha, _, err := a.PutOriginal(ctx, strings.NewReader("領収書 ¥1,100"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(root, filepath.FromSlash(storage.OriginalKey(sha)))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0x01
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := a.VerifyOriginal(ctx, sha); !errors.Is(err, storage.ErrCorrupt) {
		t.Errorf("VerifyOriginal after flipping a bit: %v, want ErrCorrupt", err)
	}
}
