package testutil

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// StartRedis starts a throwaway redis-server (no persistence) on loopback,
// stops it when the test ends, and returns its URL ("redis://host:port/0").
func StartRedis(t testing.TB) string {
	t.Helper()
	bin := FindBinary(t, "redis-server", "SHOHYO_REDIS_BIN")
	work := t.TempDir()
	var addr string
	startServer(t, "redis", func() (*process, error) {
		port := FreePort(t)
		addr = fmt.Sprintf("127.0.0.1:%d", port)
		args := []string{
			"--port", fmt.Sprint(port),
			"--bind", "127.0.0.1",
			"--save", "",
			"--appendonly", "no",
			"--dir", work,
		}
		p, err := startProcess(t, "redis", bin, args, nil, work)
		if err != nil {
			return nil, err
		}
		return p, p.waitReady(20*time.Second, func() error { return ping(addr) })
	})
	return "redis://" + addr + "/0"
}

// ping speaks just enough RESP to ask whether Redis accepts commands.
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if strings.TrimSpace(line) != "+PONG" {
		return fmt.Errorf("PING answered %q", strings.TrimSpace(line))
	}
	return nil
}
