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
	o := Options{Members: 300, Requests: 30, Concurrency: 2, MaxDuration: 20 * time.Second, Results: results,
		Out: &out, Log: &log}
	if err := Run(context.Background(), o); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	table := out.String()
	rows := strings.Count(table, "\n| ") - 2 // less the header and its separator
	if rows != 5 || !strings.Contains(table, "| demo load, SQLite: 5649 members (300 synthetic)") {
		t.Errorf("want 5 rows with the demo load first:\n%s", table)
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
