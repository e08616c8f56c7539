package testutil

import (
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// S3Server is a running S3-compatible server with root credentials. MinIO
// and versitygw share this shape so one S3 test can loop over both.
type S3Server struct {
	Name      string // "minio" or "versitygw", for subtest names
	Endpoint  string // host:port, plain HTTP
	AccessKey string
	SecretKey string
	Region    string

	proc *process
}

// Stop ends the server before the test ends, for tests of outages and
// restarts; cleanup stops it anyway.
func (s S3Server) Stop() { s.proc.Stop() }

// Log returns the end of the server's output.
func (s S3Server) Log() string { return s.proc.Log() }

// MinIOOptions configures StartMinIO.
type MinIOOptions struct {
	// Env is added to the server's environment, in "KEY=value" form; for
	// example MINIO_NOTIFY_WEBHOOK_* to configure notification targets.
	Env []string
	// Dir is the data directory; empty means a fresh temporary one. Pass
	// the Dir of a stopped server to restart it with its data.
	Dir string
	// AccessKey and SecretKey are the root credentials; empty means
	// random ones. Set them to restart a server with the same identity.
	AccessKey, SecretKey string
}

// MinIO is a running MinIO server.
type MinIO struct {
	S3Server
	Dir string // data directory
}

// StartMinIO starts a single-drive MinIO server on loopback for the test
// and stops it when the test ends. The binary comes from SHOHYO_MINIO_BIN,
// PATH, or ~/.cache/shohyo/bin/minio.
func StartMinIO(t testing.TB, opts MinIOOptions) MinIO {
	t.Helper()
	bin := FindBinary(t, "minio", "SHOHYO_MINIO_BIN")
	work := t.TempDir()
	dir := opts.Dir
	if dir == "" {
		dir = filepath.Join(work, "data")
	}
	if opts.AccessKey == "" {
		opts.AccessKey = "minio" + randomHex(t, 6)
	}
	if opts.SecretKey == "" {
		opts.SecretKey = randomHex(t, 20)
	}
	m := MinIO{
		S3Server: S3Server{Name: "minio", AccessKey: opts.AccessKey, SecretKey: opts.SecretKey, Region: "us-east-1"},
		Dir:      dir,
	}
	env := append([]string{
		"MINIO_ROOT_USER=" + opts.AccessKey,
		"MINIO_ROOT_PASSWORD=" + opts.SecretKey,
		"MINIO_UPDATE=off",
		"MINIO_REGION=us-east-1",
		// No web console: it binds a second port only after the S3 API
		// answers, so a port race there killed a server that had
		// already passed its readiness check.
		"MINIO_BROWSER=off",
	}, opts.Env...)
	m.proc = startServer(t, "minio", func() (*process, error) {
		m.Endpoint = fmt.Sprintf("127.0.0.1:%d", FreePort(t))
		args := []string{"server", dir,
			"--address", m.Endpoint,
			// Keep MinIO away from the shared ~/.minio.
			"--certs-dir", filepath.Join(work, "certs"),
		}
		p, err := startProcess(t, "minio", bin, args, env, work)
		if err != nil {
			return nil, err
		}
		live := httpOK("http://" + m.Endpoint + "/minio/health/live")
		return p, p.waitReady(60*time.Second, func() error {
			if err := live(); err != nil {
				return err
			}
			// Live (and even ready) answer 200 a moment before the S3
			// API does; until then it answers 503. An anonymous
			// ListBuckets is refused with 403 once it is up.
			return httpStatus("http://"+m.Endpoint+"/", http.StatusForbidden)
		})
	})
	return m
}
