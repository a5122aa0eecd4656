package suite

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunSmall runs every scenario at a tiny size: the table must come out whole, with every
// latency row measured (a route that errors shows as "not measured"). No timing is asserted.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a database and serves it")
	}
	var out, log bytes.Buffer
	results := filepath.Join(t.TempDir(), "latest.md")
	o := Options{Members: 300, Requests: 30, Concurrency: 2, MaxDuration: 20 * time.Second, ImportRows: 400,
		Results: results, Out: &out, Log: &log}
	if err := Run(context.Background(), o); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	table := out.String()
	rows := strings.Count(table, "\n| ") - 2 // less the header and its separator
	if rows != 6 || !strings.Contains(table, "\n| demo load, SQLite: ") || !strings.Contains(table, " members (300 synthetic)") ||
		!strings.Contains(table, "| roster import, SQLite: 400 new members from .xlsx") {
		t.Errorf("want 6 rows with the demo load first and the import last:\n%s", table)
	}
	if strings.Contains(table, "not measured") {
		t.Errorf("a scenario was not measured:\n%s\n%s", table, log.String())
	}
	saved, err := os.ReadFile(results)
	if err != nil || string(saved) != table {
		t.Errorf("results file differs from the printed table (%v)", err)
	}
}

func TestRatioAndMS(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{ratio(3*time.Second, time.Second), "3.0×"},
		{ratio(time.Second, 0), "–"},
		{ms(1500 * time.Microsecond), "1.5 ms"},
		{ms(250 * time.Microsecond), "0.25 ms"},
		{ms(1234 * time.Millisecond), "1234 ms"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestRunOnlyImport: -only import loads the database it needs but prints the import row
// alone, measured.
func TestRunOnlyImport(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a database and imports into it")
	}
	var out, log bytes.Buffer
	o := Options{Members: 300, Requests: 1, Concurrency: 1, ImportRows: 300, Only: "import", Out: &out, Log: &log}
	if err := Run(context.Background(), o); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	table := out.String()
	if rows := strings.Count(table, "\n| ") - 2; rows != 1 || !strings.Contains(table, "| roster import, SQLite: 300 new members") ||
		strings.Contains(table, "not measured") || !strings.Contains(table, "peak heap") {
		t.Errorf("want the import row alone, measured:\n%s\n%s", table, log.String())
	}
}

func TestOnlyNamesScenarios(t *testing.T) {
	if sel, err := (Options{Only: "import, web"}).selected(); err != nil || !sel["import"] || !sel["web"] || sel["load"] {
		t.Errorf("import, web: %v %v", sel, err)
	}
	if sel, err := (Options{}).selected(); err != nil || len(sel) != len(Scenarios) {
		t.Errorf("all: %v %v", sel, err)
	}
	if _, err := (Options{Only: "imports"}).selected(); err == nil {
		t.Error("an unknown scenario should be refused")
	}
}
