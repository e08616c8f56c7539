package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/config"
	"github.com/shohyo/shohyo/internal/export"
	"github.com/shohyo/shohyo/internal/ocr"
	"github.com/shohyo/shohyo/internal/storage"
)

// openAuth returns the token store of the archive. On an archive without
// any token, serve makes the first admin token and prints it once on
// stderr, so a fresh installation is usable without a separate step; the
// secret is not kept anywhere (only its hash is stored). `shohyo token
// create` before the first serve avoids the printout.
func openAuth(ctx context.Context, archive *storage.Bucket, trail *audit.Log, log *slog.Logger) (*auth.Store, error) {
	s := auth.NewStore(archive, time.Now)
	empty, err := s.Empty(ctx)
	if err != nil || !empty {
		return s, err
	}
	const by = "shohyo serve (first start)"
	secret, t, err := s.Create(ctx, "admin", auth.Admin, by)
	if err != nil {
		return nil, err
	}
	// The secret is printed even when the event fails: it exists now, and
	// a second start would not print it again.
	if err := tokenEvent(ctx, trail, auth.CreatedEvent(audit.Actor{Kind: "machine", Name: by}, t)); err != nil {
		log.Error("audit", "err", err)
	}
	log.Warn("no API token existed: created the first admin token; it is printed once below, store it now", "token", t.ID)
	fmt.Fprintf(os.Stderr, "\nSHOHYO_TOKEN=%s\n\n", secret)
	return s, nil
}

// drawPage draws page images for the API.
func drawPage(ctx context.Context, original []byte, n int) ([]byte, error) {
	return ocr.PagePNG(ctx, original, n, ocr.ViewLimits)
}

// exportsFor wires exports: the signing key lives in the data directory,
// jobs and their files in the archive; a running export is spooled in
// the data directory.
func exportsFor(cfg *config.Config, svc *services) (*api.Exports, error) {
	key, err := export.LoadOrCreateKey(filepath.Join(cfg.Data, "keys", "export-ed25519.pem"))
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(cfg.Data, "exports")
	return &api.Exports{Dir: dir, Jobs: &export.Jobs{B: svc.archive, Now: time.Now}, Exporter: &export.Exporter{Docs: svc.docs, Originals: svc.originals,
		Archive: svc.archive, Key: key, Now: time.Now, Generator: "shohyo " + version, TempDir: dir}}, nil
}
