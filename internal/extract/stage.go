package extract

import (
	"time"

	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// Stage reads the fields of a document and validates them in one call:
// the shape the pipeline's extract step and `shohyo extract` use.
type Stage struct {
	Options  Options
	Validate ValidateOptions
	// Now is "today" for date checks; nil means time.Now.
	Now func() time.Time
}

// Extract returns the fields and the findings that need a person.
func (s Stage) Extract(d *layout.Document) (record.Fields, []record.Finding) {
	f := Extract(d, s.Options)
	v := s.Validate
	if s.Now != nil {
		v.Now = s.Now()
	}
	return f, RecordFindings(Validate(f, v))
}
