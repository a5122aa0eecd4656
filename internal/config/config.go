// Package config reads the settings of a dangjian instance from flags and DANGJIAN_*
// environment variables (flags win), with defaults that run on a laptop with no setup.
package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is one instance's settings.
type Config struct {
	Addr            string        // listen address
	DB              string        // sqlite:PATH or postgres://…
	DataDir         string        // where the default database and key file live
	SecretKey       string        // base64 32-byte key for personal numbers (DANGJIAN_SECRET_KEY)
	SecretKeyFile   string        // used when SecretKey is empty; created on first run
	IdleTimeout     time.Duration // session idle timeout
	LockoutFailures int
	LockoutWindow   time.Duration
	LockoutDuration time.Duration
	SecureCookies   bool
	LogLevel        string
	// PublicURL is the instance's public base URL (https://dj.example.org), used in the
	// notify and return URLs of online dues payments; empty: each request's own host.
	PublicURL string
	// TestPay enables the built-in test payment provider and its cashier under /testpay/
	// (development, demos, tests); off by default: it accepts payments without money.
	TestPay bool
	// TestPaySecret signs the test provider's notifications (DANGJIAN_TESTPAY_SECRET, never a
	// flag); empty: derived from the instance key.
	TestPaySecret string
}

// Default returns the built-in defaults.
func Default() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "data", IdleTimeout: 30 * time.Minute,
		LockoutFailures: 5, LockoutWindow: 15 * time.Minute, LockoutDuration: 15 * time.Minute, LogLevel: "info"}
}

// Bind registers the flags on fs with defaults taken from the environment.
func (c *Config) Bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("DANGJIAN_ADDR", c.Addr), "listen address (DANGJIAN_ADDR)")
	fs.StringVar(&c.DB, "db", env("DANGJIAN_DB", c.DB), "database: sqlite:PATH or postgres://URL (DANGJIAN_DB); default sqlite:DATA/dangjian.db")
	fs.StringVar(&c.DataDir, "data", env("DANGJIAN_DATA", c.DataDir), "data folder for the default database and key file (DANGJIAN_DATA)")
	fs.StringVar(&c.SecretKeyFile, "secret-key-file", env("DANGJIAN_SECRET_KEY_FILE", c.SecretKeyFile), "file with the base64 key for personal numbers; default DATA/secret.key (DANGJIAN_SECRET_KEY_FILE)")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", envDuration("DANGJIAN_IDLE_TIMEOUT", c.IdleTimeout), "session idle timeout (DANGJIAN_IDLE_TIMEOUT)")
	fs.IntVar(&c.LockoutFailures, "lockout-failures", envInt("DANGJIAN_LOCKOUT_FAILURES", c.LockoutFailures), "failed sign-ins that lock an account (DANGJIAN_LOCKOUT_FAILURES)")
	fs.DurationVar(&c.LockoutWindow, "lockout-window", envDuration("DANGJIAN_LOCKOUT_WINDOW", c.LockoutWindow), "window in which failures count (DANGJIAN_LOCKOUT_WINDOW)")
	fs.DurationVar(&c.LockoutDuration, "lockout-duration", envDuration("DANGJIAN_LOCKOUT_DURATION", c.LockoutDuration), "how long a lock lasts (DANGJIAN_LOCKOUT_DURATION)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool("DANGJIAN_SECURE_COOKIES", c.SecureCookies), "mark cookies Secure; turn on behind HTTPS (DANGJIAN_SECURE_COOKIES)")
	fs.StringVar(&c.LogLevel, "log-level", env("DANGJIAN_LOG_LEVEL", c.LogLevel), "debug, info, warn or error (DANGJIAN_LOG_LEVEL)")
	c.SecretKey = os.Getenv("DANGJIAN_SECRET_KEY") // never a flag: flags show in process lists
	fs.StringVar(&c.PublicURL, "public-url", env("DANGJIAN_PUBLIC_URL", c.PublicURL), "public base URL for payment notify and return URLs; default: the request's host (DANGJIAN_PUBLIC_URL)")
	fs.BoolVar(&c.TestPay, "testpay", envBool("DANGJIAN_TESTPAY", c.TestPay), "enable the built-in test payment provider under /testpay/ (development and demos only; serve --demo turns it on) (DANGJIAN_TESTPAY)")
	c.TestPaySecret = os.Getenv("DANGJIAN_TESTPAY_SECRET")
}

// Finish fills derived defaults and validates.
func (c *Config) Finish() error {
	if c.DB == "" {
		c.DB = "sqlite:" + filepath.Join(c.DataDir, "dangjian.db")
	}
	if c.SecretKeyFile == "" {
		c.SecretKeyFile = filepath.Join(c.DataDir, "secret.key")
	}
	var errs []error
	if !strings.HasPrefix(c.DB, "sqlite:") && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		errs = append(errs, fmt.Errorf("--db %q: want sqlite:PATH or a postgres:// URL", c.DB))
	}
	if c.IdleTimeout < time.Minute {
		errs = append(errs, errors.New("--idle-timeout must be at least 1m"))
	}
	if c.LockoutFailures < 1 {
		errs = append(errs, errors.New("--lockout-failures must be at least 1"))
	}
	if c.PublicURL != "" && !strings.HasPrefix(c.PublicURL, "https://") && !strings.HasPrefix(c.PublicURL, "http://") {
		errs = append(errs, fmt.Errorf("--public-url %q: want an http:// or https:// URL", c.PublicURL))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel))
	}
	return errors.Join(errs...)
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

func envBool(name string, def bool) bool {
	if b, err := strconv.ParseBool(os.Getenv(name)); err == nil {
		return b
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return def
}
