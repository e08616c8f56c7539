// Command shohyo archives invoices and receipts: it watches an inbox,
// recognises and extracts their fields, keeps every record version, and
// searches them. Run `shohyo help` for the commands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/shohyo/shohyo/internal/ocr"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

type command struct {
	name, summary string
	run           func(args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"serve", "run the HTTP API, inbox watcher, pipeline workers and indexer", runServe},
		{"worker", "run pipeline workers only (OCR and extraction), to add capacity", runWorker},
		{"ingest", "upload files or folders to a running serve", runIngest},
		{"search", "search the archive of a running serve", runSearch},
		{"extract", "OCR and extract fields of local files, no services needed", runExtract},
		{"reindex", "rebuild the search index of a running serve from storage", runReindex},
		{"correct", "correct fields of a document: a new version with who, when, why", runCorrect},
		{"delete", "mark a document deleted (nothing is removed; retention still applies)", runDelete},
		{"history", "show every version, change and deletion of a document", runHistory},
		{"hold", "place or lift a legal hold on a document", runHold},
		{"verify", "verify the archive: hashes, version chains, audit trail, anchors", runVerify},
		{"token", "create, list or revoke API tokens (in the archive, offline)", runToken},
		{"export", "export documents as a signed ZIP (or the NTA CSV) for an auditor", runExport},
		{"verify-export", "check an export's signature, every hash, nothing missing or extra", runVerifyExport},
		{"version", "print the version", func([]string) error { fmt.Println("shohyo", version); return nil }},
	}
}

func usage() {
	fmt.Fprintf(os.Stderr, "shohyo %s: an archive of invoices and receipts for 電子帳簿保存法\n\nUsage: shohyo COMMAND [flags]\n\nCommands:\n", version)
	for _, c := range commands {
		fmt.Fprintf(os.Stderr, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(os.Stderr, "\nRun `shohyo COMMAND --help` for a command's flags. Every flag is also an environment variable (SHOHYO_…).\n")
}

func main() {
	// Tesseract's OpenMP threads would oversubscribe the cores when pages
	// run in parallel; on failure the process runs unpinned.
	_ = ocr.ReexecWithThreadLimit()
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	name := os.Args[1]
	if name == "help" || name == "-h" || name == "--help" {
		usage()
		return
	}
	if name == "--version" || name == "-version" {
		name = "version"
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(os.Args[2:])
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "shohyo "+name+":", err)
			var ex exitError
			if errors.As(err, &ex) {
				os.Exit(int(ex))
			}
			os.Exit(1)
		}
		return
	}
	fmt.Fprintf(os.Stderr, "shohyo: unknown command %q\n\n", name)
	usage()
	os.Exit(2)
}

// exitError carries a specific exit status.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func newFlags(name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: shohyo %s %s\n\nFlags:\n", name, usageLine)
		fs.PrintDefaults()
	}
	return fs
}
