package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// StartVersityGWVersioned starts versitygw like StartVersityGW, with
// bucket versioning enabled (--versioning-dir), which S3 object lock
// needs to keep every version of a locked key the way AWS and MinIO do.
func StartVersityGWVersioned(t testing.TB) S3Server {
	t.Helper()
	bin := FindBinary(t, "versitygw", "SHOHYO_VERSITYGW_BIN")
	work := t.TempDir()
	root := filepath.Join(work, "root")
	versions := filepath.Join(work, "versions")
	for _, d := range []string{root, versions} {
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
		args := []string{
			"--port", s.Endpoint,
			"--access", s.AccessKey,
			"--secret", s.SecretKey,
			"--region", s.Region,
			"--health", "/health",
			"--quiet",
			"posix", "--versioning-dir", versions, root,
		}
		p, err := startProcess(t, "versitygw", bin, args, nil, work)
		if err != nil {
			return nil, err
		}
		return p, p.waitReady(30*time.Second, httpOK("http://"+s.Endpoint+"/health"))
	})
	return s
}
