package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/config"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/verify"
)

// docArg takes the document id from the first argument, so both
// `shohyo correct DOC --set …` and `shohyo correct --set … DOC` work (the
// flag package stops at the first argument that is not a flag).
// parseDocCommand parses a command that takes one document id, before or
// after its flags, and the client settings.
func parseDocCommand(fs *flag.FlagSet, args []string) (string, *config.Config, error) {
	id := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	cfg, err := parseClient(fs, args)
	if err != nil {
		return "", nil, err
	}
	if id == "" && fs.NArg() == 1 {
		id = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return "", nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if !record.ValidDocID(id) {
		fs.Usage()
		return "", nil, exitError(2)
	}
	return id, cfg, nil
}

// warn prints a server's warning, if any, on stderr.
func warn(w string) {
	if w != "" {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
}

// post sends v as JSON and decodes a 2xx answer into out.
func post(server, path string, v, out any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	resp, err := httpClient.Post(strings.TrimRight(server, "/")+path, "application/json", bytes.NewReader(b))
	if err != nil {
		return unreachable(server, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return apiError(resp)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func runCorrect(args []string) error {
	fs := newFlags("correct", "DOC --set FIELD=VALUE [--set …] --reason TEXT  (fields: "+strings.Join(docstore.CorrectableFields(), ", ")+"; an empty VALUE clears a field)")
	set := map[string]string{}
	fs.Func("set", "FIELD=VALUE to change (repeat for several)", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return errors.New("want FIELD=VALUE")
		}
		set[strings.TrimSpace(k)] = v
		return nil
	})
	reason := fs.String("reason", "", "why the record is corrected (required, kept in the history)")
	id, cfg, err := parseDocCommand(fs, args)
	if err != nil {
		return err
	}
	var out struct {
		Version record.Version `json:"version"`
		Object  docstore.Ref   `json:"object"`
		Warning string         `json:"warning"`
	}
	req := api.CorrectionRequest{Reason: *reason, Set: set}
	if err := post(cfg.Server, "/api/v1/documents/"+id+"/corrections", req, &out); err != nil {
		return err
	}
	fmt.Printf("%s: version %d by %s (%s)\n", id, out.Version.Version, out.Version.Actor.Name, out.Version.Reason)
	for _, c := range out.Version.Changes {
		fmt.Printf("  %-20s %q → %q\n", c.Field, c.Old, c.New)
	}
	warn(out.Warning)
	return nil
}

func runDelete(args []string) error {
	fs := newFlags("delete", "DOC --reason TEXT  (adds a deletion marker; every version stays readable and searchable with --deleted include)")
	reason := fs.String("reason", "", "why the document is deleted (required)")
	id, cfg, err := parseDocCommand(fs, args)
	if err != nil {
		return err
	}
	var out struct {
		Deletion docstore.Deletion `json:"deletion"`
		Warning  string            `json:"warning"`
	}
	if err := post(cfg.Server, "/api/v1/documents/"+id+"/deletion", api.DeletionRequest{Reason: *reason}, &out); err != nil {
		return err
	}
	fmt.Printf("%s: deleted by %s at %s (%s); version %d and all before it are kept\n", id,
		out.Deletion.Actor.Name, out.Deletion.DeletedAt.Format(time.RFC3339), out.Deletion.Reason, out.Deletion.Version)
	warn(out.Warning)
	return nil
}

func runHold(args []string) error {
	fs := newFlags("hold", "DOC --reason TEXT [--release]  (a legal hold blocks deletion of every object of the document until released, whatever the retention dates)")
	reason := fs.String("reason", "", "why (required, in the audit trail)")
	release := fs.Bool("release", false, "lift the hold instead of placing it")
	id, cfg, err := parseDocCommand(fs, args)
	if err != nil {
		return err
	}
	var out struct {
		Objects []string `json:"objects"`
		Warning string   `json:"warning"`
	}
	req := api.LegalHoldRequest{Reason: *reason, Hold: !*release}
	if err := post(cfg.Server, "/api/v1/documents/"+id+"/legal-hold", req, &out); err != nil {
		return err
	}
	state := "placed on"
	if *release {
		state = "lifted from"
	}
	fmt.Printf("%s: legal hold %s %d objects\n", id, state, len(out.Objects))
	warn(out.Warning)
	return nil
}

func runHistory(args []string) error {
	fs := newFlags("history", "DOC")
	asJSON := fs.Bool("json", false, "print the history as JSON")
	id, cfg, err := parseDocCommand(fs, args)
	if err != nil {
		return err
	}
	resp, err := httpClient.Get(strings.TrimRight(cfg.Server, "/") + "/api/v1/documents/" + id + "/history")
	if err != nil {
		return unreachable(cfg.Server, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return apiError(resp)
	}
	var h docstore.History
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(h)
	}
	for _, r := range h.Receipts {
		fmt.Printf("received  %s  %s via %s\n", r.ReceivedAt.Format(time.RFC3339), r.Name, r.Via)
	}
	for _, e := range h.Versions {
		v := e.Version
		fmt.Printf("version %d %s  %s %s  %s\n", v.Version, v.CreatedAt.Format(time.RFC3339), v.Actor.Kind, v.Actor.Name, v.Reason)
		for _, c := range v.Changes {
			fmt.Printf("    %-20s %q → %q\n", c.Field, c.Old, c.New)
		}
		if a := v.Archival; a != nil && v.Version == len(h.Versions) {
			fmt.Printf("    class %s, origin %s, received %s, retain until %s\n", a.Class, a.Origin, a.ReceivedOn, a.RetainUntil.In(jst).Format(time.DateOnly))
		}
	}
	if d := h.Deletion; d != nil {
		fmt.Printf("deleted   %s  %s  %s\n", d.DeletedAt.Format(time.RFC3339), d.Actor.Name, d.Reason)
	}
	return nil
}

var jst = time.FixedZone("JST", 9*60*60)

func runVerify(args []string) error {
	fs := newFlags("verify", "[--from YYYY-MM-DD] [--to YYYY-MM-DD]  (documents stored in the period, both days included; the audit trail is always checked whole)")
	from := fs.String("from", "", "first day")
	to := fs.String("to", "", "last day")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	cfg, err := parseClient(fs, args)
	if err != nil {
		return err
	}
	var r verify.Report
	if err := post(cfg.Server, "/api/v1/verify", api.VerifyRequest{From: *from, To: *to}, &r); err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return err
		}
	} else {
		fmt.Println(r.Summary())
		for _, p := range r.Problems {
			fmt.Printf("  %-10s %s\n             %s\n", p.Code, p.Object, p.Message)
		}
	}
	if !r.OK {
		return exitError(1)
	}
	return nil
}
