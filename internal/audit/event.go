// Package audit keeps shohyo's audit trail: an append-only log of events
// (a file received, stored, recognised, extracted, corrected, deleted,
// exported, viewed, downloaded; a retention changed; a login failed; an
// API token made or revoked) in the
// archive bucket, and periodic anchors that fix its state in time.
//
// Layout in the archive bucket:
//
//	audit/segments/<first seq, 16 digits>.jsonl   events, one JSON object per line
//	audit/anchors/<number, 8 digits>.json          anchors (Anchor)
//
// Both are create-only objects, locked like originals where the bucket
// has object lock. Nothing is ever rewritten.
//
// Hash chain: every event carries prev, the SHA-256 of the previous
// event's line exactly as stored, so altering, removing or reordering any
// stored event breaks the chain at the next one. Sequence numbers start at
// 1 and have no gaps; a segment's key is its first event's number, so a
// missing segment is a gap.
//
// Concurrency: any process may append. A segment is written with a
// create-only put of the next free key; a process that loses the race
// reads the winner's segment, re-chains its events behind it, and tries
// the next key. No lock service is needed, and the chain stays one line.
//
// Time: event times come from the Log's injected clock, never from the
// caller, so no caller can backdate an event.
//
// Anchors: an anchor covers the segments written since the previous one.
// It records a Merkle root over those segments, their events and the
// objects (originals, record versions, markers) the events name with
// their hashes, the hash of the last event, and the hash of the previous
// anchor; optionally an RFC 3161 timestamp token from a TSA over all of
// it. One token thus proves the existence at that time of every file of
// the period, and a whole period is verified in one batch.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Event types.
const (
	Received           = "received"            // a file arrived (inbox or upload)
	Stored             = "stored"              // an original was stored
	OCRDone            = "ocr_done"            // the OCR result was stored
	Extracted          = "extracted"           // record version 1 was stored
	Corrected          = "corrected"           // a person stored a new version
	Deleted            = "deleted"             // a deletion marker was stored
	Exported           = "exported"            // documents were exported
	OriginalViewed     = "original_viewed"     // an original was shown
	OriginalDownloaded = "original_downloaded" // an original was downloaded
	RetentionChanged   = "retention_changed"   // a retention or legal hold changed
	LoginFailed        = "login_failed"        // an authentication failed
	TokenCreated       = "token_created"       // an API token was made (id, user, role; never the secret)
	TokenRevoked       = "token_revoked"       // an API token was revoked
)

// Types lists every event type.
var Types = []string{Received, Stored, OCRDone, Extracted, Corrected, Deleted,
	Exported, OriginalViewed, OriginalDownloaded, RetentionChanged, LoginFailed,
	TokenCreated, TokenRevoked}

// Actor is who caused an event.
type Actor struct {
	Kind string `json:"kind"` // "machine", "person", "anonymous"
	Name string `json:"name"`
}

// Event is one entry of the audit trail. JSON form:
// schemas/audit-event.schema.json.
type Event struct {
	Seq   int64     `json:"seq"`
	Time  time.Time `json:"time"`
	Type  string    `json:"type"`
	Actor Actor     `json:"actor"`
	DocID string    `json:"doc_id,omitempty"`
	// Object is the archive key of the object the event is about, and
	// SHA256 the hash of its bytes, so every stored object's hash is in
	// the chain and a later change to it is detectable.
	Object string            `json:"object,omitempty"`
	SHA256 string            `json:"sha256,omitempty"`
	Detail map[string]string `json:"detail,omitempty"`
	// Prev is the SHA-256 (hex) of the previous event's stored line;
	// empty only for event 1.
	Prev string `json:"prev,omitempty"`
}

// check reports what a caller got wrong before the event is logged.
func (e *Event) check() error {
	if !slices.Contains(Types, e.Type) {
		return fmt.Errorf("audit: unknown event type %q", e.Type)
	}
	if e.Actor.Kind == "" || e.Actor.Name == "" {
		return fmt.Errorf("audit: %s event without an actor", e.Type)
	}
	if (e.Object == "") != (e.SHA256 == "") {
		return fmt.Errorf("audit: %s event: object and sha256 go together", e.Type)
	}
	if e.SHA256 != "" && !isHexSHA(e.SHA256) {
		return fmt.Errorf("audit: %s event: bad sha256 %q", e.Type, e.SHA256)
	}
	return nil
}

// encode returns the event's stored line, without the newline.
func (e *Event) encode() ([]byte, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("audit: encode event: %w", err)
	}
	return b, nil
}

// HashLine returns the hex SHA-256 of a stored line: what the next event
// names as Prev.
func HashLine(line []byte) string {
	h := sha256.Sum256(line)
	return hex.EncodeToString(h[:])
}

// HashBytes returns the hex SHA-256 of b.
func HashBytes(b []byte) string { return HashLine(b) }

func isHexSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// Problem is one thing found wrong by verification, about one object.
type Problem struct {
	Object  string `json:"object"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Problem codes used by this package.
const (
	CodeMissing    = "missing"     // an object that must exist does not
	CodeAltered    = "altered"     // an object's bytes differ from its recorded hash
	CodeUnreadable = "unreadable"  // an object cannot be parsed
	CodeChain      = "chain"       // a hash chain or sequence is broken
	CodeAnchor     = "anchor"      // an anchor does not match what it covers
	CodeToken      = "token"       // a timestamp token does not verify
	CodeVersions   = "versions"    // extra versions or delete markers in the bucket
	CodeUnanchored = "unanchored"  // events not yet covered by an anchor (information)
	CodeNoAudit    = "not_audited" // an archive object no event names
)
