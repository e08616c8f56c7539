package api

import (
	"errors"
	"net/http"
	"strings"

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
	Secret string      `json:"secret"`
	Token  *auth.Token `json:"token"`
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
	writeJSON(w, http.StatusCreated, TokenCreated{Secret: secret, Token: t})
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
	rev, err := s.Auth.Revoke(r.Context(), id, who(r).Name, req.Reason)
	switch {
	case errors.Is(err, auth.ErrUnknown):
		writeError(w, http.StatusNotFound, "not_found", "no token "+id)
	case errors.Is(err, auth.ErrRevoked):
		writeError(w, http.StatusConflict, "revoked", "token "+id+" is already revoked")
	case err != nil:
		s.storageError(w, "token store", err)
	default:
		writeJSON(w, http.StatusOK, rev)
	}
}

func quote(s string) string { return "\"" + s + "\"" }
