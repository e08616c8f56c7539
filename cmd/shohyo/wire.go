package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/hibiken/asynq"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/config"
	"github.com/shohyo/shohyo/internal/docstore"
	"github.com/shohyo/shohyo/internal/queue"
	"github.com/shohyo/shohyo/internal/retention"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/vendor"
	"github.com/shohyo/shohyo/pipeline"
)

// services are what serve and worker share: storage, Redis and the queue.
type services struct {
	cfg       *config.Config
	inbox     *storage.Bucket
	archive   *storage.Bucket
	originals *storage.Archive
	docs      *docstore.Store
	conn      *queue.Conn
	client    *asynq.Client
	log       *slog.Logger
	audit     *audit.Log
	policy    *retention.Policy
	vendors   *vendor.Cache
}

// vendorRefresh is how often a process lists the vendor register for what
// other processes learned; what it learns itself it sees at once.
const vendorRefresh = 10 * time.Second

func openServices(ctx context.Context, cfg *config.Config, log *slog.Logger) (*services, error) {
	s := &services{cfg: cfg, log: log}
	inbox, archive, err := openDrivers(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s.inbox, s.archive = storage.NewBucket(inbox), storage.NewBucket(archive)
	s.originals = storage.NewArchive(s.archive)
	s.docs = docstore.New(s.archive)
	if s.policy, err = policyFrom(cfg); err != nil {
		return nil, err
	}
	s.docs.SetPolicy(s.policy)
	s.audit = newAuditLog(s.archive, s.policy, log)
	s.vendors = vendor.NewCache(vendor.NewStore(s.archive), vendorRefresh)
	if s.conn, err = queue.Connect(ctx, cfg.RedisURL, filepath.Join(cfg.Data, "redis")); err != nil {
		return nil, err
	}
	s.client = asynq.NewClient(s.conn.Opt)
	return s, nil
}

// newAuditLog is the audit trail of the archive, its segments locked by
// the retention policy; every command that records events uses it.
func newAuditLog(archive *storage.Bucket, policy *retention.Policy, log *slog.Logger) *audit.Log {
	return audit.NewLog(archive, audit.Options{
		Now: time.Now, Linger: 20 * time.Millisecond, Log: log,
		Lock: auditLock(archive, policy.Rules, time.Now),
	})
}

func openDrivers(ctx context.Context, cfg *config.Config) (inbox, archive storage.Driver, err error) {
	if cfg.Embedded() {
		if inbox, err = storage.NewLocal(filepath.Join(cfg.Data, "inbox")); err != nil {
			return nil, nil, err
		}
		archive, err = storage.NewLocal(filepath.Join(cfg.Data, "archive"))
		return inbox, archive, err
	}
	open := func(bucket string) (storage.Driver, error) {
		// Only the archive is locked: the inbox is a working area whose
		// files are deleted once archived.
		lock := bucket == cfg.S3ArchiveBucket && cfg.S3ObjectLock
		days := 0
		if lock {
			days = cfg.S3LockDays
		}
		d, err := storage.NewS3(ctx, storage.S3Config{
			Endpoint: cfg.S3Endpoint, AccessKey: cfg.S3AccessKey, SecretKey: cfg.S3SecretKey,
			Region: cfg.S3Region, Secure: cfg.S3Secure, Bucket: bucket,
			ObjectLock: lock, DefaultRetentionDays: days,
		})
		if err != nil {
			return nil, err
		}
		return d, d.EnsureBucket(ctx)
	}
	if inbox, err = open(cfg.S3InboxBucket); err != nil {
		return nil, nil, err
	}
	archive, err = open(cfg.S3ArchiveBucket)
	return inbox, archive, err
}

func (s *services) close() {
	if s.client != nil {
		_ = s.client.Close()
	}
	if s.conn != nil {
		if err := s.conn.Close(); err != nil {
			s.log.Warn("stopping redis", "err", err)
		}
	}
}

func (s *services) newPipeline() *pipeline.Pipeline {
	return &pipeline.Pipeline{
		Inbox:     s.inbox,
		Originals: s.originals,
		Docs:      s.docs,
		Queue:     s.client,
		Now:       time.Now,
		MaxBytes:  s.cfg.MaxBytes,
		MaxRetry:  s.cfg.TaskMaxRetry,
		Machine:   "shohyo " + version,
		Log:       s.log,
		Audit:     s.audit,
		Archival:  s.policy,
	}
}

// startWorkers runs the pipeline's handlers until the returned server is
// shut down.
func (s *services) startWorkers(p *pipeline.Pipeline) (*asynq.Server, error) {
	mux := asynq.NewServeMux()
	queues := p.Register(mux)
	srv := asynq.NewServer(s.conn.Opt, asynq.Config{
		Concurrency:     s.cfg.Workers,
		Queues:          queues,
		ErrorHandler:    asynq.ErrorHandlerFunc(p.GiveUp),
		RetryDelayFunc:  pipeline.RetryDelay,
		ShutdownTimeout: s.cfg.ShutdownDeadline,
		Logger:          asynqLogger{s.log},
		LogLevel:        asynq.WarnLevel,
	})
	if err := srv.Start(mux); err != nil {
		return nil, fmt.Errorf("start workers: %w", err)
	}
	return srv, nil
}

func newLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// asynqLogger routes asynq's own messages through slog.
type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...)) }
func (a asynqLogger) Info(args ...any)  { a.l.Info(fmt.Sprint(args...)) }
func (a asynqLogger) Warn(args ...any)  { a.l.Warn(fmt.Sprint(args...)) }
func (a asynqLogger) Error(args ...any) { a.l.Error(fmt.Sprint(args...)) }
func (a asynqLogger) Fatal(args ...any) { a.l.Error(fmt.Sprint(args...)); os.Exit(1) }
