// Package schemas embeds the files that describe shohyo's data: JSON
// Schemas of what it stores and prints, and the bleve index mapping. The
// files are the source of truth; code loads them from here and tests
// validate real output against them.
package schemas

import (
	"embed"
	"fmt"
)

//go:embed *.json
var files embed.FS

// File returns the bytes of one schema file, e.g. "index-mapping.json".
func File(name string) ([]byte, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("schemas: %w", err)
	}
	return b, nil
}

// MustFile is File for files that ship with the binary.
func MustFile(name string) []byte {
	b, err := File(name)
	if err != nil {
		panic(err)
	}
	return b
}
