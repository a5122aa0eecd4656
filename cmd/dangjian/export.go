package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"dangjian/internal/auth"
	"dangjian/internal/member"
)

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "members" {
		return usageError{"export: want 'export members --org ID -o FILE'"}
	}
	var orgID int64
	var out string
	var reveal bool
	set, err := openSet(ctx, "export members", args[1:], stderr, func(fs *flag.FlagSet) {
		fs.Int64Var(&orgID, "org", 0, "organisation whose members (with its subtree) to export")
		fs.StringVar(&out, "o", "", "the .xlsx file to write")
		fs.BoolVar(&reveal, "reveal", false, "write ID numbers and phones in clear (audited)")
	})
	if err != nil {
		return err
	}
	defer set.DB.Close()
	if orgID == 0 || out == "" {
		return errors.New("export members: --org ID and -o FILE are required")
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	svc, _ := rosterService(set)
	locale := cliLocale()
	n, err := svc.ExportMembers(ctx, auth.SystemActor(), member.Filter{OrgID: orgID, Subtree: true}, reveal, locale, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
		return describe(set, err)
	}
	fmt.Fprintln(stdout, set.I18n.T(locale, "roster.cli.exported", n, out))
	return nil
}
