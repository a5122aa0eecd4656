package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// points verify exits cleanly on a sound ledger and fails, naming the breach, on a broken one.
func TestPointsVerifyReportsBreaches(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	out, _, err := runCLI(t, ctx, "points", "verify", "--data", dir)
	if err != nil || !strings.Contains(out, "no breach") {
		t.Fatalf("empty ledger: %q %v", out, err)
	}
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "dangjian.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	// An account row that claims a balance no entry explains.
	if _, err := raw.Exec(`INSERT INTO point_accounts (subject_type, subject_id, org_id, org_path, reward_balance, updated_at)
		VALUES ('member', 42, 1, '/1/', 50, CURRENT_TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCLI(t, ctx, "points", "verify", "--data", dir)
	if err == nil || !strings.Contains(out, "BREACH account_balance") || !strings.Contains(out, "member 42") {
		t.Fatalf("broken ledger: %q %v", out, err)
	}
	if _, _, err := runCLI(t, ctx, "points"); err == nil {
		t.Fatal("points without a subcommand accepted")
	}
}
