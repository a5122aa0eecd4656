package e2e

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readyTimeout bounds how long a start may take until /readyz answers 200 (PostgreSQL
// included); a server slower than that is a failure, not something to wait out.
const readyTimeout = 30 * time.Second

// server is one `dangjian serve` process over a database and data folder that outlive it:
// start, kill and start again. Its output goes to one log file across all its lives.
type server struct {
	bin, dsn, data string
	logPath        string
	cmd            *exec.Cmd
	exited         chan struct{} // closed when cmd has been waited for
	base           string        // http://127.0.0.1:PORT of the running process
}

func newServer(t *testing.T, bin, dsn, data string) *server {
	s := &server{bin: bin, dsn: dsn, data: data, logPath: filepath.Join(t.TempDir(), "server.log")}
	t.Cleanup(func() {
		if s.cmd != nil {
			s.kill(t)
		}
		if t.Failed() {
			t.Logf("server log (last 4 KB):\n%s", s.logTail(4096))
		}
	})
	return s
}

// start runs the server on a free port and returns once /readyz answers 200. A port taken
// between choosing and binding makes the process exit at once; start then tries another.
func (s *server) start(t *testing.T) {
	t.Helper()
	if s.cmd != nil {
		t.Fatal("server: start while running")
	}
	var err error
	for range 3 {
		if err = s.startOnce(); err == nil {
			return
		}
		t.Logf("server start: %v", err)
	}
	t.Fatalf("server does not start: %v", err)
}

func (s *server) startOnce() error {
	port, err := freePort()
	if err != nil {
		return err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	logFile, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	fmt.Fprintf(logFile, "=== start on %s at %s\n", addr, time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command(s.bin, "serve", "--addr", addr, "--db", s.dsn, "--data", s.data, "--log-level", "warn")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return err
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		logFile.Close()
		close(exited)
	}()
	s.cmd, s.exited, s.base = cmd, exited, "http://"+addr
	if err := s.waitReady(); err != nil {
		s.cmd.Process.Kill()
		<-exited
		s.cmd = nil
		return err
	}
	return nil
}

// waitReady polls /readyz until it answers 200, the process exits, or readyTimeout passes.
func (s *server) waitReady() error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(readyTimeout)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		resp, err := client.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.exited:
			return errors.New("server exited before it was ready: " + s.logTail(600))
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("server not ready after %s", readyTimeout)
		}
	}
}

// kill ends the process with SIGKILL — no shutdown, no flush, transactions cut wherever
// they are — and waits until it is gone.
func (s *server) kill(t *testing.T) {
	t.Helper()
	if s.cmd == nil {
		t.Fatal("server: kill while not running")
	}
	if err := s.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatalf("kill: %v", err)
	}
	<-s.exited
	s.cmd = nil
}

// stop asks the process to shut down gracefully (SIGINT), and kills it when it does not
// within 10 seconds.
func (s *server) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
		s.cmd = nil
	case <-time.After(10 * time.Second):
		t.Errorf("server did not stop on SIGINT within 10 s; killing it")
		s.kill(t)
	}
}

func (s *server) logTail(n int) string {
	b, err := os.ReadFile(s.logPath)
	if err != nil {
		return err.Error()
	}
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return strings.TrimSpace(string(b))
}

// freePort asks the kernel for a free TCP port on the loopback interface.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
