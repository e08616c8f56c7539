package record

import (
	"time"

	"github.com/shohyo/shohyo/internal/deadline"
)

// Document classes (compliance checklist row 2); see package retention
// for what each means for retention.
const (
	ClassImportant = "important" // 重要書類
	ClassGeneral   = "general"   // 一般書類
	ClassPast      = "past"      // 過去分
)

// Origins: how the document came to the company.
const (
	OriginScan       = "scan"       // paper, scanned (スキャナ保存)
	OriginElectronic = "electronic" // received as data (電子取引)
)

// Archival is what the Electronic Bookkeeping Act asks the archive to know
// about a document beyond its fields. It is part of every version, so a
// person's change to the class or the receipt date is a correction with
// history like any other.
type Archival struct {
	Class  string `json:"class"`
	Origin string `json:"origin"`
	// ReceivedOn is the date (YYYY-MM-DD, Japan) the paper was received,
	// set by a person, defaulting to the date it was stored.
	ReceivedOn string `json:"received_on"`
	// InputAt is when the original was stored in the archive.
	InputAt time.Time `json:"input_at"`
	// Input is the input-deadline check; scans only (row 3).
	Input *deadline.Result `json:"input,omitempty"`
	// RetainUntil is the first instant the document may be deleted
	// (00:00 JST); it never moves earlier from one version to the next.
	RetainUntil time.Time `json:"retain_until"`
	// RetentionYears and FiscalYearEnd show how RetainUntil was reached.
	RetentionYears int    `json:"retention_years"`
	FiscalYearEnd  string `json:"fiscal_year_end"`
}
