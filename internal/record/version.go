// Package record defines the record model: what shohyo knows about one
// document, as a sequence of immutable versions.
//
// Terms: an original is the file as received, stored once under its SHA-256
// and never rewritten. A document is identified by DocID, derived from the
// original's hash, so the same file dropped twice is one document. Version 1
// of its record comes from the machine (OCR and extraction); later versions
// come from people, each with who, when and why. Each version names the
// SHA-256 of the stored bytes of the version before it, so the versions of
// a document form a hash chain. The search index is derived from the latest
// versions and can be rebuilt from them at any time.
//
// The JSON form is described by schemas/record-version.schema.json.
package record

import (
	"fmt"
	"time"
)

// Document statuses. A document is received, then ocr_done, then has a
// record whose status is ready or needs_review; quarantined when a step
// fails for good.
const (
	StatusReceived    = "received"
	StatusOCRDone     = "ocr_done"
	StatusReady       = "ready"
	StatusNeedsReview = "needs_review"
	StatusQuarantined = "quarantined"
)

// Actor kinds.
const (
	ActorMachine = "machine"
	ActorPerson  = "person"
)

// IDLength is the number of hex digits of the SHA-256 used as DocID:
// 96 bits, collision-free at any archive size this system will see.
const IDLength = 24

// DocID returns the document id of an original with the given SHA-256.
func DocID(sha256hex string) string {
	if len(sha256hex) < IDLength {
		return sha256hex
	}
	return sha256hex[:IDLength]
}

// ValidDocID reports whether s has the form of a document id.
func ValidDocID(s string) bool {
	if len(s) != IDLength {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// Actor is who made a version.
type Actor struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// Original describes the file a document was made from.
type Original struct {
	SHA256     string    `json:"sha256"`
	Size       int64     `json:"size"`
	Name       string    `json:"name"`
	MediaType  string    `json:"media_type,omitempty"`
	ReceivedAt time.Time `json:"received_at"`
}

// Finding is one validation result that needs a person's eye.
type Finding struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Change is one field a person changed.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// OCRSummary says what the recognised text the record was made from is.
type OCRSummary struct {
	Pages          int          `json:"pages"`
	MeanConfidence float64      `json:"mean_confidence"`
	Engine         string       `json:"engine"`
	Scan           *ScanSummary `json:"scan,omitempty"` // nil when no page is a scanned image
}

// ScanSummary is the weakest of an original's scanned pages, what the
// scan standard of the Electronic Bookkeeping Act is judged on (200 dpi,
// 24-bit colour for 重要書類). The per-page evidence is in the OCR result.
type ScanSummary struct {
	// LowestDPI is the lowest resolution stated in a page's file or
	// derived from its PDF page size, and the first page with it; 0 when
	// no page says (a photo without resolution).
	LowestDPI     float64 `json:"lowest_dpi"`
	LowestDPIPage int     `json:"lowest_dpi_page,omitempty"`
	// NotColourPages are the pages with less than 24-bit colour.
	NotColourPages []int `json:"not_colour_pages,omitempty"`
}

// Version is one immutable version of a document's record.
type Version struct {
	DocID     string      `json:"doc_id"`
	Version   int         `json:"version"`
	CreatedAt time.Time   `json:"created_at"`
	Actor     Actor       `json:"actor"`
	Reason    string      `json:"reason,omitempty"`
	Previous  string      `json:"previous,omitempty"`
	Original  Original    `json:"original"`
	Status    string      `json:"status"`
	Findings  []Finding   `json:"findings,omitempty"`
	Fields    Fields      `json:"fields"`
	Changes   []Change    `json:"changes,omitempty"`
	OCR       *OCRSummary `json:"ocr,omitempty"`
	Archival  *Archival   `json:"archival,omitempty"`
}

// Check reports what is structurally wrong with v, before it is stored.
func (v *Version) Check() error {
	switch {
	case !ValidDocID(v.DocID):
		return fmt.Errorf("record: bad doc id %q", v.DocID)
	case v.Version < 1:
		return fmt.Errorf("record %s: version %d < 1", v.DocID, v.Version)
	case v.Version == 1 && v.Previous != "":
		return fmt.Errorf("record %s: version 1 names a previous version", v.DocID)
	case v.Version > 1 && v.Previous == "":
		return fmt.Errorf("record %s: version %d does not name its previous version", v.DocID, v.Version)
	case v.Actor.Kind != ActorMachine && v.Actor.Kind != ActorPerson:
		return fmt.Errorf("record %s: unknown actor kind %q", v.DocID, v.Actor.Kind)
	case v.Actor.Kind == ActorPerson && v.Reason == "":
		return fmt.Errorf("record %s: a person's version needs a reason", v.DocID)
	case v.Status != StatusReady && v.Status != StatusNeedsReview:
		return fmt.Errorf("record %s: bad status %q", v.DocID, v.Status)
	case v.CreatedAt.IsZero():
		return fmt.Errorf("record %s: no creation time", v.DocID)
	}
	return nil
}
