package store

import (
	"context"
	"database/sql"
	"time"

	"dangjian/internal/domain"
)

// Bulk writes of points for large demo and benchmark loads (20 million entries): the same
// rows the posting path writes — entries with their running balances, per-category totals
// (whose trigger fills ranking_totals), and accounts — in multi-row INSERTs inside the
// caller's transaction. The caller computes every value so that `points verify` holds.

// NextPointEntryID returns the id after the largest entry id: bulk loads number their
// entries themselves, so the accounts can name their last entry without reading back.
func (q *Q) NextPointEntryID(ctx context.Context) (int64, error) {
	var id int64
	err := q.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM point_entries`).Scan(&id)
	return id, err
}

// SyncPointEntryIDs moves PostgreSQL's identity sequence past entries inserted with
// explicit ids (SQLite picks max(id)+1 by itself).
func (q *Q) SyncPointEntryIDs(ctx context.Context) error {
	if _, pg := q.d.(postgresDialect); !pg {
		return nil
	}
	_, err := q.q.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('point_entries', 'id'),
		(SELECT COALESCE(MAX(id), 1) FROM point_entries))`)
	return err
}

var bulkEntryColumns = []string{"id", "subject_type", "subject_id", "org_id", "org_path", "year", "category",
	"indicator_id", "series_id", "source", "quantity", "requested", "points", "appraisal", "reward", "appraisal_after",
	"reward_after", "capped", "veto", "occurred_on", "awarded_by_name", "approved_by_name", "created_at"}

// BulkPointEntries inserts entries whose ID, balances and every field are already set
// (indicator awards without de-duplication keys, claims or reversals).
func (q *Q) BulkPointEntries(ctx context.Context, entries []domain.PointEntry, seriesOf map[int64]int64) error {
	rows := make([][]any, len(entries))
	for i := range entries {
		e := &entries[i]
		rows[i] = []any{e.ID, e.SubjectType, e.SubjectID, e.OrgID, e.OrgPath, e.Year, e.Category, nullInt(e.IndicatorID),
			seriesOf[e.IndicatorID], e.Source, int64(e.Quantity), int64(e.Requested), int64(e.Points), int64(e.Appraisal),
			int64(e.Reward), int64(e.AppraisalAfter), int64(e.RewardAfter), e.Capped, e.Veto, e.OccurredOn,
			e.AwardedByName, e.ApprovedByName, e.CreatedAt}
	}
	return q.insertRows(ctx, "point_entries", bulkEntryColumns, rows, "", nil)
}

// BulkTotal is one row of point_totals.
type BulkTotal struct {
	SubjectType string
	SubjectID   int64
	Year        int
	Category    string
	OrgID       int64
	OrgPath     string
	Points      domain.Points
	Entries     int
	UpdatedAt   time.Time
}

// BulkPointTotals inserts totals rows of subjects that had none for the year and category.
func (q *Q) BulkPointTotals(ctx context.Context, totals []BulkTotal) error {
	rows := make([][]any, len(totals))
	for i, t := range totals {
		rows[i] = []any{t.SubjectType, t.SubjectID, t.Year, t.Category, t.OrgID, t.OrgPath, int64(t.Points), 0, t.Entries, t.UpdatedAt}
	}
	return q.insertRows(ctx, "point_totals", []string{"subject_type", "subject_id", "year", "category", "org_id",
		"org_path", "points", "vetoes", "entries", "updated_at"}, rows, "", nil)
}

// BulkPointAccounts inserts account rows of subjects that had none.
func (q *Q) BulkPointAccounts(ctx context.Context, accounts []PointAccount) error {
	rows := make([][]any, len(accounts))
	for i, a := range accounts {
		rows[i] = []any{a.SubjectType, a.SubjectID, a.OrgID, a.OrgPath, int64(a.RewardBalance), a.Entries,
			a.LastEntryID, a.Version, a.UpdatedAt}
	}
	return q.insertRows(ctx, "point_accounts", []string{"subject_type", "subject_id", "org_id", "org_path",
		"reward_balance", "entries", "last_entry_id", "version", "updated_at"}, rows, "", nil)
}

// PointSubject is a member or organisation a bulk load gives points to.
type PointSubject struct {
	ID      int64
	OrgID   int64
	OrgPath string
}

// MembersAfter returns up to limit members of a subtree with ids above afterID, by id, who
// are not expelled (keyset pages for bulk loads).
func (q *Q) MembersAfter(ctx context.Context, path string, afterID int64, limit int) ([]PointSubject, error) {
	args := []any{afterID, domain.StandingExpelled}
	clause := scopeClause("org_path", []string{path}, &args)
	args = append(args, limit)
	var out []PointSubject
	err := q.scanAll(ctx, `SELECT id, org_id, org_path FROM members WHERE id > $1 AND standing <> $2 AND left_on IS NULL AND `+clause+`
		ORDER BY id LIMIT `+placeholder(len(args)), args, func(rows *sql.Rows) error {
		var s PointSubject
		if err := rows.Scan(&s.ID, &s.OrgID, &s.OrgPath); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// BranchOrgs returns the branches (branch, joint and temporary) of a subtree as subjects.
func (q *Q) BranchOrgs(ctx context.Context, path string) ([]PointSubject, error) {
	args := []any{string(domain.OrgBranch), string(domain.OrgJointBranch), string(domain.OrgTemporaryBranch)}
	clause := scopeClause("path", []string{path}, &args)
	var out []PointSubject
	err := q.scanAll(ctx, `SELECT id, id, path FROM orgs WHERE type IN ($1, $2, $3) AND `+clause+` ORDER BY id`, args,
		func(rows *sql.Rows) error {
			var s PointSubject
			if err := rows.Scan(&s.ID, &s.OrgID, &s.OrgPath); err != nil {
				return err
			}
			out = append(out, s)
			return nil
		})
	return out, err
}

// Analyze refreshes the planner's statistics after a bulk load (both engines).
func (q *Q) Analyze(ctx context.Context) error {
	_, err := q.q.ExecContext(ctx, `ANALYZE`)
	return err
}
