package e2e

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"testing"
)

// buildBinary compiles ./cmd/dangjian into a temporary folder and returns its path. It is
// the binary a user runs: no test hooks, no build tags.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dangjian")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/dangjian")
	cmd.Dir = ".." // the module root: go test runs in the package folder
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runCLI runs the binary with args and returns its exit error (nil on exit 0) and output.
func runCLI(t *testing.T, bin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}
