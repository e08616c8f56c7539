package audit_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/shohyo/shohyo/internal/audit"
)

func leaf(b []byte) [32]byte { return sha256.Sum256(append([]byte{0}, b...)) }

// TestMerkleRFC6962 checks the root against the RFC 6962 test vector used
// by Certificate Transparency implementations (8 leaves).
func TestMerkleRFC6962(t *testing.T) {
	inputs := []string{"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"}
	var leaves [][32]byte
	for _, s := range inputs {
		b, _ := hex.DecodeString(s)
		leaves = append(leaves, leaf(b))
	}
	root := audit.MerkleRoot(leaves)
	if got := hex.EncodeToString(root[:]); got != "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328" {
		t.Errorf("root of 8 = %s", got)
	}
	one := audit.MerkleRoot(leaves[:1])
	if got := hex.EncodeToString(one[:]); got != "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d" {
		t.Errorf("root of 1 = %s", got)
	}
}

func TestInclusionProofs(t *testing.T) {
	for n := 1; n <= 33; n++ {
		var leaves [][32]byte
		for i := range n {
			leaves = append(leaves, audit.ObjectLeaf(fmt.Sprintf("originals/%d", i), "x"))
		}
		root := audit.MerkleRoot(leaves)
		for i := range n {
			path := audit.InclusionProof(leaves, i)
			if !audit.VerifyInclusion(leaves[i], i, n, path, root) {
				t.Fatalf("n=%d i=%d: proof does not verify", n, i)
			}
			if n > 1 && audit.VerifyInclusion(leaves[(i+1)%n], i, n, path, root) {
				t.Fatalf("n=%d i=%d: proof verifies another leaf", n, i)
			}
		}
	}
}
