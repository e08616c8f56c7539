package vendor

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shohyo/shohyo/internal/extract/normalize"
	"github.com/shohyo/shohyo/internal/layout"
	"github.com/shohyo/shohyo/internal/record"
)

// Variant is one value of a vendor's name, address or phone, with the
// number of confirmed documents that printed it and how many of those a
// person confirmed.
type Variant struct {
	Value  string `json:"value"`
	Count  int    `json:"count"`
	People int    `json:"people"`
}

// Vendor is everything the register knows about one issuer.
type Vendor struct {
	Keys                []string // the storage keys merged into this vendor
	Names               []Variant
	Addresses           []Variant
	Phones              []Variant
	RegistrationNumbers []string
	Hints               []Hint
	// Documents is how many documents confirmed any fact of the vendor.
	Documents int
}

// ID names the vendor: its first storage key, a registration number when
// it has one ("T" sorts before "n-").
func (v *Vendor) ID() string {
	if len(v.Keys) == 0 {
		return ""
	}
	return v.Keys[0]
}

// Name is the vendor's most confirmed name, people's confirmations first.
func (v *Vendor) Name() string { return top(v.Names) }

// Address is the vendor's most confirmed address, people's first.
func (v *Vendor) Address() string { return top(v.Addresses) }

func top(vs []Variant) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0].Value
}

// Register is the loaded set of vendors.
type Register struct {
	Vendors []*Vendor
	byReg   map[string]*Vendor
	byPhone map[string]*Vendor
}

type storedHint struct {
	vendor string
	Hint
}

// build merges facts by vendor key, and keys that share a registration
// number into one vendor.
func build(facts []Fact, hints []storedHint) *Register {
	facts = current(facts)
	parent := map[string]string{}
	var find func(k string) string
	find = func(k string) string {
		if p, ok := parent[k]; ok && p != k {
			r := find(p)
			parent[k] = r
			return r
		}
		parent[k] = k
		return k
	}
	union := func(a, b string) { parent[find(a)] = find(b) }
	// A name-keyed vendor joins the vendor of the registration number
	// printed with that name, unless two numbers were: then two
	// companies share the name, and which one a document without a
	// number came from is unknown.
	// A number that is another confirmed number with 0s read as 9 is a
	// misreading of it (the check digit cannot tell them apart, so a
	// machine's version may confirm one): its facts join that number's
	// vendor, and it is not one of the vendor's numbers.
	misread := misreadNumbers(facts)
	for x, y := range misread {
		union(x, y)
	}
	regsOf := map[string]map[string]bool{}
	for _, f := range facts {
		find(f.Vendor)
		if f.Kind == KindRegistration && f.Vendor != f.Value {
			if regsOf[f.Vendor] == nil {
				regsOf[f.Vendor] = map[string]bool{}
			}
			reg := f.Value
			if y, ok := misread[reg]; ok {
				reg = y
			}
			regsOf[f.Vendor][reg] = true
		}
	}
	for k, regs := range regsOf {
		if len(regs) == 1 {
			for reg := range regs {
				union(k, reg)
			}
		}
	}
	type acc struct {
		v      *Vendor
		counts map[string]map[string]map[string]bool // kind -> value -> document -> by a person
		docs   map[string]bool
	}
	groups := map[string]*acc{}
	get := func(k string) *acc {
		root := find(k)
		a, ok := groups[root]
		if !ok {
			a = &acc{v: &Vendor{}, counts: map[string]map[string]map[string]bool{}, docs: map[string]bool{}}
			groups[root] = a
		}
		return a
	}
	for _, f := range facts {
		if f.Kind == KindRegistration && f.Vendor != f.Value {
			continue // a link from a name to a number, counted under the number
		}
		a := get(f.Vendor)
		a.docs[f.DocID] = true
		if a.counts[f.Kind] == nil {
			a.counts[f.Kind] = map[string]map[string]bool{}
		}
		if a.counts[f.Kind][f.Value] == nil {
			a.counts[f.Kind][f.Value] = map[string]bool{}
		}
		a.counts[f.Kind][f.Value][f.DocID] = a.counts[f.Kind][f.Value][f.DocID] || f.Person
		if !contains(a.v.Keys, f.Vendor) {
			a.v.Keys = append(a.v.Keys, f.Vendor)
		}
	}
	for _, h := range hints {
		a := get(h.vendor)
		a.v.Hints = append(a.v.Hints, h.Hint)
	}
	r := &Register{byReg: map[string]*Vendor{}, byPhone: map[string]*Vendor{}}
	roots := make([]string, 0, len(groups))
	for k := range groups {
		roots = append(roots, k)
	}
	sort.Strings(roots)
	for _, k := range roots {
		a := groups[k]
		v := a.v
		v.Names = variants(a.counts[KindName])
		v.Addresses = variants(a.counts[KindAddress])
		v.Phones = variants(a.counts[KindPhone])
		v.Documents = len(a.docs)
		for _, x := range variants(a.counts[KindRegistration]) {
			if _, ok := misread[x.Value]; ok {
				continue
			}
			v.RegistrationNumbers = append(v.RegistrationNumbers, x.Value)
			r.byReg[x.Value] = v
		}
		for _, p := range v.Phones {
			r.byPhone[p.Value] = v
		}
		sort.Strings(v.Keys)
		r.Vendors = append(r.Vendors, v)
	}
	return r
}

// misreadNumbers maps every confirmed registration number that is another
// one with some 0s read as 9 to that other one, the one with the fewest 9s
// (the printed number; numbers that differ only so share the key with 9s
// as 0s).
func misreadNumbers(facts []Fact) map[string]string {
	byKey := map[string][]string{}
	seen := map[string]bool{}
	for _, f := range facts {
		if f.Kind == KindRegistration && !seen[f.Value] {
			seen[f.Value] = true
			k := strings.ReplaceAll(f.Value, "9", "0")
			byKey[k] = append(byKey[k], f.Value)
		}
	}
	out := map[string]string{}
	for _, nums := range byKey {
		if len(nums) < 2 {
			continue
		}
		sort.Slice(nums, func(i, j int) bool {
			ni, nj := strings.Count(nums[i], "9"), strings.Count(nums[j], "9")
			return ni < nj || ni == nj && nums[i] < nums[j]
		})
		for _, x := range nums[1:] {
			for _, y := range nums {
				if zeroReadAsNine(x, y) {
					out[x] = y
					break
				}
			}
		}
	}
	return out
}

// current keeps the facts of each document's latest confirmed version: a
// machine's version 1 that a person then corrected confirmed nothing the
// person did not keep.
func current(facts []Fact) []Fact {
	latest := map[string]int{}
	for _, f := range facts {
		latest[f.DocID] = max(latest[f.DocID], f.Version)
	}
	out := make([]Fact, 0, len(facts))
	for _, f := range facts {
		if f.Version == latest[f.DocID] {
			out = append(out, f)
		}
	}
	return out
}

// variants orders values by the number of people's confirmations, then
// of documents that printed them, then by value.
func variants(m map[string]map[string]bool) []Variant {
	out := make([]Variant, 0, len(m))
	for v, docs := range m {
		x := Variant{Value: v, Count: len(docs)}
		for _, person := range docs {
			if person {
				x.People++
			}
		}
		out = append(out, x)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].People != out[j].People {
			return out[i].People > out[j].People
		}
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// phoneRe is a phone number as printed: 0 and 8 to 10 digits in groups,
// Japanese ("03-1234-5678", "0120-123-456", "092-726-8940") or Malaysian,
// where the second separator may be a space or nothing ("03-7887 2622",
// "07-386 7524", "03-40210276").
var phoneRe = regexp.MustCompile(`(?:^|[^\d])(0\d{1,4})\s?-\s?(\d{1,4})(?:\s?-\s?|\s)?(\d{3,4})(?:$|[^\d])`)

// Phones returns the phone and fax numbers printed in d, as digits only,
// in order of appearance.
func Phones(d *layout.Document) []string {
	if d == nil {
		return nil
	}
	var out []string
	for _, p := range d.Pages {
		for _, l := range p.Lines {
			for _, m := range phoneRe.FindAllStringSubmatch(normalize.Fold(l.Text), -1) {
				n := m[1] + m[2] + m[3]
				if len(n) >= 9 && len(n) <= 11 && !contains(out, n) {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// nameKey is the form names are compared in: NFKC, letters and digits
// only, without the legal form, which documents abbreviate ((株) for
// 株式会社) or OCR garbles most often.
func nameKey(s string) string {
	k := normalize.AlnumKey(s)
	for _, form := range legalForms {
		k = strings.ReplaceAll(k, form, "")
	}
	return k
}

// legalForms as they remain in an AlnumKey ("(株)" is "株").
var legalForms = []string{"株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人", "一般財団法人",
	"SDNBHD", "BHD", "LTD", "LLC", "INC", "GMBH"}

// similarity is the Dice coefficient of the character bigrams of two
// comparison keys: 1 for equal keys, near 1 for one letter misread.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 {
		return 0
	}
	if a == b {
		return 1
	}
	if len(ra) < 2 || len(rb) < 2 {
		return 0
	}
	grams := map[string]int{}
	for i := 0; i+1 < len(ra); i++ {
		grams[string(ra[i:i+2])]++
	}
	common := 0
	for i := 0; i+1 < len(rb); i++ {
		g := string(rb[i : i+2])
		if grams[g] > 0 {
			grams[g]--
			common++
		}
	}
	return 2 * float64(common) / float64(len(ra)-1+len(rb)-1)
}

// nameLike is how alike a name read is to the vendor's names: their
// similarity, or containedLike when one holds the other whole and the
// shorter is long enough to tell vendors apart. OCR cuts a name short at
// a wrapped line, or runs it on into a branch or a shop number, and both
// lower the bigram similarity far below a misread letter's.
func (v *Vendor) nameLike(name string) float64 {
	_, s := v.bestName(name, false)
	if s >= containedLike {
		return s
	}
	k := nameKey(name)
	for _, x := range v.Names {
		short, long := k, nameKey(x.Value)
		if utf8.RuneCountInString(short) > utf8.RuneCountInString(long) {
			short, long = long, short
		}
		if utf8.RuneCountInString(short) >= minContained && strings.Contains(long, short) {
			return containedLike
		}
	}
	return s
}

// containedLike is the similarity a name held whole in another counts
// as: just enough for a match by name. minContained is the shortest name
// key (letters and digits, without the legal form) that counts: "AEON"
// or a Japanese name of a few kanji is held in too many others.
const (
	containedLike = 0.8
	minContained  = 12
)

// bestName returns the vendor's name most like name, and the similarity;
// with people, among the names a person confirmed only.
func (v *Vendor) bestName(name string, people bool) (string, float64) {
	return best(v.Names, nameKey, name, people)
}

// bestAddress is bestName for addresses, compared as letters and digits.
func (v *Vendor) bestAddress(addr string, people bool) (string, float64) {
	return best(v.Addresses, normalize.AlnumKey, addr, people)
}

func best(vs []Variant, key func(string) string, s string, people bool) (string, float64) {
	k := key(s)
	value, score := "", 0.0
	for _, x := range vs {
		if people && x.People == 0 {
			continue
		}
		if sim := similarity(k, key(x.Value)); sim > score {
			value, score = x.Value, sim
		}
	}
	return value, score
}

// fieldValue is a field's value or "".
func fieldValue(f *record.Field) string {
	if f == nil {
		return ""
	}
	return f.Value
}
