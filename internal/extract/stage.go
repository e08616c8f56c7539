package extract

import (
	"time"

	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// Improver improves extracted fields with knowledge from outside the
// document, such as the vendor register (package vendor), and returns
// what it changed, one line per field.
type Improver interface {
	Improve(f *record.Fields, d *layout.Document) []string
}

// Stage reads the fields of a document and validates them in one call:
// the shape the pipeline's extract step and `shohyo extract` use.
type Stage struct {
	Options  Options
	Validate ValidateOptions
	// Now is "today" for date checks; nil means time.Now.
	Now func() time.Time
	// Improvers run in order after extraction and before validation, so
	// the findings judge the improved fields.
	Improvers []Improver
}

// Extract returns the fields and the findings that need a person.
func (s Stage) Extract(d *layout.Document) (record.Fields, []record.Finding) {
	f := Extract(d, s.Options)
	for _, im := range s.Improvers {
		im.Improve(&f, d)
	}
	v := s.Validate
	if s.Now != nil {
		v.Now = s.Now()
	}
	return f, RecordFindings(Validate(f, v))
}
