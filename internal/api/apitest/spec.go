package apitest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/shohyo/shohyo/schemas"
)

// spec is schemas/openapi.json with compiled response schemas.
type spec struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
	cache    map[string]*jsonschema.Schema
}

const specURL = "mem://schemas/openapi.json"

func loadSpec(t testing.TB) *spec {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemas.MustFile("openapi.json")))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(specURL, doc); err != nil {
		t.Fatal(err)
	}
	return &spec{doc: doc.(map[string]any), compiler: c, cache: map[string]*jsonschema.Schema{}}
}

func (s *spec) paths() map[string]any { return s.doc["paths"].(map[string]any) }

// match finds the spec path template of a concrete path: segments equal,
// or a {parameter} matching any one segment. As in OpenAPI (and the
// server's mux), a template with fewer parameters wins:
// /vendors/rebuild over /vendors/{id}.
func (s *spec) match(path string) (string, bool) {
	got := strings.Split(path, "/")
	best, bestParams := "", len(got)+1
	for tmpl := range s.paths() {
		want := strings.Split(tmpl, "/")
		if len(want) != len(got) {
			continue
		}
		params := 0
		for i := range want {
			if strings.HasPrefix(want[i], "{") && got[i] != "" {
				params++
			} else if want[i] != got[i] {
				params = len(got) + 1
				break
			}
		}
		if params < bestParams {
			best, bestParams = tmpl, params
		}
	}
	return best, best != ""
}

func pointerEscape(s string) string {
	s = strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
	return strings.NewReplacer("{", "%7B", "}", "%7D").Replace(s)
}

// check validates one real answer against the spec: the route and status
// are documented, and a JSON body matches the documented schema.
func (s *spec) check(t testing.TB, method, path string, r response) {
	t.Helper()
	path, _, _ = strings.Cut(path, "?")
	tmpl, ok := s.match(path)
	if !ok {
		if r.status == 404 && r.code() == "not_found" {
			return // the JSON 404 of a path that is no route
		}
		t.Errorf("%s %s: path not in the OpenAPI spec", method, path)
		return
	}
	op, ok := s.paths()[tmpl].(map[string]any)[strings.ToLower(method)].(map[string]any)
	if !ok {
		t.Errorf("%s %s: method not in the spec", method, tmpl)
		return
	}
	resp, ok := op["responses"].(map[string]any)[strconv.Itoa(r.status)].(map[string]any)
	if !ok {
		t.Errorf("%s %s: status %d not in the spec (body %.200s)", method, tmpl, r.status, r.body)
		return
	}
	content, _ := resp["content"].(map[string]any)
	if !strings.HasPrefix(r.ctype, "application/json") {
		for ct := range content {
			if strings.HasPrefix(r.ctype, ct) {
				return
			}
		}
		if len(content) > 0 {
			t.Errorf("%s %s %d: content type %q not in the spec", method, tmpl, r.status, r.ctype)
		}
		return
	}
	if _, ok := content["application/json"]; !ok {
		t.Errorf("%s %s %d: JSON answer, the spec documents none", method, tmpl, r.status)
		return
	}
	loc := fmt.Sprintf("%s#/paths/%s/%s/responses/%d/content/application~1json/schema", specURL, pointerEscape(tmpl), strings.ToLower(method), r.status)
	sch, ok := s.cache[loc]
	if !ok {
		var err error
		if sch, err = s.compiler.Compile(loc); err != nil {
			t.Fatalf("compile %s: %v", loc, err)
		}
		s.cache[loc] = sch
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.body))
	if err != nil {
		t.Errorf("%s %s %d: body is not JSON: %v", method, tmpl, r.status, err)
		return
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("%s %s %d: body does not match the spec: %v\n%s", method, tmpl, r.status, err, r.body)
	}
}
