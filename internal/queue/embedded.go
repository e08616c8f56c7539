package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/hibiken/asynq"
)

// Embedded is a private redis-server child process.
type Embedded struct {
	cmd    *exec.Cmd
	socket string
	done   chan error
}

// unix socket paths are limited to 108 bytes on Linux.
const maxSocketPath = 100

// StartEmbedded starts redis-server with its files in dir. The child gets
// SIGTERM if this process dies (even by SIGKILL), so it writes its
// append-only file and exits rather than lingering.
func StartEmbedded(ctx context.Context, dir string) (*Embedded, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("queue: redis-server is not installed (apt-get install redis-server, or set SHOHYO_REDIS_URL): %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	sock := filepath.Join(abs, "redis.sock")
	if len(sock) > maxSocketPath {
		h := sha256.Sum256([]byte(abs))
		sock = filepath.Join(os.TempDir(), "shohyo-"+hex.EncodeToString(h[:6])+".sock")
	}
	e := &Embedded{socket: sock, done: make(chan error, 1)}
	if err := e.waitGone(ctx); err != nil {
		return nil, err
	}
	e.cmd = exec.Command(bin,
		"--port", "0",
		"--unixsocket", sock, "--unixsocketperm", "700",
		"--dir", abs,
		"--appendonly", "yes", "--appendfsync", "everysec",
		"--save", "",
		"--daemonize", "no",
		"--logfile", filepath.Join(abs, "redis.log"),
	)
	e.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := e.cmd.Start(); err != nil {
		return nil, fmt.Errorf("queue: start redis-server: %w", err)
	}
	go func() { e.done <- e.cmd.Wait() }()
	if err := e.waitReady(ctx); err != nil {
		_ = e.Stop()
		return nil, fmt.Errorf("queue: redis-server did not come up (see %s): %w", filepath.Join(abs, "redis.log"), err)
	}
	return e, nil
}

// Opt is the asynq connection to the child.
func (e *Embedded) Opt() asynq.RedisConnOpt {
	return asynq.RedisClientOpt{Network: "unix", Addr: e.socket}
}

// waitGone refuses to share a data directory: a Redis that still answers
// on the socket belongs to another running shohyo, or is the child of one
// that was just killed and is still shutting down.
func (e *Embedded) waitGone(ctx context.Context) error {
	deadline := time.Now().Add(5 * time.Second)
	for {
		if ping(ctx, e.Opt()) != nil {
			_ = os.Remove(e.socket)
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("queue: a Redis already answers on %s: is another shohyo using this data directory?", e.socket)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (e *Embedded) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-e.done:
			e.done <- err
			return fmt.Errorf("exited: %v", err)
		default:
		}
		if ping(ctx, e.Opt()) == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("timed out")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop asks the child to shut down (it flushes its file) and waits.
func (e *Embedded) Stop() error {
	if e.cmd == nil || e.cmd.Process == nil {
		return nil
	}
	_ = e.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-e.done:
		return nil
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-e.cmd.Process.Pid, syscall.SIGKILL)
		<-e.done
		return errors.New("queue: redis-server did not stop in 10s; killed")
	}
}
