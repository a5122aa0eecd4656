package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func runCLI(t *testing.T, ctx context.Context, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(ctx, args, &out, &errb)
	return out.String(), errb.String(), err
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	_, _, err := runCLI(t, context.Background(), "frobnicate")
	var ue usageError
	if !errors.As(err, &ue) {
		t.Fatalf("want usage error, got %v", err)
	}
	out, _, err := runCLI(t, context.Background(), "version")
	if err != nil || !strings.HasPrefix(out, "dangjian ") {
		t.Fatalf("version: %q %v", out, err)
	}
}

func TestUserCreateNamesEachBadField(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	dir := t.TempDir()
	_, _, err := runCLI(t, context.Background(), "user", "create", "--data", dir, "--username", "x", "--password", "short", "--role", "secretary")
	if err == nil {
		t.Fatal("bad input accepted")
	}
	for _, want := range []string{"username:", "password: At least 8 characters", "grants: This role needs an organisation"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	out, _, err := runCLI(t, context.Background(), "user", "create", "--data", dir, "--username", "root", "--password", "Str0ng!Pass", "--role", "admin")
	if err != nil || !strings.Contains(out, "Created user root") {
		t.Fatalf("create admin: %q %v", out, err)
	}
	_, _, err = runCLI(t, context.Background(), "user", "create", "--data", dir, "--username", "root", "--password", "Str0ng!Pass", "--role", "admin")
	if err == nil || !strings.Contains(err.Error(), "taken") {
		t.Fatalf("duplicate username: %v", err)
	}
}

func TestBackupCopiesALiveDatabase(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := runCLI(t, context.Background(), "migrate", "--data", dir); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if _, _, err := runCLI(t, context.Background(), "backup", "--data", dir, "--out", copyPath); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(copyPath); err != nil || st.Size() == 0 || st.Mode().Perm() != 0o600 {
		t.Fatalf("copy: %v %v", st, err)
	}
	if _, _, err := runCLI(t, context.Background(), "backup", "--data", dir, "--out", copyPath); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
}

// serve --demo on an empty database loads the demo, prints how to sign in, answers the
// probes, and returns cleanly when its context ends (as on SIGTERM).
func TestServeDemoStartsAndShutsDownGracefully(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--addr", addr, "--data", t.TempDir()}, &out, &errb)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server never became ready: %v\n%s", err, errb.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
	if !strings.Contains(out.String(), "admin") || !strings.Contains(out.String(), "http://"+addr) {
		t.Fatalf("serve --demo did not print how to sign in:\n%s", out.String())
	}
}
