package store

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrations embed.FS

// Migrate brings the schema up to date. On PostgreSQL an advisory lock serialises instances
// that start together; on SQLite the single writer connection does the same.
func (db *DB) Migrate(ctx context.Context) error {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.Engine == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
		// The lock is per schema, so deployments (and parallel test runs) in other schemas of
		// the same database do not queue behind each other; a waiting instance retries every
		// second (goose's default is every 5 s) for up to 5 minutes.
		var schema string
		if err := db.write.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return err
		}
		id := fnv.New64a()
		id.Write([]byte("dangjian migrate " + schema))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(id.Sum64())), lock.WithLockTimeout(1, 300))
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, db.write, sub, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	_, err = p.Up(ctx)
	// SQLite has no advisory lock: two processes starting together on one file may both
	// plan the same migration, and the second fails when it runs it. Each migration is one
	// transaction (DDL included), so the failed one left nothing behind; planning again
	// sees what the other process applied. Retry while another process makes progress.
	for try := 0; err != nil && db.Engine == SQLite && try < 5; try++ {
		time.Sleep(50 * time.Millisecond)
		_, err = p.Up(ctx)
	}
	if err != nil {
		return fmt.Errorf("migrate %s: %w", db.Engine, err)
	}
	return nil
}
