package schemas_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/audit/tsatest"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/retention"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/schemas/schematest"
)

func validateBytes(t *testing.T, s *jsonschema.Schema, b []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(inst)
}

// TestAuditSchemas validates stored events and anchors, as written by the
// audit package, and checks the schemas refuse broken ones.
func TestAuditSchemas(t *testing.T) {
	ctx := context.Background()
	d, err := storage.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b := storage.NewBucket(d)
	now := func() time.Time { return time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC) }
	tsa := tsatest.Start(t, now)
	l := audit.NewLog(b, audit.Options{Now: now})
	an := &audit.Anchorer{B: b, Now: now, TSA: &audit.TSA{URL: tsa.URL, Roots: tsa.Roots}}
	events := []audit.Event{
		{Type: audit.Stored, Actor: audit.Actor{Kind: "machine", Name: "shohyo dev"}, DocID: "0123456789abcdef01234567", Object: "originals/" + strings.Repeat("a", 64), SHA256: strings.Repeat("a", 64)},
		{Type: audit.Corrected, Actor: audit.Actor{Kind: "person", Name: "sato"}, DocID: "0123456789abcdef01234567", Object: "docs/0123456789abcdef01234567/versions/000002.json", SHA256: strings.Repeat("b", 64), Detail: map[string]string{"reason": "total misread"}},
		{Type: audit.LoginFailed, Actor: audit.Actor{Kind: "anonymous", Name: "203.0.113.9:5000"}},
	}
	for i, ev := range events {
		if _, err := l.Append(ctx, ev); err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			if _, err := an.Make(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	es := schematest.Compile(t, "audit-event.schema.json")
	tr, err := audit.ReadTrail(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	var lines [][]byte
	for _, seg := range tr.Segments {
		lines = append(lines, seg.Lines...)
	}
	if len(lines) != 3 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, line := range lines {
		if err := validateBytes(t, es, line); err != nil {
			t.Errorf("stored event %d rejected: %v\n%s", i+1, err, line)
		}
	}
	broken := map[string]func(m map[string]any){
		"prev on event 1": func(m map[string]any) { m["prev"] = strings.Repeat("c", 64) },
		"unknown type":    func(m map[string]any) { m["type"] = "renamed" },
		"object, no hash": func(m map[string]any) { delete(m, "sha256") },
		"extra key":       func(m map[string]any) { m["note"] = "x" },
		"time not ISO":    func(m map[string]any) { m["time"] = "2024/04/01" },
		"short sha256":    func(m map[string]any) { m["sha256"] = "abc" },
	}
	for name, mutate := range broken {
		var m map[string]any
		json.Unmarshal(lines[0], &m)
		mutate(m)
		bb, _ := json.Marshal(m)
		if err := validateBytes(t, es, bb); err == nil {
			t.Errorf("event with %s accepted", name)
		}
	}

	as := schematest.Compile(t, "anchor.schema.json")
	for _, key := range []string{audit.AnchorKey(1), audit.AnchorKey(2)} {
		rc, err := b.Open(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if err := validateBytes(t, as, data); err != nil {
			t.Errorf("%s rejected: %v\n%s", key, err, data)
		}
		var m map[string]any
		json.Unmarshal(data, &m)
		if key == audit.AnchorKey(2) {
			delete(m, "previous")
			bb, _ := json.Marshal(m)
			if err := validateBytes(t, as, bb); err == nil {
				t.Error("anchor 2 without previous accepted")
			}
		}
	}
}

// TestRecordVersionArchival validates a version carrying archival facts
// as the retention policy fills them.
func TestRecordVersionArchival(t *testing.T) {
	s := schematest.Compile(t, "record-version.schema.json")
	v := sampleVersion()
	v.Archival = &record.Archival{ReceivedOn: "2024-03-19"} // 8 business days before 04-01 (03-20 is a holiday)
	if err := retention.DefaultPolicy().Apply(nil, &v); err != nil {
		t.Fatal(err)
	}
	if v.Archival.Input == nil || !v.Archival.Input.Late {
		t.Fatalf("input check %+v", v.Archival.Input)
	}
	if err := schematest.Validate(t, s, v); err != nil {
		t.Fatalf("a version with archival facts is rejected: %v", err)
	}
	bad := map[string]func(v *record.Version){
		"unknown class":   func(v *record.Version) { v.Archival.Class = "misc" },
		"received on ISO": func(v *record.Version) { v.Archival.ReceivedOn = "2024/03/19" },
		"five years":      func(v *record.Version) { v.Archival.RetentionYears = 5 },
	}
	for name, mutate := range bad {
		w := v
		a := *v.Archival
		w.Archival = &a
		mutate(&w)
		if err := schematest.Validate(t, s, w); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
