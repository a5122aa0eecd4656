// Package testutil opens real databases for tests: a fresh SQLite file always, and a fresh
// PostgreSQL schema when DANGJIAN_TEST_POSTGRES is set (to a URL, or to 1 for the local
// server at 127.0.0.1:5432, database test).
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dangjian/internal/store"
)

// Engines returns the engines this run tests: SQLite, and PostgreSQL when enabled.
func Engines() []string {
	if PostgresURL() != "" {
		return []string{store.SQLite, store.Postgres}
	}
	return []string{store.SQLite}
}

// PostgresURL is the server the PostgreSQL tests use, or "" when they are off.
func PostgresURL() string {
	v := os.Getenv("DANGJIAN_TEST_POSTGRES")
	switch v {
	case "", "0", "false":
		return ""
	case "1", "true":
		return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	return v
}

// ForEachEngine runs fn as a subtest per engine, each with a fresh migrated database.
func ForEachEngine(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, engine := range Engines() {
		t.Run(engine, func(t *testing.T) { fn(t, MustOpen(t, engine)) })
	}
}

// MustOpen returns a fresh, migrated database of the engine, removed when the test ends.
func MustOpen(tb testing.TB, engine string) *store.DB {
	tb.Helper()
	dsn := MustDSN(tb, engine)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open %s: %v", engine, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustDSN returns the DSN of a fresh empty database of the engine: a new SQLite file, or a
// new PostgreSQL schema (dropped at cleanup) selected through search_path.
func MustDSN(tb testing.TB, engine string) string {
	tb.Helper()
	switch engine {
	case store.SQLite:
		return "sqlite:" + filepath.Join(tb.TempDir(), "test.db")
	case store.Postgres:
		base := PostgresURL()
		if base == "" {
			tb.Skip("DANGJIAN_TEST_POSTGRES is not set")
		}
		b := make([]byte, 6)
		rand.Read(b)
		schema := "t_" + hex.EncodeToString(b)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
			admin.Close()
			tb.Fatalf("create schema: %v", err)
		}
		tb.Cleanup(func() {
			admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			admin.Close()
		})
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		return base + sep + "search_path=" + schema
	}
	tb.Fatalf("unknown engine %q", engine)
	return ""
}
