package store

import (
	"context"
	"errors"
	"os"
)

// Backup writes a consistent copy of an SQLite database to path while it stays in use
// (VACUUM INTO reads one snapshot). PostgreSQL is backed up with its own tools (pg_dump).
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Engine != SQLite {
		return errors.New("backup: use pg_dump for PostgreSQL (see docs/operator-guide.md)")
	}
	if _, err := os.Stat(path); err == nil {
		return errors.New("backup: " + path + " exists; choose a new file")
	}
	if _, err := db.read.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return err
	}
	return os.Chmod(path, 0o600) // the copy holds the roster: readable by the operator only

}
