// Command dangjian is the whole platform in one binary: the server, and the operator's tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `dangjian — smart party-building platform

Usage:
  dangjian serve [--demo] [--addr ADDR] [--db DSN]   run the server (web console, API)
  dangjian migrate [--db DSN]                        bring the database schema up to date
  dangjian demo [--members N] [--db DSN]             load demo data (N: add a synthetic region)
  dangjian user create --username U --password P --role R [--org ID]
  dangjian import members FILE --org ID [--dry-run] import a roster (.xlsx or .csv)
  dangjian export members --org ID -o FILE [--reveal] export members to .xlsx
  dangjian backup --out FILE [--db DSN]             copy a live SQLite database to FILE
  dangjian bench [--members N] [--requests N]        run the benchmark scenarios, print the table
  dangjian points verify [--db DSN]                  check every invariant of the points ledger
  dangjian version

Every command takes --db (sqlite:PATH or postgres://URL) and --data DIR; run
"dangjian COMMAND -h" for all flags. Environment: DANGJIAN_ADDR, DANGJIAN_DB, DANGJIAN_DATA,
DANGJIAN_SECRET_KEY (base64 32 bytes; give every instance the same one), DANGJIAN_SECRET_KEY_FILE.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprint(os.Stderr, usage)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "dangjian:", err)
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"no command"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, rest, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, rest, stdout, stderr)
	case "user":
		if len(rest) == 0 || rest[0] != "create" {
			return usageError{"user: want 'user create'"}
		}
		return cmdUserCreate(ctx, rest[1:], stdout, stderr)
	case "import":
		return cmdImport(ctx, rest, stdout, stderr)
	case "export":
		return cmdExport(ctx, rest, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, rest, stdout, stderr)
	case "bench":
		return cmdBench(ctx, rest, stdout, stderr)
	case "points":
		return cmdPoints(ctx, rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usageError{"unknown command " + cmd}
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

func parse(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	return fs.Parse(args)
}
