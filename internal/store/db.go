// Package store holds all SQL of dangjian, for SQLite and PostgreSQL. Services own their
// transactions through WriteTx and call the small query helpers on Q; nothing here decides
// who may do what.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Engines.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is an open database: one writer and a pool of readers on SQLite (SQLite has one writer
// anyway, and a single writer connection turns lock waits into a queue); one shared pool on
// PostgreSQL.
type DB struct {
	Engine string
	DSN    string
	write  *sql.DB
	read   *sql.DB
	d      dialect
	group  groupCommitter // GroupTx's queue (SQLite)
	// readCache and writeCache keep prepared statements per pool (SQLite; nil on PostgreSQL).
	readCache, writeCache *stmtCache
}

// Open opens a database named "sqlite:PATH" or a "postgres://" URL and runs the migrations.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := OpenNoMigrate(dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// OpenNoMigrate opens the database without touching its schema.
func OpenNoMigrate(dsn string) (*DB, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		return openSQLite(dsn, strings.TrimPrefix(dsn, "sqlite:"))
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return openPostgres(dsn)
	}
	return nil, fmt.Errorf("database %q: want sqlite:PATH or a postgres:// URL", dsn)
}

func openSQLite(dsn, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty path")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	base := "file:" + path + "?"
	readDSN := base + q.Encode()
	q.Set("_txlock", "immediate") // writers take the lock at BEGIN, so they queue instead of failing
	write, err := sql.Open("sqlite", base+q.Encode())
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", readDSN)
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	return &DB{Engine: SQLite, DSN: dsn, write: write, read: read, d: sqliteDialect{},
		readCache: newStmtCache(read), writeCache: newStmtCache(write)}, nil
}

func openPostgres(dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{Engine: Postgres, DSN: dsn, write: pool, read: pool, d: postgresDialect{}}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	if db.readCache != nil {
		db.readCache.close()
		db.writeCache.close()
	}
	err := db.write.Close()
	if db.read != db.write {
		if e := db.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Ping checks that the database answers (for /readyz).
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// SQL returns the writer pool, for tools (benchmarks, bulk loaders) that need the raw handle.
func (db *DB) SQL() *sql.DB { return db.write }

// Read returns the query helpers on the reader pool.
func (db *DB) Read() *Q { return &Q{q: db.reader(), d: db.d} }

// WriteTx runs fn in a write transaction: committed when fn returns nil, rolled back
// otherwise (and on panic).
//
// Once begun, a transaction runs to its end whatever becomes of the caller's context (a phone
// that loses its signal mid-request): its statements do not see the cancellation. Cancelling
// a statement half-way is what went wrong otherwise: SQLite may roll back the whole
// transaction by itself when a statement is interrupted, and on PostgreSQL the driver's
// cancellation could leave a pooled connection broken for the next transaction (seen as
// "driver: bad connection" in a concurrent caller). Writes are short; letting them finish is
// the simpler promise. A caller that gave up while waiting for the writer gets its error.
func (db *DB) WriteTx(ctx context.Context, fn func(*Q) error) error {
	tx, err := db.write.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return err
	}
	defer db.afterWrite()
	defer tx.Rollback()
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := fn(&Q{q: db.txQuerier(tx), d: db.d, tx: true}); err != nil {
		return err
	}
	return tx.Commit()
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q carries the query helpers; it wraps either the reader pool or a write transaction.
type Q struct {
	q  querier
	d  dialect
	tx bool
}

// forUpdate returns the row-lock clause inside write transactions on PostgreSQL.
func (q *Q) forUpdate() string {
	if q.tx {
		return q.d.forUpdate()
	}
	return ""
}

// dialect is the seam for the few things the engines spell differently.
type dialect interface {
	forUpdate() string
	ilike() string // case-insensitive LIKE
}

type sqliteDialect struct{}

// SQLite's write transactions are exclusive already (BEGIN IMMEDIATE).
func (sqliteDialect) forUpdate() string { return "" }
func (sqliteDialect) ilike() string     { return "LIKE" }

type postgresDialect struct{}

func (postgresDialect) forUpdate() string { return " FOR UPDATE" }
func (postgresDialect) ilike() string     { return "ILIKE" }

// likePattern escapes s for a LIKE ... ESCAPE '\' match anywhere in a value.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// now is the time every write stores: UTC, to the microsecond (PostgreSQL's precision), so
// a value read back equals the value written on both engines.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// nullInt turns 0 into NULL for optional foreign keys.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// ErrNoRows is returned by single-row helpers when nothing matched.
var ErrNoRows = sql.ErrNoRows
