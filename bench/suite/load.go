package suite

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/config"
	"dangjian/internal/demo"
	"dangjian/internal/store"
)

// env is the loaded database the latency scenarios serve.
type env struct {
	cfg     config.Config
	members int
	log     *slog.Logger
}

// loadScenario times `demo --members N` into a fresh SQLite database, beside raw batched
// INSERTs of as many rows of similar width into a plain table (no indexes, no encryption,
// no validation, no history): the floor that the bulk path is measured against. Without
// report it only loads the database the other scenarios need (no baseline, no row).
func loadScenario(ctx context.Context, o Options, dir string, report bool) (*env, Row, error) {
	key := make([]byte, 32)
	rand.Read(key)
	cfg := config.Default()
	cfg.DataDir, cfg.DB = dir, "sqlite:"+filepath.Join(dir, "bench.db")
	cfg.SecretKey, cfg.LogLevel = base64.StdEncoding.EncodeToString(key), "error"
	if err := cfg.Finish(); err != nil {
		return nil, Row{}, err
	}
	removeSQLite(filepath.Join(dir, "bench.db"))
	log := slog.New(slog.NewTextHandler(o.Log, &slog.HandlerOptions{Level: slog.LevelError}))
	set, err := app.Open(ctx, cfg, log)
	if err != nil {
		return nil, Row{}, err
	}
	fmt.Fprintf(o.Log, "loading the demo with %d synthetic members …\n", o.Members)
	start := time.Now()
	res, err := demo.Load(ctx, set, demo.Options{Members: o.Members, Progress: progress(o.Log)})
	took := time.Since(start)
	set.DB.Close()
	if err != nil {
		return nil, Row{}, err
	}
	e := &env{cfg: cfg, members: res.Members, log: log}
	if !report {
		return e, Row{}, nil
	}
	fmt.Fprintf(o.Log, "baseline: raw batched INSERT of %d rows …\n", res.Members)
	base, err := rawInserts(ctx, filepath.Join(dir, "baseline.db"), res.Members)
	if err != nil {
		return nil, Row{}, err
	}
	row := Row{
		Scenario: fmt.Sprintf("demo load, SQLite: %d members (%d synthetic), %d orgs, validated, sealed, with history", res.Members, o.Members, res.Orgs),
		Figure:   fmt.Sprintf("%.1f s (%.0f members/s)", took.Seconds(), float64(res.Members)/took.Seconds()),
		Baseline: fmt.Sprintf("%.2f s: raw batched INSERT of %d rows × 23 columns into a plain table", base.Seconds(), res.Members),
		Ratio:    ratio(took, base),
	}
	return e, row, nil
}

func progress(w io.Writer) func(done, total int) {
	last := time.Now()
	return func(done, total int) {
		if done == total || time.Since(last) > time.Second {
			last = time.Now()
			fmt.Fprintf(w, "  %d / %d members\n", done, total)
		}
	}
}

func removeSQLite(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// rawInserts writes n rows shaped like members (ids, dates, names, sealed blobs, hashes) in
// 500-row statements and 5,000-row transactions, as the bulk loader does, and times it.
func rawInserts(ctx context.Context, path string, n int) (time.Duration, error) {
	removeSQLite(path)
	defer removeSQLite(path)
	db, err := store.OpenNoMigrate("sqlite:" + path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	w := db.SQL()
	cols := make([]string, 23)
	for i := range cols {
		cols[i] = fmt.Sprintf("c%d", i)
	}
	if _, err := w.ExecContext(ctx, "CREATE TABLE plain ("+strings.Join(cols, ", ")+")"); err != nil {
		return 0, err
	}
	blob := make([]byte, 46) // a sealed ID number: nonce, 18 bytes, tag
	rand.Read(blob)
	hash := strings.Repeat("0123456789abcdef", 4)
	now := time.Now().UTC()
	row := func(i int) []any {
		return []any{int64(i%3000 + 1), "/1/2/345/6789/", nil, "张伟明", "male", "汉族", "1985-06-01", blob,
			fmt.Sprintf("%s%08d", hash[:56], i), "500118********123X", blob[:39], hash, "138****5678", "bachelor",
			"full", "normal", false, false, "2008-07-01", "2009-07-01", "工程师", now, now}
	}
	const perStmt, perTx = 500, 5000
	stmt := "INSERT INTO plain VALUES " + strings.TrimSuffix(strings.Repeat("("+strings.TrimSuffix(strings.Repeat("?, ", 23), ", ")+"), ", perStmt), ", ")
	start := time.Now()
	for done := 0; done < n; {
		tx, err := w.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		for end := min(done+perTx, n); done < end; {
			k := min(perStmt, end-done)
			args := make([]any, 0, k*23)
			for i := 0; i < k; i++ {
				args = append(args, row(done+i)...)
			}
			text := stmt
			if k < perStmt {
				text = "INSERT INTO plain VALUES " + strings.TrimSuffix(strings.Repeat("("+strings.TrimSuffix(strings.Repeat("?, ", 23), ", ")+"), ", k), ", ")
			}
			if _, err := tx.ExecContext(ctx, text, args...); err != nil {
				tx.Rollback()
				return 0, err
			}
			done += k
		}
		if err := tx.Commit(); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}
