package audit

import (
	"crypto/sha256"
	"encoding/hex"
)

// Merkle trees here follow RFC 6962 (Certificate Transparency): a leaf
// hashes 0x00 || data, an inner node 0x01 || left || right, and a tree of
// n leaves splits at the largest power of two below n. The prefixes keep a
// leaf from ever being mistaken for an inner node (second-preimage
// attacks), and the split rule makes the root of a given leaf list unique.

func leafHash(data []byte) [32]byte {
	return sha256.Sum256(append([]byte{0}, data...))
}

func nodeHash(l, r [32]byte) [32]byte {
	b := make([]byte, 0, 65)
	b = append(b, 1)
	b = append(b, l[:]...)
	b = append(b, r[:]...)
	return sha256.Sum256(b)
}

// MerkleRoot returns the root over leaves (already leaf-hashed); the
// root of no leaves is SHA-256 of the empty string, as in RFC 6962.
func MerkleRoot(leaves [][32]byte) [32]byte {
	switch len(leaves) {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return leaves[0]
	}
	k := split(len(leaves))
	return nodeHash(MerkleRoot(leaves[:k]), MerkleRoot(leaves[k:]))
}

// split returns the largest power of two smaller than n (n ≥ 2).
func split(n int) int {
	k := 1
	for k<<1 < n {
		k <<= 1
	}
	return k
}

// InclusionProof returns the audit path of leaf i: the sibling hashes
// from the leaf up, which with the leaf give the root. It lets one
// document be shown to be covered by an anchor without the other leaves.
func InclusionProof(leaves [][32]byte, i int) [][32]byte {
	if len(leaves) <= 1 {
		return nil
	}
	k := split(len(leaves))
	if i < k {
		return append(InclusionProof(leaves[:k], i), MerkleRoot(leaves[k:]))
	}
	return append(InclusionProof(leaves[k:], i-k), MerkleRoot(leaves[:k]))
}

// VerifyInclusion checks an audit path from InclusionProof: leaf i of n
// leaves with the given path hashes to root.
func VerifyInclusion(leaf [32]byte, i, n int, path [][32]byte, root [32]byte) bool {
	got, ok := rootFromPath(leaf, i, n, path)
	return ok && got == root
}

func rootFromPath(leaf [32]byte, i, n int, path [][32]byte) ([32]byte, bool) {
	if i < 0 || i >= n {
		return [32]byte{}, false
	}
	if n == 1 {
		return leaf, len(path) == 0
	}
	if len(path) == 0 {
		return [32]byte{}, false
	}
	k := split(n)
	last := path[len(path)-1]
	rest := path[:len(path)-1]
	if i < k {
		sub, ok := rootFromPath(leaf, i, k, rest)
		return nodeHash(sub, last), ok
	}
	sub, ok := rootFromPath(leaf, i-k, n-k, rest)
	return nodeHash(last, sub), ok
}

// Leaf kinds of an anchor's tree. Each leaf says what it is, so a segment
// hash cannot stand in for an object hash.

// SegmentLeaf is the leaf of an audit segment with the given key and hash.
func SegmentLeaf(key, sha string) [32]byte {
	return leafHash([]byte("segment\x00" + key + "\x00" + sha))
}

// EventLeaf is the leaf of one event, by the hash of its stored line.
func EventLeaf(lineHash string) [32]byte {
	return leafHash([]byte("event\x00" + lineHash))
}

// ObjectLeaf is the leaf of an archive object an event names.
func ObjectLeaf(key, sha string) [32]byte {
	return leafHash([]byte("object\x00" + key + "\x00" + sha))
}

func hexOf(h [32]byte) string { return hex.EncodeToString(h[:]) }
