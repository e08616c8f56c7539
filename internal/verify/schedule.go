package verify

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/shohyo/shohyo/internal/storage"
)

// ErrBusy means a verification is already running.
var ErrBusy = errors.New("verify: a verification is already running")

// Scheduler runs verifications one at a time, on a schedule and on
// request, and keeps the latest result for the API.
type Scheduler struct {
	B    *storage.Bucket
	Base Options // Roots, Concurrency, Retention, Now
	Log  *slog.Logger

	mu      sync.Mutex
	running bool
	since   time.Time
	last    *Report
	lastErr string
	lastAt  time.Time
}

// Status is what GET /api/v1/verify returns.
type Status struct {
	Running      bool      `json:"running"`
	RunningSince time.Time `json:"running_since,omitzero"`
	Last         *Report   `json:"last,omitempty"`
	LastError    string    `json:"last_error,omitempty"`
	LastErrorAt  time.Time `json:"last_error_at,omitzero"`
}

// Status returns the current state and the latest report.
func (s *Scheduler) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Status{Running: s.running, Last: s.last, LastError: s.lastErr}
	if s.running {
		st.RunningSince = s.since
	}
	if s.lastErr != "" {
		st.LastErrorAt = s.lastAt
	}
	return st
}

func (s *Scheduler) now() time.Time {
	if s.Base.Now != nil {
		return s.Base.Now()
	}
	return time.Now()
}

// RunNow verifies the period [from, to) (zero: unbounded) and returns the
// report, or ErrBusy if a run is in progress.
func (s *Scheduler) RunNow(ctx context.Context, from, to time.Time) (*Report, error) {
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return nil, ErrBusy
	}
	s.running, s.since = true, s.now()
	s.mu.Unlock()

	opts := s.Base
	opts.From, opts.To = from, to
	r, err := Run(ctx, s.B, opts)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.running = false
	if err != nil {
		s.lastErr, s.lastAt = err.Error(), s.now()
		return nil, err
	}
	s.last, s.lastErr = r, ""
	return r, nil
}

// Start verifies the whole archive every interval until ctx ends; the
// first run is after one interval, so a restart loop does not turn into
// a verification loop. Problems are logged as errors.
func (s *Scheduler) Start(ctx context.Context, every time.Duration) {
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		r, err := s.RunNow(ctx, time.Time{}, time.Time{})
		switch {
		case errors.Is(err, ErrBusy):
		case err != nil:
			s.log().Error("scheduled verification failed", "err", err)
		case !r.OK:
			s.log().Error("archive verification found problems", "summary", r.Summary())
		default:
			s.log().Info("archive verified", "summary", r.Summary())
		}
	}
}

func (s *Scheduler) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}
