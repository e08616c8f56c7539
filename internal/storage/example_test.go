package storage_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/shohyo/shohyo/internal/storage"
)

// An Archive stores originals under their SHA-256 and checks the hash
// again when they are read back.
func ExampleArchive() {
	dir, err := os.MkdirTemp("", "shohyo-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	d, err := storage.NewLocal(dir)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	a := storage.NewArchive(storage.NewBucket(d))

	sha, size, err := a.PutOriginal(ctx, strings.NewReader("領収書"), 10<<20)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(storage.OriginalKey(sha), size)

	rc, err := a.OpenOriginal(ctx, sha)
	if err != nil {
		log.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc) // a hash mismatch would surface here as ErrCorrupt
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	// Output:
	// originals/ab6bf86253ec8ddadf2cc13de83707c99753af87568c6844726afd256cce847c 9
	// 領収書
}

// A Bucket never overwrites: a second create of a key fails with
// ErrExists, which callers use to make their steps idempotent.
func ExampleBucket_CreateJSON() {
	dir, err := os.MkdirTemp("", "shohyo-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	d, err := storage.NewLocal(dir)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	b := storage.NewBucket(d)

	v := map[string]int{"total": 1100}
	fmt.Println(b.CreateJSON(ctx, "records/r1/v1.json", v))
	err = b.CreateJSON(ctx, "records/r1/v1.json", v)
	fmt.Println(errors.Is(err, storage.ErrExists))
	var got map[string]int
	fmt.Println(b.ReadJSON(ctx, "records/r1/v1.json", &got), got["total"])
	// Output:
	// <nil>
	// true
	// <nil> 1100
}
