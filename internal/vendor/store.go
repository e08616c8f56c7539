package vendor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
)

// Fact kinds.
const (
	KindName         = "name"
	KindAddress      = "address"
	KindPhone        = "phone"
	KindRegistration = "registration_number"
)

// Fact is one thing a confirmed record says about its issuer.
type Fact struct {
	Vendor     string    `json:"vendor"`
	Kind       string    `json:"kind"`
	Value      string    `json:"value"`
	DocID      string    `json:"doc_id"`
	Version    int       `json:"version"`
	Person     bool      `json:"person,omitempty"` // a person's version stated it
	ObservedAt time.Time `json:"observed_at"`
}

// Store writes facts and hints to a bucket and loads the register.
type Store struct {
	b   *storage.Bucket
	now func() time.Time
}

// NewStore returns a store over b.
func NewStore(b *storage.Bucket) *Store {
	return &Store{b: b, now: time.Now}
}

// SetClock replaces time.Now, so tests get deterministic timestamps.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Confirmed is a record a person or the pipeline confirmed: version
// Version of document DocID, its fields, and the recognised text it was
// read from (for the phone numbers, which records do not hold).
type Confirmed struct {
	DocID   string
	Version int
	Fields  record.Fields
	Layout  *layout.Document // optional
	Person  bool             // a person's version, not a machine's
}

// Key returns the vendor key of an issuer: its registration number when
// it has one, else a hash of its name, else "".
func Key(f record.Fields) string {
	if v := regNumber(f); v != "" {
		return v
	}
	return nameVendorKey(f)
}

// regNumber is the record's registration number in normal form, "" when
// it has none. A confirmed number is kept even when its check digit
// fails: sole proprietors' numbers may not follow the rule.
func regNumber(f record.Fields) string {
	if f.RegistrationNumber == nil {
		return ""
	}
	v, _ := normalize.RegistrationNumber(f.RegistrationNumber.Value)
	return v
}

// nameVendorKey is the key of an issuer known by name only.
func nameVendorKey(f record.Fields) string {
	if f.IssuerName != nil {
		if k := nameKey(f.IssuerName.Value); k != "" {
			sum := sha256.Sum256([]byte(k))
			return "n-" + hex.EncodeToString(sum[:8])
		}
	}
	return ""
}

// Confirm records the issuer facts of c. It is idempotent: confirming the
// same version again writes nothing new. It returns the vendor key, ""
// when the record names no issuer.
func (s *Store) Confirm(ctx context.Context, c Confirmed) (string, error) {
	vendor := Key(c.Fields)
	if vendor == "" {
		return "", nil
	}
	var facts []Fact
	add := func(kind, value string) {
		if value = strings.TrimSpace(value); value != "" {
			facts = append(facts, Fact{Vendor: vendor, Kind: kind, Value: value, DocID: c.DocID, Version: c.Version, Person: c.Person, ObservedAt: s.now().UTC()})
		}
	}
	f := c.Fields
	if f.IssuerName != nil {
		add(KindName, normalize.Fold(f.IssuerName.Value))
	}
	if f.IssuerAddress != nil {
		add(KindAddress, normalize.Fold(f.IssuerAddress.Value))
	}
	add(KindRegistration, regNumber(f))
	for _, p := range Phones(c.Layout) {
		add(KindPhone, p)
	}
	// The number, noted under the name's key too: documents of this
	// issuer confirmed before without a number then join its vendor.
	if nk := nameVendorKey(f); nk != "" && nk != vendor {
		for _, fc := range facts {
			if fc.Kind == KindRegistration {
				fc.Vendor = nk
				facts = append(facts, fc)
				break
			}
		}
	}
	for _, fc := range facts {
		if err := s.create(ctx, factKey(fc), fc); err != nil {
			return vendor, err
		}
	}
	return vendor, nil
}

// create writes v under key; an existing key is the same observation.
func (s *Store) create(ctx context.Context, key string, v any) error {
	err := s.b.CreateJSON(ctx, key, v)
	if errors.Is(err, storage.ErrExists) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("vendor: %w", err)
	}
	return nil
}

func factKey(f Fact) string {
	sum := sha256.Sum256([]byte(f.Kind + "\x00" + f.Value))
	return fmt.Sprintf("vendors/%s/facts/%s-%s/%s-%06d.json", f.Vendor, f.Kind, hex.EncodeToString(sum[:8]), safe(f.DocID), f.Version)
}

func hintKey(vendor string, h Hint) string {
	return fmt.Sprintf("vendors/%s/hints/%s/%s-%06d.json", vendor, h.Field, safe(h.DocID), h.Version)
}

// safe keeps a document id usable as a key segment.
func safe(id string) string {
	if id == "" {
		return "_"
	}
	return strings.NewReplacer("/", "_", "\\", "_").Replace(id)
}

// Load reads every fact and hint into a register.
func (s *Store) Load(ctx context.Context) (*Register, error) {
	var o objects
	if err := s.readNew(ctx, &o); err != nil {
		return nil, err
	}
	return build(o.facts, o.hints), nil
}

// objects are the facts and hints read so far, with their keys.
type objects struct {
	seen  map[string]bool
	facts []Fact
	hints []storedHint
}

// readNew lists the register's objects and reads those not in o yet:
// objects are never rewritten, so a key read once is read for good.
func (s *Store) readNew(ctx context.Context, o *objects) error {
	if o.seen == nil {
		o.seen = map[string]bool{}
	}
	err := s.b.List(ctx, "vendors/", func(info storage.Info) error {
		parts := strings.Split(info.Key, "/")
		if len(parts) < 4 || o.seen[info.Key] {
			return nil
		}
		switch parts[2] {
		case "facts":
			var f Fact
			if err := s.b.ReadJSON(ctx, info.Key, &f); err != nil {
				return err
			}
			o.facts = append(o.facts, f)
		case "hints":
			var h Hint
			if err := s.b.ReadJSON(ctx, info.Key, &h); err != nil {
				return err
			}
			o.hints = append(o.hints, storedHint{vendor: parts[1], Hint: h})
		}
		o.seen[info.Key] = true
		return nil
	})
	if err != nil {
		return fmt.Errorf("vendor: load: %w", err)
	}
	return nil
}

// Corrected records what a person's correction teaches: the facts of the
// corrected record (it is confirmed now), and a hint for every field the
// person changed whose new value can be found in the document.
func (s *Store) Corrected(ctx context.Context, c Confirmed, before record.Fields) (string, []Hint, error) {
	vendor, err := s.Confirm(ctx, c)
	if err != nil || vendor == "" {
		return vendor, nil, err
	}
	hints := LearnHints(c.Layout, before, c.Fields)
	for i := range hints {
		hints[i].DocID, hints[i].Version, hints[i].LearnedAt = c.DocID, c.Version, s.now().UTC()
		if err := s.create(ctx, hintKey(vendor, hints[i]), hints[i]); err != nil {
			return vendor, hints, err
		}
	}
	return vendor, hints, nil
}
