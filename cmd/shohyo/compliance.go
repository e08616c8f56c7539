package main

import (
	"context"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/config"
	"github.com/shohyo/shohyo/internal/deadline"
	"github.com/shohyo/shohyo/internal/retention"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/verify"
)

// policyFrom builds the retention and input-deadline policy from the
// configuration; a malformed value stops the process at start.
func policyFrom(cfg *config.Config) (*retention.Policy, error) {
	p := retention.DefaultPolicy()
	var m, d int
	if _, err := fmt.Sscanf(cfg.FiscalYearEnd, "%d-%d", &m, &d); err != nil {
		return nil, fmt.Errorf("config: SHOHYO_FISCAL_YEAR_END=%q: want MM-DD", cfg.FiscalYearEnd)
	}
	p.Rules.FiscalYearEndMonth, p.Rules.FiscalYearEndDay = time.Month(m), d
	p.Rules.FilingMonths = cfg.FilingMonths
	p.Rules.DefaultYears = cfg.RetentionYears
	p.Rules.Years = map[retention.Class]int{}
	for item := range strings.SplitSeq(cfg.RetentionClassYears, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		name, years, ok := strings.Cut(item, "=")
		c, err := retention.ParseClass(name)
		n, nerr := strconv.Atoi(strings.TrimSpace(years))
		if !ok || err != nil || nerr != nil {
			return nil, fmt.Errorf("config: SHOHYO_RETENTION_CLASS_YEARS: %q is not class=years", item)
		}
		p.Rules.Years[c] = n
	}
	for y := range strings.SplitSeq(cfg.LossFiscalYears, ",") {
		if y = strings.TrimSpace(y); y == "" {
			continue
		}
		n, err := strconv.Atoi(y)
		if err != nil {
			return nil, fmt.Errorf("config: SHOHYO_LOSS_FISCAL_YEARS: %q is not a year", y)
		}
		p.Rules.LossFiscalYears = append(p.Rules.LossFiscalYears, n)
	}
	if err := p.Rules.Validate(); err != nil {
		return nil, err
	}
	p.Input.Method = deadline.Method(cfg.InputMethod)
	if err := p.Input.Validate(); err != nil {
		return nil, err
	}
	cal := &deadline.Calendar{}
	for s := range strings.SplitSeq(cfg.ClosedDays, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, s, retention.JST)
		if err != nil {
			return nil, fmt.Errorf("config: SHOHYO_CLOSED_DAYS: %q is not YYYY-MM-DD", s)
		}
		cal.Closed = append(cal.Closed, t)
	}
	p.Calendar = cal
	c, err := retention.ParseClass(cfg.DefaultClass)
	if err != nil {
		return nil, fmt.Errorf("config: SHOHYO_DEFAULT_CLASS: %w", err)
	}
	p.DefaultClass = c
	if cfg.PDFOrigin != "scan" && cfg.PDFOrigin != "electronic" {
		return nil, fmt.Errorf("config: SHOHYO_PDF_ORIGIN=%q: want scan or electronic", cfg.PDFOrigin)
	}
	p.PDFOrigin = cfg.PDFOrigin
	return p, nil
}

// auditLock locks each audit segment and anchor as long as the longest
// retention of a document stored that day: the trail is their evidence.
func auditLock(b *storage.Bucket, rules retention.Rules, now func() time.Time) func(context.Context, string) error {
	if _, ok := b.Locker(); !ok {
		return nil
	}
	return func(ctx context.Context, key string) error {
		until, err := rules.Longest(now())
		if err != nil {
			return err
		}
		_, err = b.ExtendRetention(ctx, key, until, storage.Compliance)
		return err
	}
}

// tsaFrom returns the TSA client and the roots tokens are verified with.
func tsaFrom(cfg *config.Config) (*audit.TSA, *x509.CertPool, error) {
	var roots *x509.CertPool
	if cfg.TSARoots != "" {
		pem, err := os.ReadFile(cfg.TSARoots)
		if err != nil {
			return nil, nil, fmt.Errorf("config: SHOHYO_TSA_ROOTS: %w", err)
		}
		roots = x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, nil, fmt.Errorf("config: SHOHYO_TSA_ROOTS: no certificate in %s", cfg.TSARoots)
		}
	}
	if cfg.TSAURL == "" {
		return nil, roots, nil
	}
	return &audit.TSA{URL: cfg.TSAURL, Roots: roots}, roots, nil
}

// startCompliance starts the anchor and verification schedules of serve
// and returns the verification scheduler for the API.
func startCompliance(ctx context.Context, cfg *config.Config, svc *services) (*verify.Scheduler, error) {
	tsa, roots, err := tsaFrom(cfg)
	if err != nil {
		return nil, err
	}
	an := &audit.Anchorer{B: svc.archive, Now: time.Now, TSA: tsa, Lock: auditLock(svc.archive, svc.policy.Rules, time.Now)}
	go every(ctx, cfg.AnchorEvery, func() {
		a, err := an.Make(ctx)
		switch {
		case err != nil:
			svc.log.Error("audit anchor failed; the next run covers the period", "err", err)
		case a != nil:
			svc.log.Info("audit anchored", "anchor", a.Number, "events", fmt.Sprintf("%d-%d", a.FromSeq, a.ToSeq), "root", a.Root, "tsa", a.Timestamp != nil)
		}
	})
	sched := &verify.Scheduler{B: svc.archive, Base: verify.Options{Roots: roots, Retention: true}, Log: svc.log}
	go sched.Start(ctx, cfg.VerifyEvery)
	return sched, nil
}

// every runs fn each interval until ctx ends (never for interval ≤ 0).
func every(ctx context.Context, interval time.Duration, fn func()) {
	if interval <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

// auditAuth records refused credentials on h (the S3 event webhook, the
// only authenticated route) as login_failed events.
func auditAuth(h http.Handler, l *audit.Log, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		if rec.status != http.StatusUnauthorized && rec.status != http.StatusForbidden {
			return
		}
		_, err := l.Append(context.WithoutCancel(r.Context()), audit.Event{
			Type: audit.LoginFailed, Actor: audit.Actor{Kind: "anonymous", Name: r.RemoteAddr},
			Detail: map[string]string{"route": r.Method + " " + r.URL.Path, "status": strconv.Itoa(rec.status)},
		})
		if err != nil {
			log.Error("audit login_failed", "err", err)
		}
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
