package main

import (
	"context"
	"errors"
	"os/signal"
	"syscall"

	"github.com/shohyo/shohyo/internal/config"
)

func runWorker(args []string) error {
	fs := newFlags("worker", "[flags]")
	cfg, err := config.Parse(fs, config.GroupWorker, args)
	if err != nil {
		return err
	}
	if cfg.RedisURL == "" {
		return errors.New("a worker needs the queue that serve uses: set SHOHYO_REDIS_URL (and SHOHYO_S3_ENDPOINT with credentials so it shares serve's storage)")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log := newLogger()
	svc, err := openServices(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer svc.close()
	p, closeEngine, err := svc.fullPipeline()
	if err != nil {
		return err
	}
	defer closeEngine()
	srv, err := svc.startWorkers(p)
	if err != nil {
		return err
	}
	log.Info("worker running", "workers", cfg.Workers, "embedded", cfg.Embedded())
	<-ctx.Done()
	log.Info("stopping: waiting for running steps")
	srv.Shutdown()
	return nil
}
