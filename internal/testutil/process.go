package testutil

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// logTail bounds how much of a server log is printed on failure: the
// interesting part is the end, and a huge log would drown the test output.
const logTail = 32 << 10

// process is one server started for a test, in its own process group so
// that cleanup also reaches any children it forks.
type process struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	done    chan struct{} // closed when the process has exited
	stopped sync.Once
}

// startProcess starts bin with args and env added to the test's own
// environment, logging to a file in dir. It registers a cleanup that
// stops the process and, if the test failed, prints the end of its log.
func startProcess(t testing.TB, name, bin string, args, env []string, dir string) (*process, error) {
	t.Helper()
	logFile, err := os.CreateTemp(dir, name+"-*.log")
	if err != nil {
		return nil, fmt.Errorf("testutil: %s log: %w", name, err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("testutil: start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, logPath: logFile.Name(), done: make(chan struct{})}
	go func() {
		cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.Stop()
		if t.Failed() {
			t.Logf("%s log (%s):\n%s", name, filepath.Base(p.logPath), p.Log())
		}
	})
	return p, nil
}

// Stop ends the process group, politely first so servers can flush, and
// waits for the process to exit. It is safe to call more than once.
func (p *process) Stop() {
	p.stopped.Do(func() {
		pgid := -p.cmd.Process.Pid
		_ = syscall.Kill(pgid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
		}
		// Children may outlive the leader; the group kill reaches them.
		_ = syscall.Kill(pgid, syscall.SIGKILL)
		<-p.done
	})
}

// Log returns the end of the process's output.
func (p *process) Log() string {
	f, err := os.Open(p.logPath)
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > logTail {
		f.Seek(fi.Size()-logTail, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	return string(bytes.TrimSpace(b))
}

// errExited reports that the server stopped during startup, usually
// because another process took its port between FreePort and bind.
var errExited = errors.New("exited during startup")

// waitReady polls ready until it succeeds, the process exits, or the
// timeout passes.
func (p *process) waitReady(timeout time.Duration, ready func() error) error {
	deadline := time.Now().Add(timeout)
	for {
		err := ready()
		if err == nil {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s %w: %v", p.name, errExited, p.cmd.ProcessState)
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %v: %w", p.name, timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// httpOK is a readiness check that wants 200 from url.
func httpOK(url string) func() error {
	return func() error { return httpStatus(url, http.StatusOK) }
}

var probeClient = &http.Client{Timeout: 2 * time.Second}

// httpStatus checks that a GET of url answers with status want.
func httpStatus(url string, want int) error {
	resp, err := probeClient.Get(url)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		return fmt.Errorf("GET %s: %s, want %d", url, resp.Status, want)
	}
	return nil
}

// startAttempts is how often a server is started on new ports when it
// exits during startup.
const startAttempts = 3

// startServer runs start up to startAttempts times, each time with fresh
// ports chosen inside start, and fails the test if none comes up.
func startServer(t testing.TB, name string, start func() (*process, error)) *process {
	t.Helper()
	var lastErr error
	for range startAttempts {
		p, err := start()
		if err == nil {
			return p
		}
		lastErr = err
		if p != nil {
			p.Stop()
			if !errors.Is(err, errExited) {
				t.Fatalf("testutil: %v\n%s log:\n%s", err, name, p.Log())
			}
			t.Logf("testutil: %v; retrying on other ports; log:\n%s", err, p.Log())
		} else {
			break // the binary could not even be started
		}
	}
	t.Fatalf("testutil: start %s: %v", name, lastErr)
	return nil
}
