package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The index's segments are mapped files. While memory is free the kernel
// keeps every page a search touched resident and counts it in the
// process's RSS, so an uncapped run reports the page cache it was given,
// not what the index needs. capMemory puts the whole run (heap, mapped
// segments, the files it writes) under a memory cgroup limit, the way an
// operator would bound serve (systemd MemoryMax=, a container limit): the
// kernel then reclaims pages to stay under it, and the run shows whether
// indexing and the searches still meet their targets within it.

// memCap is a cgroup this process was moved into.
type memCap struct {
	dir, parent string
	version     int
	limit       int64
}

// capMemory moves this process into a new memory cgroup limited to limit
// bytes, under the cgroup it is in. It needs write access to that cgroup
// (root, or a delegated cgroup); when it cannot, it says why and the run
// goes on uncapped.
func capMemory(limit int64) (*memCap, error) {
	f, err := os.Open("/proc/self/cgroup")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var v1, v2 string
	found1, found2 := false, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			v2, found2 = parts[2], true
		case slices.Contains(strings.Split(parts[1], ","), "memory"):
			v1, found1 = parts[2], true
		}
	}
	c := &memCap{limit: limit}
	switch {
	case found1:
		c.version, c.parent = 1, filepath.Join("/sys/fs/cgroup/memory", v1)
	case found2 && exists("/sys/fs/cgroup/cgroup.controllers"):
		c.version, c.parent = 2, filepath.Join("/sys/fs/cgroup", v2)
	default:
		return nil, errors.New("no memory cgroup found in /proc/self/cgroup")
	}
	c.dir = filepath.Join(c.parent, fmt.Sprintf("shohyo-bench-%d", os.Getpid()))
	if err := os.Mkdir(c.dir, 0o755); err != nil {
		return nil, fmt.Errorf("create a cgroup: %w", err)
	}
	limitFile := map[int]string{1: "memory.limit_in_bytes", 2: "memory.max"}[c.version]
	err = os.WriteFile(filepath.Join(c.dir, limitFile), []byte(strconv.FormatInt(limit, 10)), 0)
	if err == nil {
		err = os.WriteFile(filepath.Join(c.dir, "cgroup.procs"), []byte(strconv.Itoa(os.Getpid())), 0)
	}
	if err != nil {
		_ = os.Remove(c.dir)
		return nil, fmt.Errorf("cgroup v%d %s: %w", c.version, c.dir, err)
	}
	return c, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// String says what the cap is, and how often the kernel had to reclaim
// to keep the run under it (cgroup v1's failcnt; v2's high/max events).
func (c *memCap) String() string {
	name := map[int]string{1: "memory.limit_in_bytes", 2: "memory.max"}[c.version]
	s := fmt.Sprintf("capped at %s for the whole run (cgroup v%d %s)", mib(c.limit), c.version, name)
	if b, err := os.ReadFile(filepath.Join(c.dir, map[int]string{1: "memory.max_usage_in_bytes", 2: "memory.peak"}[c.version])); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil {
			s += fmt.Sprintf("; the cgroup's peak, page cache included: %s", mib(n))
		}
	}
	return s
}

// release moves the process back to its cgroup and removes the capped one.
func (c *memCap) release() {
	_ = os.WriteFile(filepath.Join(c.parent, "cgroup.procs"), []byte(strconv.Itoa(os.Getpid())), 0)
	_ = os.Remove(c.dir)
}
