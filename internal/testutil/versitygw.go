package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// StartVersityGW starts versitygw with its posix backend on a temporary
// directory (each bucket is a subdirectory, each object a file) and stops
// it when the test ends. The binary comes from SHOHYO_VERSITYGW_BIN, PATH,
// or ~/.cache/shohyo/bin/versitygw (make tools installs v1.8.0).
func StartVersityGW(t testing.TB) S3Server {
	t.Helper()
	return startVersityGW(t, false)
}

// StartVersityGWVersioned starts versitygw like StartVersityGW, with
// bucket versioning enabled (--versioning-dir), which S3 object lock
// needs to keep every version of a locked key the way AWS and MinIO do.
func StartVersityGWVersioned(t testing.TB) S3Server {
	t.Helper()
	return startVersityGW(t, true)
}

func startVersityGW(t testing.TB, versioned bool) S3Server {
	t.Helper()
	bin := FindBinary(t, "versitygw", "SHOHYO_VERSITYGW_BIN")
	work := t.TempDir()
	root := filepath.Join(work, "root")
	backend := []string{"posix", root}
	dirs := []string{root}
	if versioned {
		versions := filepath.Join(work, "versions")
		backend = []string{"posix", "--versioning-dir", versions, root}
		dirs = append(dirs, versions)
	}
	for _, d := range dirs {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	s := S3Server{
		Name:      "versitygw",
		AccessKey: "vgw" + randomHex(t, 6),
		SecretKey: randomHex(t, 20),
		Region:    "us-east-1",
	}
	s.proc = startServer(t, "versitygw", func() (*process, error) {
		s.Endpoint = fmt.Sprintf("127.0.0.1:%d", FreePort(t))
		// Global options come before the backend subcommand.
		args := append([]string{
			"--port", s.Endpoint,
			"--access", s.AccessKey,
			"--secret", s.SecretKey,
			"--region", s.Region,
			"--health", "/health",
			"--quiet",
		}, backend...)
		p, err := startProcess(t, "versitygw", bin, args, nil, work)
		if err != nil {
			return nil, err
		}
		return p, p.waitReady(30*time.Second, httpOK("http://"+s.Endpoint+"/health"))
	})
	return s
}
