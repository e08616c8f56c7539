package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/record"
)

// Route guards. Open routes need no token; Authenticated ones any valid
// token; the rest the named permission.
const (
	open          auth.Permission = "open"
	authenticated auth.Permission = "authenticated"
)

// RoutePermissions maps every route pattern of Handler to what it needs.
// A pattern missing here is refused for everyone (TestEveryRouteGuarded
// keeps the two lists equal), so a new route cannot be left open by
// accident.
var RoutePermissions = map[string]auth.Permission{
	"GET /api/v1/health":                      open,
	"POST /api/v1/intake/s3-events":           open, // its own token (SHOHYO_WEBHOOK_TOKEN)
	"GET /api/v1/export-key":                  open, // a public key, for checking exports off-line
	"/":                                       open, // the JSON 404
	"GET /api/v1/whoami":                      authenticated,
	"POST /api/v1/documents":                  auth.Upload,
	"GET /api/v1/documents/{id}":              auth.ReadRecords,
	"GET /api/v1/documents/{id}/ocr":          auth.ReadRecords,
	"GET /api/v1/documents/{id}/original":     auth.ReadRecords,
	"GET /api/v1/documents/{id}/pages/{n}":    auth.ReadRecords,
	"GET /api/v1/documents/{id}/versions":     auth.ReadHistory,
	"GET /api/v1/documents/{id}/history":      auth.ReadHistory,
	"POST /api/v1/documents/{id}/corrections": auth.Correct,
	"POST /api/v1/documents/{id}/deletion":    auth.Delete,
	"POST /api/v1/documents/{id}/legal-hold":  auth.LegalHold,
	"GET /api/v1/search":                      auth.ReadRecords,
	"GET /api/v1/review":                      auth.ReadRecords,
	"POST /api/v1/reindex":                    auth.Reindex,
	"POST /api/v1/verify":                     auth.Verify,
	"GET /api/v1/verify":                      auth.Verify,
	"GET /api/v1/tokens":                      auth.ManageTokens,
	"POST /api/v1/tokens":                     auth.ManageTokens,
	"DELETE /api/v1/tokens/{id}":              auth.ManageTokens,
	"POST /api/v1/exports":                    auth.Export,
	"GET /api/v1/exports/{id}":                auth.Export,
	"GET /api/v1/exports/{id}/download":       auth.Export,
	"GET /api/v1/vendors":                     auth.ReadRecords,
	"GET /api/v1/vendors/{id}":                auth.ReadRecords,
	"POST /api/v1/vendors/rebuild":            auth.Reindex,
}

// guard authenticates every request that needs it and checks the role
// against RoutePermissions before the route runs. A bad token is a failed
// login and goes into the audit trail; a missing one is not (nobody tried
// to log in).
func (s *Server) guard(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := mux.Handler(r)
		need, known := RoutePermissions[pattern]
		if !known {
			writeError(w, http.StatusForbidden, "forbidden", "route "+pattern+" has no permission assigned; nobody may use it")
			return
		}
		if need == open {
			mux.ServeHTTP(w, r)
			return
		}
		if s.Auth == nil {
			writeError(w, http.StatusServiceUnavailable, "not_configured", "authentication is not configured in this server")
			return
		}
		secret, ok := bearer(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shohyo"`)
			writeError(w, http.StatusUnauthorized, "unauthenticated", "send an API token as 'Authorization: Bearer <token>' (an admin makes one with `shohyo token create`)")
			return
		}
		tok, err := s.Auth.Authenticate(r.Context(), secret)
		if err != nil {
			s.refused(w, r, err)
			return
		}
		if need != authenticated && !tok.Role.Allows(need) {
			writeError(w, http.StatusForbidden, "forbidden", "role "+string(tok.Role)+" may not "+strings.ReplaceAll(string(need), "_", " ")+"; ask an admin for a token with a role that may")
			return
		}
		if pattern == "GET /api/v1/search" && r.URL.Query().Get("deleted") != "" && !tok.Role.Allows(auth.ReadHistory) {
			writeError(w, http.StatusForbidden, "forbidden", "role "+string(tok.Role)+" reads current records only; deleted documents need a role that reads history")
			return
		}
		mux.ServeHTTP(w, r.WithContext(auth.WithToken(r.Context(), tok)))
	})
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, secret, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
		return "", false
	}
	return strings.TrimSpace(secret), true
}

// refused answers a token that did not authenticate and records the
// failed login.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, err error) {
	var reason string
	switch {
	case errors.Is(err, auth.ErrMalformed):
		reason = "malformed"
	case errors.Is(err, auth.ErrUnknown):
		reason = "unknown"
	case errors.Is(err, auth.ErrRevoked):
		reason = "revoked"
	default:
		s.storageError(w, "token store", err)
		return
	}
	if s.Compliance != nil && s.Compliance.Audit != nil {
		_ = s.event(context.WithoutCancel(r.Context()), audit.Event{Type: audit.LoginFailed,
			Actor:  audit.Actor{Kind: "anonymous", Name: r.RemoteAddr},
			Detail: map[string]string{"route": r.Method + " " + r.URL.Path, "reason": reason + " token", "remote": r.RemoteAddr}})
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="shohyo", error="invalid_token"`)
	writeError(w, http.StatusUnauthorized, "bad_token", "the token is "+reason+"; ask an admin for a new one")
}

// who is the authenticated person of a request, as recorded on versions,
// deletion markers and audit events. The name comes from the token, never
// from the request body.
func who(r *http.Request) record.Actor {
	if t := auth.FromContext(r.Context()); t != nil {
		return record.Actor{Kind: record.ActorPerson, Name: t.User}
	}
	return record.Actor{Kind: "anonymous", Name: r.RemoteAddr}
}

// eventFor is an event by the request's person, with the token id in the
// detail so two people of the same name stay apart.
func eventFor(r *http.Request, ev audit.Event) audit.Event {
	ev.Actor = audit.Actor(who(r))
	if t := auth.FromContext(r.Context()); t != nil {
		d := map[string]string{"token": t.ID, "role": string(t.Role)}
		for k, v := range ev.Detail {
			d[k] = v
		}
		ev.Detail = d
	}
	return ev
}

func (s *Server) whoami(w http.ResponseWriter, r *http.Request) {
	t := auth.FromContext(r.Context())
	writeJSON(w, http.StatusOK, map[string]any{"user": t.User, "role": t.Role, "token": t.ID})
}

// uploaded records who uploaded a file: the pipeline's own received event
// names the machine that took it from the inbox, this one the person.
func (s *Server) uploaded(r *http.Request, a Accepted) {
	if s.Compliance == nil || s.Compliance.Audit == nil {
		return
	}
	_ = s.event(context.WithoutCancel(r.Context()), eventFor(r, audit.Event{Type: audit.Received, DocID: a.DocID,
		Detail: map[string]string{"via": "api upload", "name": a.Name, "original": a.SHA256}}))
}
