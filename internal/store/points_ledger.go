package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// PointAccount is a subject's account row: the reward balance, how many entries it has, the
// last one, and a version that every posting increments.
type PointAccount struct {
	ID            int64
	SubjectType   string
	SubjectID     int64
	OrgID         int64
	OrgPath       string
	RewardBalance domain.Points
	Entries       int64
	LastEntryID   int64
	Version       int64
	UpdatedAt     time.Time
}

// sum is an integer SUM on both engines (PostgreSQL's SUM of BIGINT is NUMERIC).
func sum(expr string) string { return "CAST(COALESCE(SUM(" + expr + "), 0) AS BIGINT)" }

// LockPointAccount creates the subject's account row if needed and returns it locked: FOR
// UPDATE on PostgreSQL, where a second transaction posting for the same subject waits here
// until the first commits; on SQLite the write transaction is exclusive already. Every
// posting takes this lock first, so postings of one subject are serial on every instance.
func (q *Q) LockPointAccount(ctx context.Context, subjectType string, subjectID, orgID int64, orgPath string) (*PointAccount, error) {
	_, err := q.q.ExecContext(ctx, `INSERT INTO point_accounts (subject_type, subject_id, org_id, org_path, updated_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (subject_type, subject_id) DO NOTHING`, subjectType, subjectID, orgID, orgPath, now())
	if err != nil {
		return nil, err
	}
	return q.pointAccount(ctx, subjectType, subjectID, q.forUpdate())
}

// PointAccount returns a subject's account row, or ErrNoRows when it never had an entry.
func (q *Q) PointAccount(ctx context.Context, subjectType string, subjectID int64) (*PointAccount, error) {
	return q.pointAccount(ctx, subjectType, subjectID, "")
}

func (q *Q) pointAccount(ctx context.Context, subjectType string, subjectID int64, lock string) (*PointAccount, error) {
	var a PointAccount
	err := q.q.QueryRowContext(ctx, `SELECT id, subject_type, subject_id, org_id, org_path, reward_balance, entries,
		last_entry_id, version, updated_at FROM point_accounts WHERE subject_type = $1 AND subject_id = $2`+lock,
		subjectType, subjectID).Scan(&a.ID, &a.SubjectType, &a.SubjectID, &a.OrgID, &a.OrgPath, &a.RewardBalance,
		&a.Entries, &a.LastEntryID, &a.Version, &a.UpdatedAt)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// SavePointAccount stores the account after a posting: its balance, counters, the subject's
// current organisation, and the next version.
func (q *Q) SavePointAccount(ctx context.Context, a *PointAccount) error {
	a.Version++
	a.UpdatedAt = now()
	_, err := q.q.ExecContext(ctx, `UPDATE point_accounts SET reward_balance = $1, entries = $2, last_entry_id = $3,
		version = $4, org_id = $5, org_path = $6, updated_at = $7 WHERE id = $8`, int64(a.RewardBalance), a.Entries,
		a.LastEntryID, a.Version, a.OrgID, a.OrgPath, a.UpdatedAt, a.ID)
	return err
}

const entryColumns = `e.id, e.subject_type, e.subject_id, e.org_id, e.org_path, e.year, e.category,
	COALESCE(e.indicator_id, 0), COALESCE(i.code, ''), e.source, e.source_ref, COALESCE(e.claim_id, 0),
	COALESCE(e.reverses_id, 0), COALESCE((SELECT r.id FROM point_entries r WHERE r.reverses_id = e.id), 0),
	COALESCE(e.dedup_key, ''), e.quantity, e.requested, e.points, e.appraisal, e.reward, e.appraisal_after,
	e.reward_after, e.capped, e.veto, e.occurred_on, COALESCE(e.awarded_by, 0), e.awarded_by_name,
	COALESCE(e.approved_by, 0), e.approved_by_name, e.note, e.created_at`

const entryFrom = ` FROM point_entries e LEFT JOIN point_indicators i ON i.id = e.indicator_id`

func scanEntry(row interface{ Scan(...any) error }, e *domain.PointEntry) error {
	return row.Scan(&e.ID, &e.SubjectType, &e.SubjectID, &e.OrgID, &e.OrgPath, &e.Year, &e.Category, &e.IndicatorID,
		&e.IndicatorCode, &e.Source, &e.SourceRef, &e.ClaimID, &e.ReversesID, &e.ReversedByID, &e.DedupKey, &e.Quantity,
		&e.Requested, &e.Points, &e.Appraisal, &e.Reward, &e.AppraisalAfter, &e.RewardAfter, &e.Capped, &e.Veto,
		&e.OccurredOn, &e.AwardedBy, &e.AwardedByName, &e.ApprovedBy, &e.ApprovedByName, &e.Note, &e.CreatedAt)
}

// PointEntry returns one entry, or ErrNoRows.
func (q *Q) PointEntry(ctx context.Context, id int64) (*domain.PointEntry, error) {
	var e domain.PointEntry
	if err := scanEntry(q.q.QueryRowContext(ctx, `SELECT `+entryColumns+entryFrom+` WHERE e.id = $1`, id), &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// PointEntryByDedup returns the subject's entry with a de-duplication key, or ErrNoRows.
func (q *Q) PointEntryByDedup(ctx context.Context, subjectType string, subjectID int64, key string) (*domain.PointEntry, error) {
	var e domain.PointEntry
	err := scanEntry(q.q.QueryRowContext(ctx, `SELECT `+entryColumns+entryFrom+`
		WHERE e.subject_type = $1 AND e.subject_id = $2 AND e.dedup_key = $3`, subjectType, subjectID, key), &e)
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// PointEntryFilter selects a subject's entries, newest first.
type PointEntryFilter struct {
	SubjectType string
	SubjectID   int64
	Year        int // 0: all years
	BeforeID    int64
	Limit       int
}

// PointEntries lists entries newest first (keyset paging on BeforeID).
func (q *Q) PointEntries(ctx context.Context, f PointEntryFilter) ([]domain.PointEntry, error) {
	args := []any{f.SubjectType, f.SubjectID}
	where := []string{"e.subject_type = $1", "e.subject_id = $2"}
	if f.Year != 0 {
		args = append(args, f.Year)
		where = append(where, "e.year = "+placeholder(len(args)))
	}
	if f.BeforeID != 0 {
		args = append(args, f.BeforeID)
		where = append(where, "e.id < "+placeholder(len(args)))
	}
	text := `SELECT ` + entryColumns + entryFrom + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY e.id DESC`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		text += " LIMIT " + placeholder(len(args))
	}
	var out []domain.PointEntry
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var e domain.PointEntry
		if err := scanEntry(rows, &e); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// PointsInPeriod sums the points a subject got under an item (all its versions) for things
// that happened in [from, to): what the caps compare against. Reversals count negatively, so
// a reversed award frees its room.
func (q *Q) PointsInPeriod(ctx context.Context, subjectType string, subjectID, seriesID int64, from, to domain.Date) (domain.Points, error) {
	var p domain.Points
	err := q.q.QueryRowContext(ctx, `SELECT `+sum("points")+` FROM point_entries WHERE subject_type = $1
		AND subject_id = $2 AND series_id = $3 AND occurred_on >= $4 AND occurred_on < $5`,
		subjectType, subjectID, seriesID, from, to).Scan(&p)
	return p, err
}

// QuantityInYear sums the quantity a subject logged under an item in a year (welfare hours).
func (q *Q) QuantityInYear(ctx context.Context, subjectType string, subjectID, seriesID int64, year int) (domain.Points, error) {
	var p domain.Points
	err := q.q.QueryRowContext(ctx, `SELECT `+sum("quantity")+` FROM point_entries WHERE subject_type = $1
		AND subject_id = $2 AND series_id = $3 AND year = $4`, subjectType, subjectID, seriesID, year).Scan(&p)
	return p, err
}

// PointTotals returns a subject's appraisal points of a year by category, and its veto count.
func (q *Q) PointTotals(ctx context.Context, subjectType string, subjectID int64, year int) (map[string]domain.Points, int, error) {
	out := map[string]domain.Points{}
	vetoes := 0
	err := q.scanAll(ctx, `SELECT category, points, vetoes FROM point_totals WHERE subject_type = $1 AND subject_id = $2
		AND year = $3`, []any{subjectType, subjectID, year}, func(rows *sql.Rows) error {
		var c string
		var p domain.Points
		var v int
		if err := rows.Scan(&c, &p, &v); err != nil {
			return err
		}
		out[c] = p
		vetoes += v
		return nil
	})
	return out, vetoes, err
}

// InsertPointEntry appends an entry and sets its ID and CreatedAt. An empty DedupKey is stored
// as NULL (no de-duplication); zero ids as NULL.
func (q *Q) InsertPointEntry(ctx context.Context, e *domain.PointEntry, seriesID int64) error {
	e.CreatedAt = now()
	var dedup any
	if e.DedupKey != "" {
		dedup = e.DedupKey
	}
	return q.q.QueryRowContext(ctx, `INSERT INTO point_entries (subject_type, subject_id, org_id, org_path, year, category,
		indicator_id, series_id, source, source_ref, claim_id, reverses_id, dedup_key, quantity, requested, points,
		appraisal, reward, appraisal_after, reward_after, capped, veto, occurred_on, awarded_by, awarded_by_name,
		approved_by, approved_by_name, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
		$14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29) RETURNING id`,
		e.SubjectType, e.SubjectID, e.OrgID, e.OrgPath, e.Year, e.Category, nullInt(e.IndicatorID), seriesID, e.Source,
		e.SourceRef, nullInt(e.ClaimID), nullInt(e.ReversesID), dedup, int64(e.Quantity), int64(e.Requested),
		int64(e.Points), int64(e.Appraisal), int64(e.Reward), int64(e.AppraisalAfter), int64(e.RewardAfter), e.Capped,
		e.Veto, e.OccurredOn, nullInt(e.AwardedBy), e.AwardedByName, nullInt(e.ApprovedBy), e.ApprovedByName, e.Note,
		e.CreatedAt).Scan(&e.ID)
}

// AddPointTotal adds an entry's appraisal points (and veto, ±1) to its subject's row of the
// year and category, creating the row on first use.
func (q *Q) AddPointTotal(ctx context.Context, e *domain.PointEntry, vetoes int) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO point_totals (subject_type, subject_id, year, category, org_id, org_path,
		points, vetoes, entries, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9)
		ON CONFLICT (subject_type, subject_id, year, category) DO UPDATE SET points = point_totals.points + excluded.points,
		vetoes = point_totals.vetoes + excluded.vetoes, entries = point_totals.entries + 1, org_id = excluded.org_id,
		org_path = excluded.org_path, updated_at = excluded.updated_at`,
		e.SubjectType, e.SubjectID, e.Year, e.Category, e.OrgID, e.OrgPath, int64(e.Appraisal), vetoes, now())
	return err
}
