package auth

import "github.com/shohyo/shohyo/internal/audit"

// CreatedEvent is the audit event of token t made by actor: the token's
// id, user and role, never its secret (the id is a hash prefix of it, no
// key to it). The subject_ keys stay apart from the token and role the
// API adds for the actor's own token.
func CreatedEvent(actor audit.Actor, t *Token) audit.Event {
	return audit.Event{Type: audit.TokenCreated, Actor: actor, Detail: subject(t)}
}

// RevokedEvent is the audit event of revocation r of token t by actor.
func RevokedEvent(actor audit.Actor, t *Token, r *Revocation) audit.Event {
	d := subject(t)
	d["reason"] = r.Reason
	return audit.Event{Type: audit.TokenRevoked, Actor: actor, Detail: d}
}

func subject(t *Token) map[string]string {
	return map[string]string{"subject_token": t.ID, "subject_user": t.User, "subject_role": string(t.Role)}
}
