// Package suite holds dangjian's benchmark scenarios, run by `go run ./bench` and
// `dangjian bench`. Each scenario prints one table row: what was measured, its figure, the
// baseline measured the same way in the same run, and the ratio of the two, so a noisy or
// slow machine still gives a comparable number. Benchmarks report; they never fail a build.
package suite

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Options say how big and how long the run is.
type Options struct {
	Members     int           // synthetic members loaded for every scenario
	Requests    int           // requests per latency scenario
	Concurrency int           // clients sending them at once
	MaxDuration time.Duration // cap on each latency scenario (fewer requests if reached)
	ImportRows  int           // rows of the roster import scenario
	// PointsMembers and PointsEntries size the points scenario's own database (issue 4:
	// 1,000,000 members with 20,000,000 entries); it runs only when -only names it.
	PointsMembers int
	PointsEntries int
	Only          string    // comma-separated scenarios to run (Scenarios); "" = all
	Dir           string    // working folder for the databases ("" = a temporary one, removed)
	Results       string    // Markdown copy of the table ("" = none)
	Out           io.Writer // the table
	Log           io.Writer // progress

	// DuesMembers sizes the dues scenario's own database (issue 6: bills for 1,000,000
	// members); it runs only when -only names it.
	DuesMembers int
}

// DefaultOptions are the figures the project reports.
func DefaultOptions() Options {
	return Options{Members: 100_000, Requests: 2000, Concurrency: 8, MaxDuration: 60 * time.Second, ImportRows: 100_000,
		PointsMembers: 1_000_000, PointsEntries: 20_000_000, DuesMembers: 1_000_000,
		Results: filepath.Join("bench", "results", "latest.md"), Out: os.Stdout, Log: os.Stderr}
}

// Bind registers the options as flags.
func (o *Options) Bind(fs *flag.FlagSet) {
	fs.IntVar(&o.Members, "members", o.Members, "synthetic members to load (the demo's own come on top)")
	fs.IntVar(&o.Requests, "requests", o.Requests, "requests per latency scenario")
	fs.IntVar(&o.Concurrency, "concurrency", o.Concurrency, "concurrent clients per latency scenario")
	fs.DurationVar(&o.MaxDuration, "max-duration", o.MaxDuration, "time cap per latency scenario")
	fs.IntVar(&o.ImportRows, "import-rows", o.ImportRows, "rows of the roster import scenario")
	fs.IntVar(&o.PointsMembers, "points-members", o.PointsMembers, "synthetic members of the points scenario's database")
	fs.IntVar(&o.PointsEntries, "points-entries", o.PointsEntries, "point entries of last year in the points scenario's database")
	fs.IntVar(&o.DuesMembers, "dues-members", o.DuesMembers, "members of the dues scenario's database (bills for one month)")
	fs.StringVar(&o.Only, "only", o.Only, "run only these scenarios, comma-separated: "+strings.Join(Scenarios, ", ")+
		" (the demo is loaded for any of them; its row only with load)")
	fs.StringVar(&o.Dir, "dir", o.Dir, "working folder for the databases (default: a temporary folder, removed afterwards)")
	fs.StringVar(&o.Results, "results", o.Results, "also write the table as Markdown to this file (empty: do not)")
}

// Scenarios are the names -only accepts: the demo load, the web and API latency rows, the
// roster import, and the points rankings and rating run (on a database of its own, sized by
// -points-members and -points-entries; run only when named, being large).
var Scenarios = []string{"load", "web", "import", "points", "checkin", "dues"}

// selected returns the scenarios to run.
func (o Options) selected() (map[string]bool, error) {
	sel := map[string]bool{}
	if strings.TrimSpace(o.Only) == "" {
		for _, s := range Scenarios {
			sel[s] = s != "points" && s != "checkin" && s != "dues" // the large and the storm run when named
		}
		return sel, nil
	}
	for _, s := range strings.Split(o.Only, ",") {
		s = strings.TrimSpace(s)
		if !slices.Contains(Scenarios, s) {
			return nil, fmt.Errorf("bench: unknown scenario %q (choose from %s)", s, strings.Join(Scenarios, ", "))
		}
		sel[s] = true
	}
	return sel, nil
}

// Row is one line of the table.
type Row struct {
	Scenario, Figure, Baseline, Ratio string
}

// Run runs every scenario and prints the table (and writes it to Options.Results).
func Run(ctx context.Context, o Options) error {
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Members < 1 || o.Requests < 1 || o.Concurrency < 1 || o.ImportRows < 1 {
		return fmt.Errorf("bench: members, requests, concurrency and import rows must be positive")
	}
	sel, err := o.selected()
	if err != nil {
		return err
	}
	dir := o.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "dangjian-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	started := time.Now()
	var env *env
	var load Row
	if sel["load"] || sel["web"] || sel["import"] { // the points scenario loads its own
		if env, load, err = loadScenario(ctx, o, dir, sel["load"]); err != nil {
			return err
		}
	}
	var rows []Row
	if sel["load"] {
		rows = append(rows, load)
	}
	if sel["web"] {
		web, err := latencyScenarios(ctx, o, env)
		rows = append(rows, web...)
		if err != nil {
			fmt.Fprintf(o.Log, "bench: %v\n", err) // report what ran; a missing route is not fatal
		}
	}
	if sel["import"] {
		row, err := importScenario(ctx, o, env, dir)
		if err != nil {
			fmt.Fprintf(o.Log, "bench: roster import: %v\n", err)
			row = Row{Scenario: fmt.Sprintf("roster import, SQLite: %d rows (.xlsx)", o.ImportRows),
				Figure: "not measured: " + err.Error(), Baseline: "–", Ratio: "–"}
		}
		rows = append(rows, row)
	}
	if sel["checkin"] { // its own database: 2,000 members with users and tokens
		row, err := checkinScenario(ctx, o, dir)
		if err != nil {
			fmt.Fprintf(o.Log, "bench: check-in storm: %v\n", err)
			row.Figure, row.Baseline, row.Ratio = "not measured: "+err.Error(), "–", "–"
		}
		rows = append(rows, row)
	}
	if sel["dues"] { // its own database: DuesMembers members with dues profiles
		d, err := duesScenario(ctx, o, dir)
		rows = append(rows, d...)
		if err != nil {
			fmt.Fprintf(o.Log, "bench: dues: %v\n", err)
			rows = append(rows, Row{Scenario: fmt.Sprintf("dues bills for %d members", o.DuesMembers),
				Figure: "not measured: " + err.Error(), Baseline: "–", Ratio: "–"})
		}
	}
	if sel["points"] {
		pts, err := pointsScenarios(ctx, o, dir)
		rows = append(rows, pts...)
		if err != nil {
			fmt.Fprintf(o.Log, "bench: points: %v\n", err)
		}
	}
	table := render(rows, o, time.Since(started))
	fmt.Fprint(o.Out, table)
	if o.Results != "" {
		if err := os.MkdirAll(filepath.Dir(o.Results), 0o750); err != nil {
			return err
		}
		return os.WriteFile(o.Results, []byte(table), 0o644)
	}
	return nil
}

func render(rows []Row, o Options, took time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# dangjian benchmarks\n\n%s · %s %s/%s · %d CPUs · SQLite · %d synthetic members · %d requests × %d clients per latency row · %d import rows · run took %s\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.Version(), runtime.GOOS, runtime.GOARCH,
		runtime.NumCPU(), o.Members, o.Requests, o.Concurrency, o.ImportRows, took.Round(time.Second))
	b.WriteString("| scenario | figure | same-run baseline | ratio |\n| --- | --- | --- | --- |\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.Scenario, r.Figure, r.Baseline, r.Ratio)
	}
	return b.String()
}

// ratio formats a/b as "12.3×".
func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f×", float64(a)/float64(b))
}

// ms formats a duration in milliseconds with sensible precision.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 1:
		return fmt.Sprintf("%.2f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}
