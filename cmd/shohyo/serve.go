package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/shohyo/shohyo/internal/api"
	"github.com/shohyo/shohyo/internal/config"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/intake"
	"github.com/shohyo/shohyo/pipeline"
)

// localPoll is how often the local inbox folder is listed: a directory
// listing is cheap, and people expect a dropped file to be taken promptly.
const localPoll = time.Second

func runServe(args []string) error {
	fs := newFlags("serve", "[flags]")
	cfg, err := config.Parse(fs, config.GroupServer|config.GroupWorker, args)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log := newLogger()

	svc, err := openServices(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer svc.close()
	idx, err := index.Open(cfg.IndexPath())
	if err != nil {
		return err
	}
	defer idx.Close()
	p, closeEngine, err := svc.fullPipeline()
	if err != nil {
		return err
	}
	defer closeEngine()
	p.Index = idx

	workers, err := svc.startWorkers(p)
	if err != nil {
		return err
	}
	defer workers.Shutdown()
	go resumeAll(ctx, svc, p, idx)
	go rebuildVendors(ctx, svc)

	w := &intake.Watcher{Inbox: svc.inbox, Queue: p, Skip: pipeline.InboxQuarantine, Now: time.Now, Log: log}
	sched, err := startCompliance(ctx, cfg, svc)
	if err != nil {
		return err
	}
	srv := &api.Server{
		Docs: svc.docs, Originals: svc.originals, Inbox: svc.inbox, Index: idx, Pipeline: p,
		MaxBytes: cfg.MaxBytes, Version: version, Now: time.Now, Log: log,
		Compliance: &api.Compliance{Audit: svc.audit, Reindex: p.EnqueueIndex, Verify: sched},
		DrawPage:   drawPage,
		Vendors:    svc.vendors,
	}
	if srv.Auth, err = openAuth(ctx, svc.archive, svc.audit, log); err != nil {
		return err
	}
	if srv.Exports, err = exportsFor(cfg, svc); err != nil {
		return err
	}
	if err := srv.ResumeExports(ctx); err != nil {
		return err
	}
	if cfg.Embedded() {
		w.Every, w.Settle = localPoll, cfg.InboxSettle
	} else {
		w.Every = cfg.ReconcileEvery
		srv.Webhook = auditAuth(w.Webhook(cfg.S3InboxBucket, cfg.WebhookToken), svc.audit, log)
	}
	go w.Run(ctx)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	log.Info("serving", "addr", ln.Addr().String(), "embedded", cfg.Embedded(), "data", cfg.Data, "workers", cfg.Workers)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("stopping")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownDeadline)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// rebuildVendors derives the vendor register from the record versions
// unless that was done before: an archive from before the register, or
// one whose register was removed. Workers learning meanwhile write the
// same objects (create-only), so nothing is lost either way.
func rebuildVendors(ctx context.Context, svc *services) {
	n, err := svc.vendors.RebuildIfMissing(ctx, svc.docs)
	if err != nil && ctx.Err() == nil {
		svc.log.Warn("vendor register rebuild failed", "err", err)
	}
	if n > 0 {
		svc.log.Info("vendor register rebuilt", "versions", n)
	}
}

// resumeAll enqueues the next step of every document that is not done, or
// not in the index: after a crash, or a Redis that lost its queue, the
// archive itself says what is left to do.
func resumeAll(ctx context.Context, svc *services, p *pipeline.Pipeline, idx *index.Index) {
	n := 0
	err := svc.docs.Scan(ctx, func(s docstore.Summary) error {
		done := s.Quarantined || s.LatestVersion > 0
		if done {
			if in, err := idx.Has(s.ID); err != nil || in {
				return err
			}
		}
		n++
		return p.Resume(ctx, s)
	})
	if err != nil && ctx.Err() == nil {
		svc.log.Warn("resume scan failed", "err", err)
	}
	if n > 0 {
		svc.log.Info("resumed unfinished documents", "count", n)
	}
}
