package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/i18n"
	"dangjian/internal/jobs"
	"dangjian/internal/roster"
	"dangjian/internal/services"
	"dangjian/internal/store"
)

// cliLocale is the operator's language from the environment (LANG), Chinese by default.
func cliLocale() string {
	return i18n.Pick("", strings.ReplaceAll(strings.Split(envLang(), ".")[0], "_", "-"))
}

// splitFile takes the first argument that is not a flag as the file, so that
// "import members FILE --org 7" and "import members --org 7 FILE" both work.
func splitFile(args []string) (string, []string) {
	for i, a := range args {
		if !strings.HasPrefix(a, "-") && (i == 0 || !needsValue(args[i-1])) {
			return a, append(append([]string{}, args[:i]...), args[i+1:]...)
		}
	}
	return "", args
}

func needsValue(flag string) bool {
	if !strings.HasPrefix(flag, "-") {
		return false
	}
	name := strings.TrimLeft(flag, "-")
	if strings.Contains(name, "=") {
		return false
	}
	switch name {
	case "dry-run", "reveal":
		return false
	}
	return true
}

// rosterService builds the roster service over the set with a job runner of this process.
func rosterService(set *services.Set) (*roster.Service, *jobs.Runner) {
	runner := jobs.New(set.DB, set.Log)
	return roster.New(set.DB, set.Members, runner), runner
}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "members" {
		return usageError{"import: want 'import members FILE --org ID'"}
	}
	file, rest := splitFile(args[1:])
	var orgID int64
	var dryRun bool
	set, err := openSet(ctx, "import members", rest, stderr, func(fs *flag.FlagSet) {
		fs.Int64Var(&orgID, "org", 0, "organisation to import into (rows name branches inside it)")
		fs.BoolVar(&dryRun, "dry-run", false, "check every row and show what would happen, write nothing")
	})
	if err != nil {
		return err
	}
	defer set.DB.Close()
	if file == "" || orgID == 0 {
		return errors.New("import members: FILE and --org ID are required")
	}
	in, err := os.Open(file)
	if err != nil {
		return err
	}
	defer in.Close()
	svc, runner := rosterService(set)
	sys := auth.SystemActor()
	id, err := svc.StartImport(ctx, sys, roster.ImportRequest{OrgID: orgID, Filename: filepath.Base(file), Body: in, DryRun: dryRun})
	if err != nil {
		return describe(set, err)
	}
	// Run the job in this process; if a server instance claimed it first, follow it there.
	go runner.RunJob(ctx, id)
	locale := cliLocale()
	t := set.I18n.T
	var st *roster.ImportStatus
	for {
		if st, err = svc.Import(ctx, sys, id); err != nil {
			return err
		}
		if st.Status == store.JobDone || st.Status == store.JobFailed {
			break
		}
		if st.Phase != "" {
			fmt.Fprintf(stderr, "\r%s", t(locale, "roster.cli.progress", t(locale, "roster.phase."+st.Phase), st.ProcessedRows, st.TotalRows))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
	}
	fmt.Fprintln(stderr)
	if st.ErrorCount > 0 {
		fmt.Fprintln(stdout, t(locale, "roster.cli.errors", st.ErrorCount))
		for _, e := range st.Errors {
			fmt.Fprintf(stdout, "  %s  %s\n", t(locale, "roster.cli.row", e.Row), e.Text(set.I18n, locale))
		}
		if more := st.ErrorCount - len(st.Errors); more > 0 {
			fmt.Fprintln(stdout, t(locale, "roster.cli.more_errors", more))
		}
	}
	if st.Status == store.JobFailed {
		return errors.New(t(locale, st.Error, st.ErrorArgs...))
	}
	key := "roster.cli.done"
	if dryRun {
		key = "roster.cli.dry_run"
	}
	fmt.Fprintln(stdout, t(locale, key, st.Imported, st.Updated, st.Unchanged))
	return nil
}
