// Package auth holds shohyo's users, API tokens and roles.
//
// A token belongs to a user (a person's name) and carries one role. The
// secret is shown once, when the token is created; the archive keeps only
// its SHA-256, so a copy of the archive gives nobody a working token.
//
// Tokens live in the archive bucket beside the records, as create-only
// objects like everything else there:
//
//	auth/tokens/<id>.json    Token: id, user, role, sha256 of the secret, created_at, created_by
//	auth/revoked/<id>.json   Revocation: id, revoked_at, revoked_by, reason
//
// Nothing is rewritten: revoking a token adds its revocation object, so
// the history of who could do what, and when, stays in the archive. The
// id is the first 16 hex digits of the secret's SHA-256, so a presented
// secret leads to its one object in a single read.
//
// Roles (README.md, "API"):
//
//	admin    everything, plus tokens, legal holds, reindex
//	clerk    read records, originals and history; upload, correct, delete (with reason)
//	auditor  read everything, history and audit trail included; export; verify. Never changes a record
//	viewer   read current records and originals
package auth

import (
	"fmt"
	"slices"
)

// Role is what a token may do.
type Role string

// Roles.
const (
	Admin   Role = "admin"
	Clerk   Role = "clerk"
	Auditor Role = "auditor"
	Viewer  Role = "viewer"
)

// Roles lists every role.
var Roles = []Role{Admin, Clerk, Auditor, Viewer}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !slices.Contains(Roles, r) {
		return "", fmt.Errorf("auth: unknown role %q (admin, clerk, auditor or viewer)", s)
	}
	return r, nil
}

// Permission is one kind of action a route performs.
type Permission string

// Permissions, one per kind of route.
const (
	ReadRecords  Permission = "read_records"  // current record, search, original, OCR, review queue
	ReadHistory  Permission = "read_history"  // versions, history, deletion markers
	Upload       Permission = "upload"        // add documents
	Correct      Permission = "correct"       // new versions
	Delete       Permission = "delete"        // deletion markers
	Export       Permission = "export"        // create, follow and download exports
	Verify       Permission = "verify"        // run and read verification
	LegalHold    Permission = "legal_hold"    // place or lift legal holds (retention)
	ManageTokens Permission = "manage_tokens" // users and tokens
	Reindex      Permission = "reindex"       // rebuild the search index
)

// Permissions lists every permission.
var Permissions = []Permission{ReadRecords, ReadHistory, Upload, Correct, Delete, Export, Verify, LegalHold, ManageTokens, Reindex}

// grants is the role table. The auditor's row has no permission that
// writes a record: that is the point of the role.
var grants = map[Role][]Permission{
	Admin:   Permissions,
	Clerk:   {ReadRecords, ReadHistory, Upload, Correct, Delete},
	Auditor: {ReadRecords, ReadHistory, Export, Verify},
	Viewer:  {ReadRecords},
}

// Allows reports whether role r has permission p.
func (r Role) Allows(p Permission) bool { return slices.Contains(grants[r], p) }
