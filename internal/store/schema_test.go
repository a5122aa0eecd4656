package store_test

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"sort"
	"strconv"
	"sync"
	"testing"

	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// wantTables are the tables of the foundation migration; a migration that adds a table adds
// it here, and the parity check below makes sure both engines got it.
var wantTables = []string{"activity_claims", "activity_plans", "alliance_cards", "api_tokens", "applicant_attachments", "applicant_steps", "applicants", "audit_log", "course_assignments", "course_files", "course_progress", "courses", "dues_arrears_notes", "dues_bills", "dues_hardship", "dues_notifications", "dues_payment_items", "dues_payments", "dues_profiles", "dues_refunds", "dues_reminders", "exam_attempts", "exams",
	"floating_members", "floating_reports", "fund_accounts", "fund_attachments", "fund_entries", "fund_reports", "goose_db_version", "grants", "idempotency_keys", "job_files", "jobs",
	"login_failures", "meeting_attachments", "meeting_attendees", "meeting_checkins", "meeting_minutes", "meetings", "member_events", "member_positions", "members", "merchant_users", "merchants", "orgs", "point_accounts", "point_claims",
	"point_entries", "point_evidence", "point_indicators", "point_totals", "questions", "ranking_totals", "rating_results", "rating_runs", "redemptions", "reminders", "rewards", "rules", "scheduled_runs", "sessions", "standing_changes",
	"transfers", "users"}

// schemaOf returns table → sorted column names of the migrated schema.
func schemaOf(t *testing.T, db *store.DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	raw := db.SQL()
	out := map[string][]string{}
	switch db.Engine {
	case store.SQLite:
		tables := queryStrings(t, raw, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
		for _, table := range tables {
			rows, err := raw.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
			if err != nil {
				t.Fatal(err)
			}
			out[table] = scanStrings(t, rows)
		}
	case store.Postgres:
		rows, err := raw.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema()`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var table, col string
			if err := rows.Scan(&table, &col); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], col)
		}
	}
	for k := range out {
		sort.Strings(out[k])
	}
	return out
}

func queryStrings(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	return scanStrings(t, rows)
}

func scanStrings(t *testing.T, rows *sql.Rows) []string {
	t.Helper()
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSchemaParity(t *testing.T) {
	lite := schemaOf(t, testutil.MustOpen(t, store.SQLite))
	if got := slices.Sorted(maps.Keys(lite)); !slices.Equal(got, wantTables) {
		t.Fatalf("SQLite tables:\n got %v\nwant %v", got, wantTables)
	}
	for _, col := range []string{"org_path", "id_number_enc", "id_number_hash", "id_number_masked"} {
		if !slices.Contains(lite["members"], col) {
			t.Errorf("members lacks %s", col)
		}
	}
	if testutil.PostgresURL() == "" {
		t.Log("PostgreSQL half skipped: DANGJIAN_TEST_POSTGRES is not set")
		return
	}
	pg := schemaOf(t, testutil.MustOpen(t, store.Postgres))
	for _, table := range slices.Sorted(maps.Keys(lite)) {
		if !slices.Equal(lite[table], pg[table]) {
			t.Errorf("table %s differs:\n sqlite   %v\n postgres %v", table, lite[table], pg[table])
		}
	}
	for table := range pg {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s exists only on PostgreSQL", table)
		}
	}
}

// Instances that start together migrate the same PostgreSQL schema at once; goose's advisory
// lock must serialise them so neither fails and each migration runs once.
func TestConcurrentMigratePostgres(t *testing.T) {
	if testutil.PostgresURL() == "" {
		t.Skip("DANGJIAN_TEST_POSTGRES is not set")
	}
	dsn := testutil.MustDSN(t, store.Postgres)
	const n = 3
	var wg sync.WaitGroup
	errs := make([]error, n)
	dbs := make([]*store.DB, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i], errs[i] = store.Open(context.Background(), dsn)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		defer dbs[i].Close()
	}
	versions := queryStrings(t, dbs[0].SQL(), `SELECT version_id::text FROM goose_db_version WHERE version_id > 0 ORDER BY id`)
	for i, v := range versions { // each migration once, in order
		if v != strconv.Itoa(i+1) {
			t.Fatalf("migrations applied: %v", versions)
		}
	}
	if len(versions) < 4 {
		t.Fatalf("migrations applied: %v", versions)
	}
	rules := queryStrings(t, dbs[0].SQL(), `SELECT key FROM rules`)
	if len(slices.Compact(slices.Sorted(slices.Values(rules)))) != len(rules) {
		t.Fatalf("seed rules ran more than once: %v", rules)
	}
}
