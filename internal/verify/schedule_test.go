package verify_test

import (
	"context"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/verify"
)

func TestScheduler(t *testing.T) {
	d, err := storage.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b := storage.NewBucket(d)
	a := newArchive(t, b, true)
	a.addMany(t, 3, 1024)
	s := &verify.Scheduler{B: b}
	if st := s.Status(); st.Running || st.Last != nil {
		t.Fatalf("fresh status %+v", st)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Start(ctx, 20*time.Millisecond)
	deadline := time.Now().Add(10 * time.Second)
	for s.Status().Last == nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	st := s.Status()
	if st.Last == nil || !st.Last.OK || st.Last.Documents != 3 {
		t.Fatalf("scheduled run: %+v", st)
	}
	cancel()
	// A requested run of an empty period finds no documents.
	r, err := s.RunNow(context.Background(), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{})
	if err != nil || r.Documents != 0 || r.From == "" {
		t.Errorf("period run: %+v %v", r, err)
	}
	if s.Status().Last != r {
		t.Error("status does not show the latest report")
	}
}
