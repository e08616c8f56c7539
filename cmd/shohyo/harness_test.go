package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/shohyo/shohyo/internal/index"
	"github.com/shohyo/shohyo/internal/testutil"
)

var shohyoBin string

// TestMain builds the binary the tests run as separate processes, so they
// test what users run (and can kill it with SIGKILL).
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "shohyo-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	shohyoBin = filepath.Join(dir, "shohyo")
	out, err := exec.Command("go", "build", "-o", shohyoBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build shohyo: %v\n%s", err, out)
		os.Exit(1)
	}
	// Requests of the tests carry the token serve printed (startServe);
	// a request with its own Authorization header keeps it.
	http.DefaultTransport = envToken{http.DefaultTransport}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// syncBuffer collects a process's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type serveProc struct {
	cmd  *exec.Cmd
	url  string
	log  *syncBuffer
	done chan struct{}
}

// startServe runs `shohyo serve` with env and waits until it answers.
func startServe(t *testing.T, env []string, args ...string) *serveProc {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", testutil.FreePort(t))
	for _, e := range env {
		if len(e) > 12 && e[:12] == "SHOHYO_ADDR=" {
			addr = e[12:]
		}
	}
	if os.Getenv("SHOHYO_TOKEN") == "" {
		// An admin token made offline on the same storage before serve
		// starts: the test never depends on catching serve's first-start
		// printout in its output.
		tok, err := cli(t, env, append([]string{"token", "create", "--role", "admin", "--name", "test-admin"}, args...)...)
		if err != nil {
			t.Fatalf("token create: %v", err)
		}
		t.Setenv("SHOHYO_TOKEN", strings.TrimSpace(tok))
	}
	s := &serveProc{url: "http://" + addr, log: &syncBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(shohyoBin, append([]string{"serve", "--addr", addr}, args...)...)
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("serve log:\n%s", s.log.String())
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		if resp, err := http.Get(s.url + "/api/v1/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		select {
		case <-s.done:
			t.Fatalf("serve exited at start:\n%s", s.log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not answer in 60s:\n%s", s.log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// envToken sends SHOHYO_TOKEN with every request that has no
// Authorization header, as the shohyo client commands do.
type envToken struct{ next http.RoundTripper }

func (e envToken) RoundTrip(r *http.Request) (*http.Response, error) {
	if tok := os.Getenv("SHOHYO_TOKEN"); tok != "" && r.Header.Get("Authorization") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	return e.next.RoundTrip(r)
}

// kill ends serve with SIGKILL, as a crash or an OOM kill would.
func (s *serveProc) kill() {
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

func (s *serveProc) stop() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(40 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
	}
}

func (s *serveProc) alive() bool {
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

// cli runs a shohyo client command and returns its stdout.
func cli(t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(shohyoBin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		err = fmt.Errorf("%v: %s", err, errb.String())
	}
	return out.String(), err
}

// search queries serve's API directly.
func search(t *testing.T, url, query string) index.Result {
	t.Helper()
	resp, err := http.Get(url + "/api/v1/search?limit=1000&" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("search %q: %s: %s", query, resp.Status, b)
	}
	var r index.Result
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r
}

// waitDone waits until n documents are in the index with a final status.
func waitDone(t *testing.T, s *serveProc, n int, limit time.Duration) index.Result {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		r := search(t, s.url, "")
		done := 0
		for _, h := range r.Hits {
			switch h.Status {
			case "ready", "needs_review", "quarantined":
				done++
			}
		}
		if done >= n {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s only %d of %d documents are done: %+v", limit, done, n, r.Hits)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
