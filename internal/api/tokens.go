package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
)

// TokenRequest is the body of POST /tokens.
type TokenRequest struct {
	User string `json:"user"`
	Role string `json:"role"`
}

// TokenCreated is the answer to POST /tokens: the only time the secret
// is shown.
type TokenCreated struct {
	Secret  string      `json:"secret"`
	Token   *auth.Token `json:"token"`
	Warning string      `json:"warning,omitempty"`
}

// RevokeResult is the answer to DELETE /tokens/{id}: the stored
// revocation's fields.
type RevokeResult struct {
	*auth.Revocation
	Warning string `json:"warning,omitempty"`
}

// RevokeRequest is the optional body of DELETE /tokens/{id}.
type RevokeRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	var req TokenRequest
	if !decodeBody(w, r, &req) {
		return
	}
	role, err := auth.ParseRole(req.Role)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "bad_role", "role must be admin, clerk, auditor or viewer, not "+quote(req.Role))
		return
	}
	if strings.TrimSpace(req.User) == "" {
		writeError(w, http.StatusUnprocessableEntity, "invalid", "a token needs the user's name")
		return
	}
	secret, t, err := s.Auth.Create(r.Context(), req.User, role, who(r).Name)
	if err != nil {
		if strings.HasPrefix(err.Error(), "auth: a token needs") {
			writeError(w, http.StatusUnprocessableEntity, "invalid", err.Error())
			return
		}
		s.storageError(w, "token store", err)
		return
	}
	warning := s.tokenEvent(r, auth.CreatedEvent(audit.Actor{}, t))
	writeJSON(w, http.StatusCreated, TokenCreated{Secret: secret, Token: t, Warning: warning})
}

func (s *Server) tokenList(w http.ResponseWriter, r *http.Request) {
	ts, err := s.Auth.List(r.Context())
	if err != nil {
		s.storageError(w, "token store", err)
		return
	}
	if ts == nil {
		ts = []auth.Token{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": ts})
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if len(id) != 16 || strings.Trim(id, "0123456789abcdef") != "" {
		writeError(w, http.StatusBadRequest, "bad_id", "a token id is 16 lowercase hex digits, as `shohyo token list` prints it")
		return
	}
	var req RevokeRequest
	if r.ContentLength != 0 && !decodeBody(w, r, &req) {
		return
	}
	rev, t, err := s.Auth.Revoke(r.Context(), id, who(r).Name, req.Reason)
	switch {
	case errors.Is(err, auth.ErrUnknown):
		writeError(w, http.StatusNotFound, "not_found", "no token "+id)
	case errors.Is(err, auth.ErrRevoked):
		writeError(w, http.StatusConflict, "revoked", "token "+id+" is already revoked")
	case err != nil:
		s.storageError(w, "token store", err)
	default:
		warning := s.tokenEvent(r, auth.RevokedEvent(audit.Actor{}, t, rev))
		writeJSON(w, http.StatusOK, RevokeResult{Revocation: rev, Warning: warning})
	}
}

// tokenEvent records a token made or revoked, by the request's person.
// The token is stored already, so a failed event is a warning in the
// answer, as with corrections.
func (s *Server) tokenEvent(r *http.Request, ev audit.Event) string {
	if s.Compliance == nil || s.Compliance.Audit == nil {
		return ""
	}
	if err := s.event(context.WithoutCancel(r.Context()), eventFor(r, ev)); err != nil {
		return "stored, but the audit event failed: " + err.Error()
	}
	return ""
}

func quote(s string) string { return "\"" + s + "\"" }
