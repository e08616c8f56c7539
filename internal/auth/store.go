package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/shohyo/shohyo/internal/storage"
)

// Key prefixes in the archive bucket.
const (
	TokenPrefix   = "auth/tokens/"
	RevokedPrefix = "auth/revoked/"
)

// secretPrefix marks shohyo tokens, so a leaked one is recognisable by
// secret scanners and a pasted password is refused without a lookup.
const secretPrefix = "shohyo_"

// Errors of Authenticate; every one is a failed login.
var (
	ErrMalformed = errors.New("auth: not a shohyo token")
	ErrUnknown   = errors.New("auth: unknown token")
	ErrRevoked   = errors.New("auth: token revoked")
)

// Token is one stored token, without its secret.
type Token struct {
	ID        string    `json:"id"`
	User      string    `json:"user"`
	Role      Role      `json:"role"`
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	// Revoked is filled in by List and Authenticate from the revocation
	// object; it is never stored in the token's own object.
	Revoked *Revocation `json:"revoked,omitempty"`
}

// Revocation is the object that ends a token.
type Revocation struct {
	ID        string    `json:"id"`
	RevokedAt time.Time `json:"revoked_at"`
	RevokedBy string    `json:"revoked_by"`
	Reason    string    `json:"reason,omitempty"`
}

// Store keeps tokens in a bucket.
type Store struct {
	b   *storage.Bucket
	now func() time.Time

	// Token objects never change, so a token once read is cached; the
	// revocation check is not cached beyond revokeTTL, so a token revoked
	// by another process (shohyo token revoke) stops working promptly.
	mu      sync.Mutex
	tokens  map[string]*Token
	revoked map[string]time.Time // id → when the "not revoked" answer was read
}

// revokeTTL is how long a "not revoked" answer is trusted.
const revokeTTL = 5 * time.Second

// NewStore returns a Store over b; now is the clock (nil: time.Now).
func NewStore(b *storage.Bucket, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{b: b, now: now, tokens: map[string]*Token{}, revoked: map[string]time.Time{}}
}

func hashSecret(secret string) (id, sum string) {
	h := sha256.Sum256([]byte(secret))
	sum = hex.EncodeToString(h[:])
	return sum[:16], sum
}

// TokenKey is the key of a token's object.
func TokenKey(id string) string { return TokenPrefix + id + ".json" }

// RevokedKey is the key of a token's revocation.
func RevokedKey(id string) string { return RevokedPrefix + id + ".json" }

// Create makes a token for user with role and returns its secret, which
// is not stored and cannot be shown again.
func (s *Store) Create(ctx context.Context, user string, role Role, by string) (string, *Token, error) {
	user = strings.TrimSpace(user)
	if user == "" || len(user) > 200 {
		return "", nil, errors.New("auth: a token needs a user name (1 to 200 bytes)")
	}
	if _, err := ParseRole(string(role)); err != nil {
		return "", nil, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, fmt.Errorf("auth: random: %w", err)
	}
	secret := secretPrefix + base64.RawURLEncoding.EncodeToString(raw)
	id, sum := hashSecret(secret)
	t := &Token{ID: id, User: user, Role: role, SHA256: sum, CreatedAt: s.now().UTC(), CreatedBy: by}
	if err := s.b.CreateJSON(ctx, TokenKey(id), t); err != nil {
		return "", nil, fmt.Errorf("auth: store token: %w", err)
	}
	return secret, t, nil
}

// Authenticate returns the token a secret belongs to.
func (s *Store) Authenticate(ctx context.Context, secret string) (*Token, error) {
	if !strings.HasPrefix(secret, secretPrefix) || len(secret) > 100 {
		return nil, ErrMalformed
	}
	id, sum := hashSecret(secret)
	t, err := s.get(ctx, id)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(t.SHA256), []byte(sum)) != 1 {
		return nil, ErrUnknown // same id prefix, different secret
	}
	if err := s.checkRevoked(ctx, id); err != nil {
		return nil, err
	}
	return t, nil
}

func (s *Store) get(ctx context.Context, id string) (*Token, error) {
	s.mu.Lock()
	t := s.tokens[id]
	s.mu.Unlock()
	if t != nil {
		return t, nil
	}
	t = &Token{}
	if err := s.b.ReadJSON(ctx, TokenKey(id), t); errors.Is(err, storage.ErrNotFound) {
		return nil, ErrUnknown
	} else if err != nil {
		return nil, fmt.Errorf("auth: read token %s: %w", id, err)
	}
	if t.ID != id {
		return nil, fmt.Errorf("auth: token object %s names id %s", TokenKey(id), t.ID)
	}
	s.mu.Lock()
	s.tokens[id] = t
	s.mu.Unlock()
	return t, nil
}

func (s *Store) checkRevoked(ctx context.Context, id string) error {
	now := s.now()
	s.mu.Lock()
	at, ok := s.revoked[id]
	s.mu.Unlock()
	if ok && now.Sub(at) < revokeTTL {
		return nil
	}
	gone, err := s.b.Exists(ctx, RevokedKey(id))
	if err != nil {
		return fmt.Errorf("auth: revocation of %s: %w", id, err)
	}
	if gone {
		return ErrRevoked
	}
	s.mu.Lock()
	s.revoked[id] = now
	s.mu.Unlock()
	return nil
}

// Revoke ends token id and returns the revocation and the token it ends.
// Revoking a revoked token is an error that says so.
func (s *Store) Revoke(ctx context.Context, id, by, reason string) (*Revocation, *Token, error) {
	t, err := s.get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	r := &Revocation{ID: id, RevokedAt: s.now().UTC(), RevokedBy: by, Reason: reason}
	if err := s.b.CreateJSON(ctx, RevokedKey(id), r); errors.Is(err, storage.ErrExists) {
		return nil, nil, ErrRevoked
	} else if err != nil {
		return nil, nil, fmt.Errorf("auth: store revocation: %w", err)
	}
	s.mu.Lock()
	delete(s.revoked, id)
	s.mu.Unlock()
	return r, t, nil
}

// List returns every token ever made, revoked ones with their revocation,
// in id order.
func (s *Store) List(ctx context.Context) ([]Token, error) {
	revs := map[string]*Revocation{}
	err := s.b.List(ctx, RevokedPrefix, func(i storage.Info) error {
		r := &Revocation{}
		if err := s.b.ReadJSON(ctx, i.Key, r); err != nil {
			return err
		}
		revs[r.ID] = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("auth: list revocations: %w", err)
	}
	var out []Token
	err = s.b.List(ctx, TokenPrefix, func(i storage.Info) error {
		var t Token
		if err := s.b.ReadJSON(ctx, i.Key, &t); err != nil {
			return err
		}
		t.Revoked = revs[t.ID]
		out = append(out, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("auth: list tokens: %w", err)
	}
	return out, nil
}

// Empty reports whether no token was ever made: the state in which serve
// creates the first admin token.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	empty := true
	err := s.b.List(ctx, TokenPrefix, func(storage.Info) error { empty = false; return errStop })
	if err != nil && !errors.Is(err, errStop) {
		return false, fmt.Errorf("auth: list tokens: %w", err)
	}
	return empty, nil
}

var errStop = errors.New("stop")

type ctxKey struct{}

// WithToken returns ctx carrying the authenticated token.
func WithToken(ctx context.Context, t *Token) context.Context {
	return context.WithValue(ctx, ctxKey{}, t)
}

// FromContext returns the request's token, or nil.
func FromContext(ctx context.Context) *Token {
	t, _ := ctx.Value(ctxKey{}).(*Token)
	return t
}
