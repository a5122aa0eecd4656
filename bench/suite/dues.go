package suite

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/base64"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/auth"
	"dangjian/internal/config"
	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/services"
)

// The dues scenario (issue 6): a database of its own with DuesMembers members in
// duesBranchSize-member branches under one region, every member with a dues profile (a mix of
// categories and bases) and one in a thousand with an approved hardship; then the month's
// bills of the whole region through the service (dues.GenerateNow: members and profiles read
// in one statement, priced in Go, inserted in 500-row statements, 5,000 bills a transaction,
// ON CONFLICT DO NOTHING), and a second run that finds them all (idempotent). The baseline,
// in the same run: the same rows inserted raw in the same batches into a table with the same
// columns and indexes. Target (issue 6): under 60 s for 1,000,000 members on SQLite.
const (
	duesBranchSize = 50
	duesMonth      = "2025-01"
)

func duesScenario(ctx context.Context, o Options, dir string) ([]Row, error) {
	n := o.DuesMembers
	rows := []Row{}
	key := make([]byte, 32)
	crand.Read(key)
	cfg := config.Default()
	path := filepath.Join(dir, fmt.Sprintf("dues-%d.db", n))
	cfg.DataDir, cfg.DB = dir, "sqlite:"+path
	cfg.SecretKey, cfg.LogLevel = base64.StdEncoding.EncodeToString(key), "error"
	if err := cfg.Finish(); err != nil {
		return rows, err
	}
	_, statErr := os.Stat(path)
	reuse := o.Dir != "" && statErr == nil
	if !reuse {
		removeSQLite(path)
	}
	if o.Dir == "" {
		defer removeSQLite(path)
	}
	set, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(o.Log, &slog.HandlerOptions{Level: slog.LevelError})))
	if err != nil {
		return rows, err
	}
	defer set.DB.Close()
	db := set.DB.SQL()
	setup := Row{Scenario: fmt.Sprintf("dues data: %d members with profiles in %d-member branches (SQLite, raw inserts)", n, duesBranchSize),
		Baseline: "–", Ratio: "–"}
	if reuse {
		setup.Figure = "reused from " + path
		if _, err := db.ExecContext(ctx, `DELETE FROM dues_bills`); err != nil {
			return rows, err
		}
	} else {
		fmt.Fprintf(o.Log, "dues: loading %d members with profiles …\n", n)
		start := time.Now()
		if err := duesLoad(ctx, db, n, o); err != nil {
			return rows, err
		}
		setup.Figure = fmt.Sprintf("%.0f s", time.Since(start).Seconds())
	}
	rows = append(rows, setup)
	var rootID int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1`).Scan(&rootID); err != nil {
		return rows, err
	}

	// The baseline: the same bills computed once (not timed), then inserted raw.
	fmt.Fprintf(o.Log, "dues: baseline (raw inserts of the same rows) …\n")
	bills, err := duesRows(ctx, set, db)
	if err != nil {
		return rows, err
	}
	base, err := duesRawInsert(ctx, db, bills)
	if err != nil {
		return rows, err
	}
	bills = nil

	fmt.Fprintf(o.Log, "dues: generating the month's bills through the service …\n")
	sys := auth.SystemActor()
	start := time.Now()
	res, err := set.Dues.GenerateNow(ctx, sys, dues.GenerateInput{OrgID: rootID, Month: duesMonth})
	took := time.Since(start)
	if err != nil {
		return rows, err
	}
	if res.Billed != n {
		return rows, fmt.Errorf("bench: dues: billed %d of %d members (%+v)", res.Billed, n, res)
	}
	rows = append(rows, Row{Scenario: fmt.Sprintf("dues bills for %d members, one month (generate, SQLite)", n),
		Figure:   fmt.Sprintf("%.1f s (%.0f bills/s; %d exempt, %d reduced)", took.Seconds(), float64(n)/took.Seconds(), res.Exempt, res.Reduced),
		Baseline: fmt.Sprintf("%.1f s raw batched INSERTs of the same rows", base.Seconds()), Ratio: ratio(took, base)})

	start = time.Now()
	again, err := set.Dues.GenerateNow(ctx, sys, dues.GenerateInput{OrgID: rootID, Month: duesMonth})
	took2 := time.Since(start)
	if err != nil {
		return rows, err
	}
	if again.Billed != 0 || again.Existed != n {
		return rows, fmt.Errorf("bench: dues: the second run billed %d, found %d", again.Billed, again.Existed)
	}
	rows = append(rows, Row{Scenario: fmt.Sprintf("dues bills again for %d members (idempotent re-run: all exist)", n),
		Figure: fmt.Sprintf("%.1f s", took2.Seconds()), Baseline: fmt.Sprintf("%.1f s", base.Seconds()), Ratio: ratio(took2, base)})
	var count int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM dues_bills WHERE month = $1`, duesMonth).Scan(&count); err != nil || count != n {
		return rows, fmt.Errorf("bench: dues: %d bills in the table (%v)", count, err)
	}
	return rows, nil
}

// duesLoad writes the synthetic region: orgs, members, profiles and a few hardships, in
// 500-row statements and 5,000-row transactions.
func duesLoad(ctx context.Context, db *sql.DB, n int, o Options) error {
	now := time.Now().UTC()
	branches := (n + duesBranchSize - 1) / duesBranchSize
	committees := max(1, branches/100)
	type orgRow struct {
		id, parent int64
		path, typ  string
		depth      int
	}
	orgs := []orgRow{{id: 1, path: "/1/", typ: "region", depth: 1}}
	for c := range committees {
		id := int64(2 + c)
		orgs = append(orgs, orgRow{id: id, parent: 1, path: fmt.Sprintf("/1/%d/", id), typ: "committee", depth: 2})
	}
	first := int64(2 + committees)
	for b := range branches {
		id, parent := first+int64(b), int64(2+b%committees)
		orgs = append(orgs, orgRow{id: id, parent: parent, path: fmt.Sprintf("/1/%d/%d/", parent, id), typ: "branch", depth: 3})
	}
	err := batches(ctx, db, "INSERT INTO orgs (id, parent_id, path, depth, name, type, created_at, updated_at)", 8, len(orgs),
		func(i int) []any {
			r := orgs[i]
			var parent any
			if r.parent != 0 {
				parent = r.parent
			}
			return []any{r.id, parent, r.path, r.depth, fmt.Sprintf("基准组织%d", r.id), r.typ, now, now}
		})
	if err != nil {
		return err
	}
	blob := []byte{1, 2, 3}
	err = batches(ctx, db, `INSERT INTO members (id, org_id, org_path, name, gender, birth_date, id_number_enc, id_number_hash,
		id_number_masked, category, standing, joined_on, created_at, updated_at)`, 14, n, func(i int) []any {
		b := orgs[1+committees+i/duesBranchSize]
		return []any{int64(i + 1), b.id, b.path, "党员", "male", "1980-01-01", blob, fmt.Sprintf("h%09d", i), "110***", "full",
			"normal", "2005-07-01", now, now}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(o.Log, "  %d members\n", n)
	cats := []string{"in_service", "in_service", "in_service", "in_service", "in_service", "in_service", "retired", "retired", "farmer", "student"}
	err = batches(ctx, db, "INSERT INTO dues_profiles (member_id, category, base_fen, from_month, note, created_at)", 6, n,
		func(i int) []any {
			return []any{int64(i + 1), cats[i%len(cats)], int64(150000 + (i*7919)%1500000), "2024-01", "", now}
		})
	if err != nil {
		return err
	}
	fmt.Fprintf(o.Log, "  %d profiles\n", n)
	h := n / 1000
	return batches(ctx, db, `INSERT INTO dues_hardship (member_id, org_id, org_path, kind, amount_fen, from_month, to_month,
		reason, status, applied_at, created_at, updated_at)`, 12, h, func(i int) []any {
		m := i*1000 + 1
		b := orgs[1+committees+(m-1)/duesBranchSize]
		kind := "exempt"
		if i%2 == 1 {
			kind = "reduce"
		}
		return []any{int64(m), b.id, b.path, kind, int64(100), "2024-06", "2025-06", "基准", "approved", now, now, now}
	})
}

// batches inserts count rows of cols values made by row with "head VALUES (…), (…)" in
// 500-row statements, 5,000 rows a transaction.
func batches(ctx context.Context, db *sql.DB, head string, cols, count int, row func(int) []any) error {
	const perStmt, perTx = 500, 5000
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	full := head + " VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", perStmt), ", ")
	for done := 0; done < count; {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for end := min(done+perTx, count); done < end; {
			k := min(perStmt, end-done)
			args := make([]any, 0, k*cols)
			for i := range k {
				args = append(args, row(done+i)...)
			}
			text := full
			if k < perStmt {
				text = head + " VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", k), ", ")
			}
			if _, err := tx.ExecContext(ctx, text, args...); err != nil {
				tx.Rollback()
				return err
			}
			done += k
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// duesRows computes the month's bills of every member the way the service prices them (the
// rule read once), for the baseline.
func duesRows(ctx context.Context, set *services.Set, db *sql.DB) ([][]any, error) {
	rates, err := set.Dues.Rates(ctx, duesMonth)
	if err != nil {
		return nil, err
	}
	rs, err := db.QueryContext(ctx, `SELECT m.id, m.org_id, m.org_path, p.category, p.base_fen, COALESCE(h.id, 0), COALESCE(h.kind, '')
		FROM members m JOIN dues_profiles p ON p.member_id = m.id LEFT JOIN dues_hardship h ON h.member_id = m.id ORDER BY m.id`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	now := time.Now().UTC()
	var out [][]any
	for rs.Next() {
		var id, org, base, hid int64
		var path, cat, kind string
		if err := rs.Scan(&id, &org, &path, &cat, &base, &hid, &kind); err != nil {
			return nil, err
		}
		a, err := domain.CalculateDues(rates, cat, base)
		if err != nil {
			return nil, err
		}
		amount, status := a.AmountFen, domain.DuesUnpaid
		var hardship any
		if hid != 0 {
			hs := domain.DuesHardship{Kind: kind, AmountFen: 100}
			amount, status = hs.Apply(a.AmountFen)
			hardship = hid
		}
		out = append(out, []any{id, org, path, duesMonth, cat, base, a.AmountFen, amount, a.RuleRef, hardship, status, now, now})
	}
	return out, rs.Err()
}

// duesRawInsert creates a table like dues_bills (same columns, UNIQUE and indexes) and times
// inserting the rows into it raw, in the same batches as the generator.
func duesRawInsert(ctx context.Context, db *sql.DB, bills [][]any) (time.Duration, error) {
	for _, stmt := range []string{`DROP TABLE IF EXISTS bench_dues_bills`,
		`CREATE TABLE bench_dues_bills (id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL, org_id INTEGER NOT NULL,
			org_path TEXT NOT NULL, month TEXT NOT NULL, category TEXT NOT NULL, base_fen INTEGER NOT NULL DEFAULT 0,
			standard_fen INTEGER NOT NULL, amount_fen INTEGER NOT NULL, rule_ref TEXT NOT NULL DEFAULT '', hardship_id INTEGER,
			status TEXT NOT NULL DEFAULT 'unpaid', paid_fen INTEGER NOT NULL DEFAULT 0, paid_at TIMESTAMP, payment_id INTEGER,
			created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, UNIQUE (member_id, month))`,
		`CREATE INDEX bench_dues_bills_path ON bench_dues_bills(org_path, month)`,
		`CREATE INDEX bench_dues_bills_member ON bench_dues_bills(member_id, status)`} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return 0, err
		}
	}
	start := time.Now()
	err := batches(ctx, db, `INSERT INTO bench_dues_bills (member_id, org_id, org_path, month, category, base_fen, standard_fen,
		amount_fen, rule_ref, hardship_id, status, created_at, updated_at)`, 13, len(bills), func(i int) []any { return bills[i] })
	took := time.Since(start)
	if err != nil {
		return 0, err
	}
	_, err = db.ExecContext(ctx, `DROP TABLE bench_dues_bills`)
	return took, err
}
