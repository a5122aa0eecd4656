package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"dangjian/internal/account"
	"dangjian/internal/app"
	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/demo"
	"dangjian/internal/services"
)

func version() string { return "dangjian " + app.Version }

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.Bind(fs)
	withDemo := fs.Bool("demo", false, "on an empty database, load the demo data first and print how to sign in")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	if *withDemo {
		cfg.TestPay = true // the demo pays dues online through the built-in test provider
	}
	a, err := app.New(ctx, cfg, newLogger(stderr, cfg.LogLevel))
	if err != nil {
		return err
	}
	defer a.Close()
	if *withDemo {
		if err := loadDemoIfEmpty(ctx, a.Services, stdout, cfg.Addr); err != nil {
			return err
		}
	}
	return a.Serve(ctx)
}

func loadDemoIfEmpty(ctx context.Context, set *services.Set, stdout io.Writer, addr string) error {
	n, err := set.DB.Read().CountUsers(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Fprintln(stdout, "The database already has users; the demo data is not loaded again.")
		fmt.Fprintf(stdout, "Open http://%s/ and sign in.\n", addr)
		return nil
	}
	res, err := demo.Load(ctx, set, demo.Options{})
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	printDemo(stdout, res, addr)
	return nil
}

func printDemo(w io.Writer, res *demo.Result, addr string) {
	fmt.Fprintf(w, "Demo data loaded: %d organisations, %d members, %d applicants, %d transfers, %d floating-register entries.\n",
		res.Orgs, res.Members, res.Applicants, res.Transfers, res.Floating)
	if res.DuesBills > 0 {
		fmt.Fprintf(w, "Party dues: %d bills and %d payments.\n", res.DuesBills, res.DuesPayments)
	}
	if addr != "" {
		fmt.Fprintf(w, "Open http://%s/ and sign in with one of these accounts:\n", addr)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range res.Users {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", c.Username, c.Password, c.Role, c.Org)
	}
	tw.Flush()
}

func openSet(ctx context.Context, name string, args []string, stderr io.Writer, extra func(fs *flag.FlagSet)) (*services.Set, error) {
	cfg := config.Default()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	cfg.Bind(fs)
	if extra != nil {
		extra(fs)
	}
	if err := parse(fs, args, stderr); err != nil {
		return nil, err
	}
	if err := cfg.Finish(); err != nil {
		return nil, err
	}
	return app.Open(ctx, cfg, newLogger(stderr, cfg.LogLevel))
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	set, err := openSet(ctx, "migrate", args, stderr, nil)
	if err != nil {
		return err
	}
	defer set.DB.Close()
	fmt.Fprintf(stdout, "Schema of %s is up to date.\n", set.DB.Engine)
	return nil
}

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var members, pointEntries, duesMonths int
	set, err := openSet(ctx, "demo", args, stderr, func(fs *flag.FlagSet) {
		fs.IntVar(&members, "members", 0, "also generate a synthetic region with this many members (for benchmarks)")
		fs.IntVar(&pointEntries, "points", 0, "also give the synthetic region this many point entries of last year (e.g. 20000000 for 1000000 members)")
		fs.IntVar(&duesMonths, "dues-months", demo.DefaultSyntheticDuesMonths, "months of dues bills and payments for the synthetic region (up to 12; -1: no dues)")
	})
	if err != nil {
		return err
	}
	defer set.DB.Close()
	opts := demo.Options{Members: members, PointEntries: pointEntries, DuesMonths: duesMonths, Progress: func(done, total int) {
		fmt.Fprintf(stderr, "\r%d / %d members", done, total)
		if done == total {
			fmt.Fprintln(stderr)
		}
	}}
	res, err := demo.Load(ctx, set, opts)
	if err != nil {
		return err
	}
	printDemo(stdout, res, "")
	return nil
}

func cmdUserCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var username, password, role, orgID, display string
	set, err := openSet(ctx, "user create", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "sign-in name")
		fs.StringVar(&password, "password", "", "password (≥ 8 characters, 3 of: lower, upper, digit, symbol)")
		fs.StringVar(&role, "role", "", "admin, org_admin, secretary, committee_member, group_leader, member, instructor, merchant or auditor")
		fs.StringVar(&orgID, "org", "", "organisation id the role covers (with its subtree); not for admin")
		fs.StringVar(&display, "name", "", "display name")
	})
	if err != nil {
		return err
	}
	defer set.DB.Close()
	grant := account.GrantInput{Role: role}
	if orgID != "" {
		if grant.OrgID, err = strconv.ParseInt(orgID, 10, 64); err != nil {
			return fmt.Errorf("--org %q: want a numeric organisation id", orgID)
		}
	}
	grants := []account.GrantInput{grant}
	u, err := set.Accounts.Create(ctx, auth.SystemActor(), account.Input{Username: &username, Password: &password,
		DisplayName: &display, Grants: &grants})
	if err != nil {
		return describe(set, err)
	}
	fmt.Fprintf(stdout, "Created user %s (id %d) with role %s.\n", u.Username, u.ID, role)
	return nil
}
