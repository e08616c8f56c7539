package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/vendor"
)

// VendorRegister is what the API asks of the vendor register (a
// *vendor.Cache): the register to read, and learning from corrections.
type VendorRegister interface {
	Refresh(ctx context.Context) error
	Register() *vendor.Register
	Learn(ctx context.Context, v, prev *record.Version, d *layout.Document) error
	Rebuild(ctx context.Context, a vendor.Archive) (int, error)
}

var _ VendorRegister = (*vendor.Cache)(nil)

// VendorSummary is one vendor in a list.
type VendorSummary struct {
	ID                  string   `json:"id"`
	Name                string   `json:"name"`
	RegistrationNumbers []string `json:"registration_numbers"`
	Address             string   `json:"address,omitempty"`
	Documents           int      `json:"documents"`
	Hints               int      `json:"hints"`
}

// VendorDetail is everything the register knows about one vendor.
type VendorDetail struct {
	VendorSummary
	Names     []vendor.Variant `json:"names"`
	Addresses []vendor.Variant `json:"addresses"`
	Phones    []vendor.Variant `json:"phones"`
	Keys      []string         `json:"keys"`
	// LearnedHints are where the vendor prints its fields, one per
	// correction that taught it.
	LearnedHints []vendor.Hint `json:"learned_hints"`
}

func summarize(v *vendor.Vendor) VendorSummary {
	return VendorSummary{ID: v.ID(), Name: v.Name(), RegistrationNumbers: nonNil(v.RegistrationNumbers),
		Address: v.Address(), Documents: v.Documents, Hints: len(v.Hints)}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

var vendorRebuilding sync.Mutex

// vendorRebuild answers POST /api/v1/vendors/rebuild: the register is
// derived again from every record version in the archive (admin). It is
// what catches up a correction whose learning failed to be stored.
func (s *Server) vendorRebuild(w http.ResponseWriter, r *http.Request) {
	if s.Vendors == nil {
		writeError(w, http.StatusServiceUnavailable, "not_configured", "the vendor register is not configured in this server")
		return
	}
	if !vendorRebuilding.TryLock() {
		writeError(w, http.StatusConflict, "rebuild_running", "a vendor register rebuild is already running; wait for it to finish")
		return
	}
	defer vendorRebuilding.Unlock()
	n, err := s.Vendors.Rebuild(r.Context(), s.Docs)
	if err != nil {
		s.storageError(w, "vendor register rebuild", err)
		return
	}
	if err := s.Vendors.Refresh(r.Context()); err != nil {
		s.storageError(w, "vendor register", err)
		return
	}
	writeJSON(w, http.StatusOK, VendorRebuild{Versions: n, Vendors: len(s.Vendors.Register().Vendors)})
}

// VendorRebuild is the answer to a rebuild of the vendor register.
type VendorRebuild struct {
	Versions int `json:"versions"` // record versions that confirmed an issuer
	Vendors  int `json:"vendors"`  // vendors in the register after it
}

// register is the current register, or false after answering 503.
func (s *Server) register(w http.ResponseWriter, r *http.Request) (*vendor.Register, bool) {
	if s.Vendors == nil {
		writeError(w, http.StatusServiceUnavailable, "not_configured", "the vendor register is not configured in this server")
		return nil, false
	}
	if err := s.Vendors.Refresh(r.Context()); err != nil {
		s.storageError(w, "vendor register", err)
		return nil, false
	}
	return s.Vendors.Register(), true
}

// vendorList answers GET /api/v1/vendors: every vendor, most documents
// first, or those whose name, registration number or phone contains q.
func (s *Server) vendorList(w http.ResponseWriter, r *http.Request) {
	limit := 100
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 1000 {
			writeError(w, http.StatusBadRequest, "bad_query", "limit is a number from 1 to 1000")
			return
		}
		limit = n
	}
	reg, ok := s.register(w, r)
	if !ok {
		return
	}
	q := normalize.AlnumKey(r.URL.Query().Get("q"))
	out := []VendorSummary{}
	for _, v := range reg.Vendors {
		if q == "" || vendorHas(v, q) {
			out = append(out, summarize(v))
		}
	}
	sortSummaries(out)
	total := len(out)
	if len(out) > limit {
		out = out[:limit]
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "vendors": out})
}

// vendorHas reports whether a name variant, registration number or phone
// of v contains q (an AlnumKey).
func vendorHas(v *vendor.Vendor, q string) bool {
	for _, vs := range [][]vendor.Variant{v.Names, v.Phones} {
		for _, x := range vs {
			if strings.Contains(normalize.AlnumKey(x.Value), q) {
				return true
			}
		}
	}
	for _, n := range v.RegistrationNumbers {
		if strings.Contains(normalize.AlnumKey(n), q) {
			return true
		}
	}
	return false
}

func sortSummaries(vs []VendorSummary) {
	slices.SortFunc(vs, func(a, b VendorSummary) int {
		if a.Documents != b.Documents {
			return b.Documents - a.Documents
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// vendorDetail answers GET /api/v1/vendors/{id}; id is any of the
// vendor's keys (a registration number, or n- and a name hash).
func (s *Server) vendorDetail(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	reg, ok := s.register(w, r)
	if !ok {
		return
	}
	for _, v := range reg.Vendors {
		for _, k := range v.Keys {
			if k == id {
				writeJSON(w, http.StatusOK, VendorDetail{VendorSummary: summarize(v), Names: nonNil(v.Names),
					Addresses: nonNil(v.Addresses), Phones: nonNil(v.Phones), Keys: v.Keys, LearnedHints: nonNil(v.Hints)})
				return
			}
		}
	}
	writeError(w, http.StatusNotFound, "not_found", "no vendor "+id+" (GET /api/v1/vendors lists them)")
}

// learnFromCorrection teaches the register what correction v (of
// document id) says: its issuer facts and where the vendor prints the
// fields the person changed. The correction is stored already, so a
// failure is a warning; the register is derived, and a rebuild learns it
// again. It returns the warning or "".
func (s *Server) learnFromCorrection(ctx context.Context, id string, v *record.Version) string {
	if s.Vendors == nil {
		return ""
	}
	vs, err := s.Docs.Versions(ctx, id)
	if err != nil || len(vs) < 2 {
		return warnVendor(s, id, err)
	}
	doc, err := s.Docs.OCR(ctx, id)
	if err != nil {
		return warnVendor(s, id, err)
	}
	return warnVendor(s, id, s.Vendors.Learn(ctx, v, &vs[v.Version-2], doc))
}

func warnVendor(s *Server, id string, err error) string {
	if err == nil {
		return ""
	}
	s.Log.Warn("vendor register did not learn from a correction", "doc", id, "err", err)
	return "stored, but the vendor register did not learn from it: " + err.Error()
}
