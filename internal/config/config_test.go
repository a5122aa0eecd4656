package config_test

import (
	"flag"
	"strings"
	"testing"
	"time"

	"dangjian/internal/config"
)

func TestFinishDefaults(t *testing.T) {
	c := config.Default()
	c.DataDir = "/var/lib/dangjian"
	if err := c.Finish(); err != nil {
		t.Fatal(err)
	}
	if c.DB != "sqlite:/var/lib/dangjian/dangjian.db" || c.SecretKeyFile != "/var/lib/dangjian/secret.key" {
		t.Fatalf("derived defaults: %q %q", c.DB, c.SecretKeyFile)
	}
	c = config.Default()
	c.DB = "postgresql://db/dangjian"
	if err := c.Finish(); err != nil {
		t.Fatalf("postgresql:// URL refused: %v", err)
	}
}

func TestFinishValidation(t *testing.T) {
	cases := []struct {
		change func(c *config.Config)
		want   string
	}{
		{func(c *config.Config) { c.DB = "mysql://x" }, `--db "mysql://x": want sqlite:PATH or a postgres:// URL`},
		{func(c *config.Config) { c.IdleTimeout = 30 * time.Second }, "--idle-timeout must be at least 1m"},
		{func(c *config.Config) { c.LockoutFailures = 0 }, "--lockout-failures must be at least 1"},
		{func(c *config.Config) { c.LogLevel = "verbose" }, `--log-level "verbose": want debug, info, warn or error`},
	}
	for _, tc := range cases {
		c := config.Default()
		tc.change(&c)
		err := c.Finish()
		if err == nil || err.Error() != tc.want {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
	// Every problem is reported at once.
	c := config.Default()
	c.DB, c.LogLevel = "x", "y"
	err := c.Finish()
	if err == nil || !strings.Contains(err.Error(), "--db") || !strings.Contains(err.Error(), "--log-level") {
		t.Fatalf("joined errors: %v", err)
	}
}

func TestEnvironmentAndFlags(t *testing.T) {
	t.Setenv("DANGJIAN_ADDR", ":9090")
	t.Setenv("DANGJIAN_DB", "postgres://env/db")
	t.Setenv("DANGJIAN_IDLE_TIMEOUT", "45m")
	t.Setenv("DANGJIAN_LOCKOUT_FAILURES", "7")
	t.Setenv("DANGJIAN_SECURE_COOKIES", "true")
	t.Setenv("DANGJIAN_LOG_LEVEL", "debug")
	t.Setenv("DANGJIAN_SECRET_KEY", "a2V5")
	t.Setenv("DANGJIAN_LOCKOUT_WINDOW", "not a duration") // ignored: the default stays

	c := config.Default()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c.Bind(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9090" || c.DB != "postgres://env/db" || c.IdleTimeout != 45*time.Minute || c.LockoutFailures != 7 ||
		!c.SecureCookies || c.LogLevel != "debug" || c.SecretKey != "a2V5" || c.LockoutWindow != 15*time.Minute {
		t.Fatalf("environment not applied: %+v", c)
	}
	// Flags win over the environment.
	c = config.Default()
	fs = flag.NewFlagSet("test", flag.ContinueOnError)
	c.Bind(fs)
	if err := fs.Parse([]string{"-addr", "127.0.0.1:1", "-lockout-failures", "3", "-secure-cookies=false"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:1" || c.LockoutFailures != 3 || c.SecureCookies || c.DB != "postgres://env/db" {
		t.Fatalf("flags: %+v", c)
	}
	if fs.Lookup("secret-key") != nil {
		t.Fatal("the secret key must not be a flag (flags show in process lists)")
	}
	if err := c.Finish(); err != nil {
		t.Fatal(err)
	}
}
