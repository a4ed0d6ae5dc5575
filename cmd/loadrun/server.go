package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// startServer runs `<bin> serve` on the database and waits for /readyz.
// It returns the process, its base URL and how long it took to be ready
// (migrations and the app role's grants included).
func startServer(ctx context.Context, bin, databaseURL, addr string, extra []string, logPath string) (*exec.Cmd, string, time.Duration, error) {
	args := append([]string{"serve"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "ADDR="+addr, "DATABASE_URL="+databaseURL, "SESSION_SECURE=false", "LOG_LEVEL=warn")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, "", 0, err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Its own process group, so Ctrl-C on the load run reaches it through us.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, "", 0, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() { _ = cmd.Wait(); logFile.Close() }()
	base := "http://" + addr
	ready, err := waitReady(ctx, base, 10*time.Minute, cmd)
	if err != nil {
		stopServer(cmd)
		return nil, "", 0, fmt.Errorf("%w (server log: %s)", err, logPath)
	}
	return cmd, base, ready.Sub(start), nil
}

// waitReady polls /readyz until it answers 200.
func waitReady(ctx context.Context, base string, limit time.Duration, cmd *exec.Cmd) (time.Time, error) {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		if cmd != nil && cmd.ProcessState != nil {
			return time.Time{}, fmt.Errorf("the server stopped before it was ready")
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Now(), nil
			}
		}
		select {
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return time.Time{}, fmt.Errorf("%s/readyz did not answer 200 within %s", base, limit)
}

func stopServer(cmd *exec.Cmd) {
	if cmd == nil || cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	for range 100 {
		if cmd.ProcessState != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
}

// checkLocal refuses any target but this machine's loopback address.
func checkLocal(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if u.Scheme != "http" {
		return fmt.Errorf("only http://127.0.0.1 targets, not %q", base)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.Equal(net.IPv4(127, 0, 0, 1)) {
		return fmt.Errorf("only 127.0.0.1 is a target, not %q", host)
	}
	return nil
}

// rssKB reads VmRSS of a process from /proc (0 when unknown).
func rssKB(pid int) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			fields := strings.Fields(rest)
			if len(fields) > 0 {
				n, _ := strconv.ParseInt(fields[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// rssSampler keeps the largest RSS seen since the last reset and overall.
type rssSampler struct {
	pid             int
	window, overall atomic.Int64
}

func (s *rssSampler) run(ctx context.Context) {
	if s.pid == 0 {
		return
	}
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		kb := rssKB(s.pid)
		for _, m := range []*atomic.Int64{&s.window, &s.overall} {
			for {
				old := m.Load()
				if kb <= old || m.CompareAndSwap(old, kb) {
					break
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// reset starts a new window and returns the window's maximum so far.
func (s *rssSampler) reset() int64 {
	return s.window.Swap(rssKB(s.pid))
}

// freeAddr returns a port on 127.0.0.1 that nothing listens on just now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
