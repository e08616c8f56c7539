// Package testutil starts the real services tests need (MinIO, versitygw,
// Redis) on loopback with throwaway credentials and data, and finds the
// binaries they run.
//
// A missing service skips the test on a laptop but fails it in CI (env
// CI=true), so CI cannot pass by silently testing nothing.
package testutil

import (
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Require ends the test because what (a binary or service, described for
// the reader) is missing: t.Skip normally, t.Fatal when CI=true.
func Require(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("required for this test and missing in CI: %s", what)
	}
	t.Skipf("skipping, missing: %s", what)
}

// FindBinary returns the path of the program name: from the environment
// variable envVar if set, else from PATH, else from
// $HOME/.cache/shohyo/bin/name (where the Makefile installs it). If none
// works it calls Require.
func FindBinary(t testing.TB, name, envVar string) string {
	t.Helper()
	if envVar != "" {
		if p := os.Getenv(envVar); p != "" {
			if isExecutable(p) {
				return p
			}
			t.Fatalf("%s=%s is not an executable file", envVar, p)
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if home, err := os.UserHomeDir(); err == nil {
		p := filepath.Join(home, ".cache", "shohyo", "bin", name)
		if isExecutable(p) {
			return p
		}
	}
	hint := name + " binary (in PATH or ~/.cache/shohyo/bin"
	if envVar != "" {
		hint += ", or set " + envVar
	}
	Require(t, hint+")")
	return ""
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// handedOut holds every port FreePort returned in this test binary. The
// kernel may offer a just-closed port again, and two servers of one test
// given the same port would fight over it after both looked ready.
var handedOut = struct {
	sync.Mutex
	ports map[int]bool
}{ports: map[int]bool{}}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago and
// that it has not returned before in this process. Another process can
// take it before the caller binds it; the Start helpers retry on that.
func FreePort(t testing.TB) int {
	t.Helper()
	handedOut.Lock()
	defer handedOut.Unlock()
	for range 100 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("testutil: free port: %v", err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if !handedOut.ports[port] {
			handedOut.ports[port] = true
			return port
		}
	}
	t.Fatalf("testutil: free port: the kernel kept offering ports already handed out")
	return 0
}

// randomHex returns n random bytes as hex, for credentials.
func randomHex(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("testutil: random: %v", err)
	}
	return hex.EncodeToString(b)
}
