package index

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/shohyo/shohyo/schemas"
)

// jst is Japan Standard Time: fiscal years end on a civil date in Japan.
var jst = time.FixedZone("JST", 9*60*60)

// Options configure an index.
type Options struct {
	// FiscalYearEndMonth and FiscalYearEndDay are the last day of the
	// fiscal year (default March 31, as retention.DefaultRules). A fiscal
	// year is named by the calendar year it ends in: with a March 31 end,
	// FY2025 runs from 2024-04-01 to 2025-03-31.
	FiscalYearEndMonth time.Month
	FiscalYearEndDay   int
	// CountBudget bounds the counting of matches beyond the page
	// (DefaultCountBudget when zero); Query.ExactTotal lifts it.
	CountBudget time.Duration
}

func (o Options) withDefaults() Options {
	if o.FiscalYearEndMonth == 0 {
		o.FiscalYearEndMonth = time.March
	}
	if o.FiscalYearEndDay == 0 {
		o.FiscalYearEndDay = 31
	}
	return o
}

// FiscalYear returns the fiscal year the civil date of t (in Japan)
// belongs to; 0 for a zero t.
func (o Options) FiscalYear(t time.Time) int {
	if t.IsZero() {
		return 0
	}
	o = o.withDefaults()
	y, m, d := t.In(jst).Date()
	endDay := min(o.FiscalYearEndDay, time.Date(y, o.FiscalYearEndMonth+1, 0, 0, 0, 0, 0, jst).Day())
	if m > o.FiscalYearEndMonth || m == o.FiscalYearEndMonth && d > endDay {
		return y + 1
	}
	return y
}

// YearOf is the fiscal year whose index holds e: that of its issue date,
// or 0, the "undated" index, when it has none (not yet read, quarantined,
// or no date on the paper). Every index but "undated" thus holds only
// documents whose issue date falls in its year, which lets an issue-date
// range open only the years it spans and a search sorted by issue date
// read the years in order (search_ordered.go). Undated documents are not
// dropped with a year: their retention is decided document by document.
func (o Options) YearOf(e *Entry) int {
	return o.FiscalYear(e.IssueDate)
}

func (o Options) key() string {
	o = o.withDefaults()
	return fmt.Sprintf("%02d-%02d", int(o.FiscalYearEndMonth), o.FiscalYearEndDay)
}

// meta is the index root's own file: the layout version, the fiscal year
// end the documents were routed by, and the years dropped for good.
type meta struct {
	Format        int    `json:"format"`
	FiscalYearEnd string `json:"fiscal_year_end"`
	Mapping       string `json:"mapping"` // SHA-256 of the mapping the indexes were created with
	Dropped       []int  `json:"dropped,omitempty"`
}

// mappingHash identifies schemas/index-mapping.json: an index made with
// another mapping answers, but not every query the code builds.
func mappingHash() string {
	h := sha256.Sum256(schemas.MustFile("index-mapping.json"))
	return hex.EncodeToString(h[:8])
}

const (
	metaFile     = "shohyo-index.json"
	formatYears  = 3 // 1: a single bleve index at the path; 2: routed by any date
	undatedName  = "undated"
	yearDirsGlob = "fy*"
)

func yearDir(y int) string {
	if y == 0 {
		return undatedName
	}
	return fmt.Sprintf("fy%04d", y)
}

// yearSet is a directory of bleve indexes, one per fiscal year. It is
// not safe for concurrent mutation; Index serialises that.
type yearSet struct {
	dir   string
	meta  meta
	years map[int]bleve.Index
	// config is the scorch configuration the indexes are opened and
	// created with: a rebuild's set writes batches without waiting for
	// each to reach the disk (see Builder), the live set waits.
	config map[string]any
	// staleMapping: the indexes were made with another mapping; only a
	// rebuild brings them up to date.
	staleMapping bool
}

// openYears opens the year indexes under dir, creating dir when missing.
// A directory of another layout or fiscal year end is derived data that
// no longer fits: it is cleared, and the caller re-fills it from storage.
func openYears(dir string, o Options, unsafeBatch bool) (*yearSet, error) {
	// Runtime config overrides what bleve stored at creation, so a set
	// built with unsafe batches and the rebuild's merge plan is safe and
	// merges as usual again once opened live.
	plan := livePlan
	if unsafeBatch {
		plan = rebuildPlan
	}
	s := &yearSet{dir: dir, years: map[int]bleve.Index{}, config: map[string]any{
		"unsafe_batch": unsafeBatch, "scorchMergePlanOptions": plan}}
	want := meta{Format: formatYears, FiscalYearEnd: o.key(), Mapping: mappingHash()}
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	switch {
	case err == nil:
		if jerr := json.Unmarshal(b, &s.meta); jerr != nil {
			return nil, fmt.Errorf("index: %s: %w", metaFile, jerr)
		}
		if s.meta.Format != want.Format || s.meta.FiscalYearEnd != want.FiscalYearEnd {
			if err := clearDir(dir); err != nil {
				return nil, err
			}
			s.meta = want
		}
		s.staleMapping = s.meta.Mapping != want.Mapping
	case errors.Is(err, os.ErrNotExist):
		if err := adoptDir(dir); err != nil {
			return nil, err
		}
		s.meta = want
	default:
		return nil, fmt.Errorf("index: %w", err)
	}
	if err := s.saveMeta(); err != nil {
		return nil, err
	}
	dirs, err := filepath.Glob(filepath.Join(dir, yearDirsGlob))
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	dirs = append(dirs, filepath.Join(dir, undatedName))
	for _, d := range dirs {
		y, ok := parseYearDir(filepath.Base(d))
		if !ok {
			continue
		}
		b, err := bleve.OpenUsing(d, s.config)
		if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
			continue
		}
		if err != nil {
			s.close()
			return nil, fmt.Errorf("index: open %s: %w", d, err)
		}
		s.years[y] = b
	}
	return s, nil
}

func parseYearDir(name string) (int, bool) {
	if name == undatedName {
		return 0, true
	}
	n, err := strconv.Atoi(strings.TrimPrefix(name, "fy"))
	return n, err == nil && strings.HasPrefix(name, "fy") && n > 0
}

// adoptDir makes dir an index root: a missing or empty directory, or the
// single bleve index of layout 1 (cleared: it is rebuilt from storage).
// Anything else is refused rather than deleted.
func adoptDir(dir string) error {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) || err == nil && len(ents) == 0 {
		return clearDir(dir)
	}
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err == nil {
		return clearDir(dir)
	}
	return fmt.Errorf("index: %s holds files that are not a shohyo index; choose an empty or new directory", dir)
}

func clearDir(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("index: clear %s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

func (s *yearSet) saveMeta() error {
	b, err := json.MarshalIndent(s.meta, "", "  ")
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return writeFileAtomic(filepath.Join(s.dir, metaFile), b)
}

// writeFileAtomic replaces path with b, so a crash leaves the old or the
// new content, never half of one.
func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("index: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("index: write %s: %w", path, err)
	}
	return nil
}

func (s *yearSet) dropped(y int) bool { return y != 0 && slices.Contains(s.meta.Dropped, y) }

// get returns the index of year y, creating it when create is set.
func (s *yearSet) get(y int, create bool) (bleve.Index, error) {
	if b, ok := s.years[y]; ok || !create {
		return b, nil
	}
	m, err := Mapping()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(s.dir, yearDir(y))
	b, err := bleve.NewUsing(path, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, s.config)
	if err != nil {
		return nil, fmt.Errorf("index: create %s: %w", path, err)
	}
	s.years[y] = b
	return b, nil
}

// list returns the years present, in order (undated first).
func (s *yearSet) list() []int {
	ys := make([]int, 0, len(s.years))
	for y := range s.years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// drop closes and deletes year y's index and remembers it is gone.
func (s *yearSet) drop(y int) error {
	if b, ok := s.years[y]; ok {
		if err := b.Close(); err != nil {
			return fmt.Errorf("index: drop FY%d: %w", y, err)
		}
		delete(s.years, y)
	}
	if err := os.RemoveAll(filepath.Join(s.dir, yearDir(y))); err != nil {
		return fmt.Errorf("index: drop FY%d: %w", y, err)
	}
	if !s.dropped(y) {
		s.meta.Dropped = append(s.meta.Dropped, y)
		slices.Sort(s.meta.Dropped)
	}
	return s.saveMeta()
}

func (s *yearSet) close() error {
	var errs []error
	for y, b := range s.years {
		if err := b.Close(); err != nil {
			errs = append(errs, fmt.Errorf("index: close FY%d: %w", y, err))
		}
	}
	s.years = map[int]bleve.Index{}
	return errors.Join(errs...)
}

// contains reports whether document id is in b, by a term lookup: no
// stored field is read.
func contains(b bleve.Index, id string) (bool, error) {
	adv, err := b.Advanced()
	if err != nil {
		return false, err
	}
	r, err := adv.Reader()
	if err != nil {
		return false, err
	}
	defer r.Close()
	iid, err := r.InternalID(id)
	return err == nil && len(iid) > 0, err
}

// errNoYear says the year index put needs does not exist and create was
// not set: the caller creates it under its write lock and tries again.
var errNoYear = errors.New("index: year index missing")

// put indexes e into its year and removes it from any other year it was
// in before (its date was corrected). Entries of dropped years are
// ignored: their retention is over.
func (s *yearSet) put(e Entry, o Options, create bool) error {
	y := o.YearOf(&e)
	d, err := document(e)
	if err != nil {
		return err
	}
	for oy, b := range s.years {
		if oy == y {
			continue
		}
		in, err := contains(b, e.DocID)
		if err != nil {
			return fmt.Errorf("index: put %s: %w", e.DocID, err)
		}
		if in {
			if err := b.Delete(e.DocID); err != nil {
				return fmt.Errorf("index: put %s: move from FY%d: %w", e.DocID, oy, err)
			}
		}
	}
	if s.dropped(y) { // moved into a dropped year: gone from the others, not indexed
		return nil
	}
	b, err := s.get(y, create)
	if err != nil {
		return err
	}
	if b == nil {
		return errNoYear
	}
	if err := b.Index(e.DocID, d); err != nil {
		return fmt.Errorf("index: put %s: %w", e.DocID, err)
	}
	return nil
}
