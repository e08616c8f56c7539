package testutil

import (
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFreePort(t *testing.T) {
	p := FreePort(t)
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
	if err != nil {
		t.Fatalf("port %d from FreePort cannot be bound: %v", p, err)
	}
	l.Close()
}

// TestFreePortNeverRepeats: two servers of one test must not be handed the
// same port, even when the kernel offers a just-closed one again.
func TestFreePortNeverRepeats(t *testing.T) {
	seen := map[int]bool{}
	for range 500 {
		p := FreePort(t)
		if seen[p] {
			t.Fatalf("port %d handed out twice", p)
		}
		seen[p] = true
	}
}

// TestRequireFailsInCI runs this test binary again with CI=true on a test
// that calls Require, and expects that run to fail rather than skip.
func TestRequireFailsInCI(t *testing.T) {
	if os.Getenv("SHOHYO_REQUIRE_PROBE") == "1" {
		Require(t, "a service that does not exist")
		return
	}
	for _, ci := range []string{"true", ""} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRequireFailsInCI$", "-test.v")
		cmd.Env = append(os.Environ(), "SHOHYO_REQUIRE_PROBE=1", "CI="+ci)
		out, err := cmd.CombinedOutput()
		switch {
		case ci == "true" && (err == nil || !strings.Contains(string(out), "--- FAIL")):
			t.Errorf("with CI=true Require did not fail the test: %v\n%s", err, out)
		case ci == "" && (err != nil || !strings.Contains(string(out), "--- SKIP")):
			t.Errorf("without CI Require did not skip the test: %v\n%s", err, out)
		}
	}
}

func TestStartMinIO(t *testing.T) {
	m := StartMinIO(t, MinIOOptions{})
	if m.AccessKey == "" || len(m.SecretKey) < 8 || m.Endpoint == "" || m.Dir == "" {
		t.Fatalf("incomplete MinIO: %+v", m)
	}
	resp, err := http.Get("http://" + m.Endpoint + "/minio/health/ready")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("ready: %s", resp.Status)
	}
	// Anonymous access is refused: the random root credentials are real.
	resp, err = http.Get("http://" + m.Endpoint + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("anonymous ListBuckets: %s, want 403", resp.Status)
	}
	m.Stop()
	if _, err := net.DialTimeout("tcp", m.Endpoint, time.Second); err == nil {
		t.Error("MinIO still listens after Stop")
	}
}

func TestStartVersityGW(t *testing.T) {
	s := StartVersityGW(t)
	resp, err := http.Get("http://" + s.Endpoint + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("anonymous ListBuckets: %s, want 403", resp.Status)
	}
	s.Stop()
	if _, err := net.DialTimeout("tcp", s.Endpoint, time.Second); err == nil {
		t.Error("versitygw still listens after Stop")
	}
}

func TestStartRedis(t *testing.T) {
	u, err := url.Parse(StartRedis(t))
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "redis" || u.Path != "/0" {
		t.Errorf("URL %s", u)
	}
	if err := ping(u.Host); err != nil {
		t.Errorf("PING: %v", err)
	}
}
