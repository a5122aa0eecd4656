package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// Rating run statuses.
const (
	RatingQueued    = "queued"
	RatingRunning   = "running"
	RatingComputed  = "computed"
	RatingFailed    = "failed"
	RatingPublished = "published"
)

// RatingRun is one row of rating_runs (see migration 00007): year Y's rating of an
// organisation's subtree. OrgPath and OrgName are the organisation's current ones.
type RatingRun struct {
	ID              int64
	Year            int
	OrgID           int64
	OrgPath         string
	OrgName         string
	Status          string
	JobID           int64
	Generation      int
	TotalSubjects   int
	Processed       int
	Error           string
	StartedBy       int64
	StartedByName   string
	StartedAt       *time.Time
	ComputedAt      *time.Time
	PublishedBy     int64
	PublishedByName string
	PublishedAt     *time.Time
	PublishedLate   bool
	LateReason      string
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

const ratingRunColumns = `r.id, r.year, r.org_id, o.path, o.name, r.status, COALESCE(r.job_id, 0), r.generation,
	r.total_subjects, r.processed, r.error, COALESCE(r.started_by, 0), r.started_by_name, r.started_at, r.computed_at,
	COALESCE(r.published_by, 0), r.published_by_name, r.published_at, r.published_late, r.late_reason, r.created_at,
	r.updated_at`

func scanRatingRun(row interface{ Scan(...any) error }, r *RatingRun) error {
	var started, computed, published sql.NullTime
	err := row.Scan(&r.ID, &r.Year, &r.OrgID, &r.OrgPath, &r.OrgName, &r.Status, &r.JobID, &r.Generation,
		&r.TotalSubjects, &r.Processed, &r.Error, &r.StartedBy, &r.StartedByName, &started, &computed, &r.PublishedBy,
		&r.PublishedByName, &published, &r.PublishedLate, &r.LateReason, &r.CreatedAt, &r.UpdatedAt)
	r.StartedAt, r.ComputedAt, r.PublishedAt = nullTime(started), nullTime(computed), nullTime(published)
	return err
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}

func timeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// RatingRun returns a run by id, or ErrNoRows; locked in a PostgreSQL write transaction.
func (q *Q) RatingRun(ctx context.Context, id int64) (*RatingRun, error) {
	var r RatingRun
	err := scanRatingRun(q.q.QueryRowContext(ctx, `SELECT `+ratingRunColumns+` FROM rating_runs r JOIN orgs o ON o.id = r.org_id
		WHERE r.id = $1`+q.forUpdateOf("r"), id), &r)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// RatingRunFor returns the run of a year and organisation, or ErrNoRows; locked in a
// PostgreSQL write transaction.
func (q *Q) RatingRunFor(ctx context.Context, year int, orgID int64) (*RatingRun, error) {
	var r RatingRun
	err := scanRatingRun(q.q.QueryRowContext(ctx, `SELECT `+ratingRunColumns+` FROM rating_runs r JOIN orgs o ON o.id = r.org_id
		WHERE r.year = $1 AND r.org_id = $2`+q.forUpdateOf("r"), year, orgID), &r)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// forUpdateOf locks only the rows of one table of a join (PostgreSQL refuses a plain FOR
// UPDATE on some joins and would lock the organisation too).
func (q *Q) forUpdateOf(alias string) string {
	if s := q.forUpdate(); s != "" {
		return s + " OF " + alias
	}
	return ""
}

// RatingRunsOverlapping lists the runs of a year whose subtree contains path or lies inside
// it, by the organisations' current paths.
func (q *Q) RatingRunsOverlapping(ctx context.Context, year int, path string) ([]RatingRun, error) {
	var out []RatingRun
	err := q.scanAll(ctx, `SELECT `+ratingRunColumns+` FROM rating_runs r JOIN orgs o ON o.id = r.org_id
		WHERE r.year = $1 AND (SUBSTR($2, 1, LENGTH(o.path)) = o.path OR SUBSTR(o.path, 1, LENGTH($2)) = $2)
		ORDER BY o.path`, []any{year, path}, func(rows *sql.Rows) error {
		var r RatingRun
		if err := scanRatingRun(rows, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// YearClosed reports whether year's ratings were published for a subtree holding the
// organisation at path: postings of that year to its subjects are refused from then on. In a
// PostgreSQL write transaction it takes a share lock on the year's runs covering path, which
// Publish's row lock conflicts with: a posting and a publication of the same subtree cannot
// both commit without one seeing the other (SQLite's writer is exclusive anyway).
func (q *Q) YearClosed(ctx context.Context, year int, path string) (bool, error) {
	lock := ""
	if _, pg := q.d.(postgresDialect); pg && q.tx {
		lock = " FOR SHARE OF r"
	}
	closed := false
	err := q.scanAll(ctx, `SELECT r.status FROM rating_runs r JOIN orgs o ON o.id = r.org_id
		WHERE r.year = $1 AND SUBSTR($2, 1, LENGTH(o.path)) = o.path`+lock, []any{year, path}, func(rows *sql.Rows) error {
		var st string
		if err := rows.Scan(&st); err != nil {
			return err
		}
		closed = closed || st == RatingPublished
		return nil
	})
	return closed, err
}

// PointTotalsChangedSince reports whether a posting of year reached a subject in the
// subtree after t (the results computed at t are stale).
func (q *Q) PointTotalsChangedSince(ctx context.Context, year int, path string, t time.Time) (bool, error) {
	args := []any{year, t}
	clause := scopeClause("org_path", []string{path}, &args)
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM point_totals WHERE year = $1 AND updated_at > $2 AND `+clause,
		args...).Scan(&n)
	return n > 0, err
}

// InsertRatingRun inserts r and sets its ID.
func (q *Q) InsertRatingRun(ctx context.Context, r *RatingRun) error {
	r.CreatedAt = now()
	r.UpdatedAt = r.CreatedAt
	return q.q.QueryRowContext(ctx, `INSERT INTO rating_runs (year, org_id, status, job_id, generation, total_subjects,
		processed, error, started_by, started_by_name, started_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		r.Year, r.OrgID, r.Status, nullInt(r.JobID), r.Generation, r.TotalSubjects, r.Processed, r.Error,
		nullInt(r.StartedBy), r.StartedByName, timeArg(r.StartedAt), r.CreatedAt).Scan(&r.ID)
}

// SaveRatingRun stores every changeable field of r.
func (q *Q) SaveRatingRun(ctx context.Context, r *RatingRun) error {
	r.UpdatedAt = now()
	_, err := q.q.ExecContext(ctx, `UPDATE rating_runs SET status = $1, job_id = $2, generation = $3, total_subjects = $4,
		processed = $5, error = $6, started_by = $7, started_by_name = $8, started_at = $9, computed_at = $10,
		published_by = $11, published_by_name = $12, published_at = $13, published_late = $14, late_reason = $15,
		updated_at = $16 WHERE id = $17`, r.Status, nullInt(r.JobID), r.Generation, r.TotalSubjects, r.Processed,
		r.Error, nullInt(r.StartedBy), r.StartedByName, timeArg(r.StartedAt), timeArg(r.ComputedAt), nullInt(r.PublishedBy),
		r.PublishedByName, timeArg(r.PublishedAt), r.PublishedLate, r.LateReason, r.UpdatedAt, r.ID)
	return err
}

// SetRatingProgress records how far a computation got.
func (q *Q) SetRatingProgress(ctx context.Context, runID int64, processed int) error {
	_, err := q.q.ExecContext(ctx, `UPDATE rating_runs SET processed = $1, updated_at = $2 WHERE id = $3`, processed, now(), runID)
	return err
}

// RatingResult is one subject's result in a run.
type RatingResult struct {
	RunID             int64
	SubjectType       string
	SubjectID         int64
	OrgID             int64
	OrgPath           string
	Name              string
	Total             domain.Points
	Composite         domain.Points
	Vetoes            int
	Stars             int
	FinalComposite    *domain.Points
	FinalStars        *int
	CalibratedBy      int64
	CalibratedByName  string
	CalibratedAt      *time.Time
	CalibrationReason string
}

var ratingResultColumns = []string{"run_id", "subject_type", "subject_id", "org_id", "org_path", "name", "total",
	"composite", "vetoes", "stars", "generation"}

// UpsertRatingResults writes computed results of generation gen: new subjects are inserted;
// known ones get the new computed values and keep their calibration.
func (q *Q) UpsertRatingResults(ctx context.Context, gen int, rows []RatingResult) error {
	cols := ratingResultColumns
	per := min(maxRows, maxParams/len(cols))
	args := make([]any, 0, per*len(cols))
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r.RunID, r.SubjectType, r.SubjectID, r.OrgID, r.OrgPath, r.Name, int64(r.Total),
				int64(r.Composite), r.Vetoes, r.Stars, gen)
		}
		text := `INSERT INTO rating_results (` + strings.Join(cols, ", ") + `) VALUES ` +
			valuesList(len(chunk), len(cols), q.anonymous()) + ` ON CONFLICT (run_id, subject_type, subject_id) DO UPDATE SET
			org_id = excluded.org_id, org_path = excluded.org_path, name = excluded.name, total = excluded.total,
			composite = excluded.composite, vetoes = excluded.vetoes, stars = excluded.stars, generation = excluded.generation`
		if _, err := q.q.ExecContext(ctx, text, args...); err != nil {
			return err
		}
	}
	return nil
}

// DeleteStaleRatingResults removes the results a computation of generation gen did not
// write (subjects no longer in the subtree).
func (q *Q) DeleteStaleRatingResults(ctx context.Context, runID int64, gen int) error {
	_, err := q.q.ExecContext(ctx, `DELETE FROM rating_results WHERE run_id = $1 AND generation <> $2`, runID, gen)
	return err
}

const ratingResultSelect = `SELECT run_id, subject_type, subject_id, org_id, org_path, name, total, composite, vetoes,
	stars, final_composite, final_stars, COALESCE(calibrated_by, 0), calibrated_by_name, calibrated_at, calibration_reason
	FROM rating_results`

func scanRatingResult(row interface{ Scan(...any) error }, r *RatingResult) error {
	var fc, fs sql.NullInt64
	var at sql.NullTime
	err := row.Scan(&r.RunID, &r.SubjectType, &r.SubjectID, &r.OrgID, &r.OrgPath, &r.Name, &r.Total, &r.Composite,
		&r.Vetoes, &r.Stars, &fc, &fs, &r.CalibratedBy, &r.CalibratedByName, &at, &r.CalibrationReason)
	if fc.Valid {
		p := domain.Points(fc.Int64)
		r.FinalComposite = &p
	}
	if fs.Valid {
		s := int(fs.Int64)
		r.FinalStars = &s
	}
	r.CalibratedAt = nullTime(at)
	return err
}

// RatingResultOf returns one subject's result in a run, or ErrNoRows.
func (q *Q) RatingResultOf(ctx context.Context, runID int64, subjectType string, subjectID int64) (*RatingResult, error) {
	var r RatingResult
	err := scanRatingResult(q.q.QueryRowContext(ctx, ratingResultSelect+` WHERE run_id = $1 AND subject_type = $2
		AND subject_id = $3`+q.forUpdate(), runID, subjectType, subjectID), &r)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// RatingResultFilter selects results of a run for review.
type RatingResultFilter struct {
	RunID       int64
	SubjectType string // "" both
	Path        string // "" the whole run
	Stars       *int   // final stars (the calibrated value, else the computed one)
	Calibrated  bool   // only calibrated results
	Offset      int
	Limit       int
}

// RatingResults lists results by final composite, best first.
func (q *Q) RatingResults(ctx context.Context, f RatingResultFilter) ([]RatingResult, error) {
	args := []any{f.RunID}
	where := []string{"run_id = $1"}
	if f.SubjectType != "" {
		args = append(args, f.SubjectType)
		where = append(where, "subject_type = "+placeholder(len(args)))
	}
	if f.Path != "" {
		where = append(where, scopeClause("org_path", []string{f.Path}, &args))
	}
	if f.Stars != nil {
		args = append(args, *f.Stars)
		where = append(where, "COALESCE(final_stars, stars) = "+placeholder(len(args)))
	}
	if f.Calibrated {
		where = append(where, "calibrated_at IS NOT NULL")
	}
	args = append(args, f.Limit, f.Offset)
	var out []RatingResult
	err := q.scanAll(ctx, ratingResultSelect+` WHERE `+strings.Join(where, " AND ")+`
		ORDER BY COALESCE(final_composite, composite) DESC, subject_type, subject_id LIMIT `+placeholder(len(args)-1)+
		` OFFSET `+placeholder(len(args)), args, func(rows *sql.Rows) error {
		var r RatingResult
		if err := scanRatingResult(rows, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// StarCounts counts a run's results by final stars (calibrated, else computed) per subject
// type: counts[type][stars].
func (q *Q) StarCounts(ctx context.Context, runID int64) (map[string]map[int]int, error) {
	out := map[string]map[int]int{}
	err := q.scanAll(ctx, `SELECT subject_type, COALESCE(final_stars, stars), COUNT(*) FROM rating_results WHERE run_id = $1
		GROUP BY subject_type, COALESCE(final_stars, stars)`, []any{runID}, func(rows *sql.Rows) error {
		var t string
		var s, n int
		if err := rows.Scan(&t, &s, &n); err != nil {
			return err
		}
		if out[t] == nil {
			out[t] = map[int]int{}
		}
		out[t][s] = n
		return nil
	})
	return out, err
}

// CalibrateRatingResult sets a result's final values with who and why (nil values clear
// the calibration back to the computed ones).
func (q *Q) CalibrateRatingResult(ctx context.Context, r *RatingResult) error {
	var fc, fs any
	if r.FinalComposite != nil {
		fc = int64(*r.FinalComposite)
	}
	if r.FinalStars != nil {
		fs = *r.FinalStars
	}
	_, err := q.q.ExecContext(ctx, `UPDATE rating_results SET final_composite = $1, final_stars = $2, calibrated_by = $3,
		calibrated_by_name = $4, calibrated_at = $5, calibration_reason = $6 WHERE run_id = $7 AND subject_type = $8
		AND subject_id = $9`, fc, fs, nullInt(r.CalibratedBy), r.CalibratedByName, timeArg(r.CalibratedAt),
		r.CalibrationReason, r.RunID, r.SubjectType, r.SubjectID)
	return err
}

// RatingSubject is a member or organisation to rate, with its points of the year.
type RatingSubject struct {
	Type    string
	ID      int64
	OrgID   int64
	OrgPath string
	Name    string
	Totals  map[string]domain.Points
	Vetoes  int
}

// CountRatingSubjects counts the subjects a rating of a subtree covers: the organisations
// below its root (party groups excepted: they are not rated) and the members in it who are
// not expelled.
func (q *Q) CountRatingSubjects(ctx context.Context, path string) (int, error) {
	args := []any{path, string(domain.OrgGroup)}
	clause := scopeClause("o.path", []string{path}, &args)
	var orgs, members int
	if err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs o WHERE o.path <> $1 AND o.type <> $2 AND `+clause,
		args...).Scan(&orgs); err != nil {
		return 0, err
	}
	args = []any{domain.StandingExpelled}
	clause = scopeClause("m.org_path", []string{path}, &args)
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM members m WHERE m.standing <> $1 AND m.left_on IS NULL AND `+clause, args...).Scan(&members)
	return orgs + members, err
}

// RatingSubjects streams the subjects of CountRatingSubjects with their totals of a year by
// category: organisations first, then members, each in id order. fn must not use q.
func (q *Q) RatingSubjects(ctx context.Context, year int, path string, fn func(*RatingSubject) error) error {
	args := []any{year, domain.SubjectOrg, path, string(domain.OrgGroup)}
	clause := scopeClause("o.path", []string{path}, &args)
	err := q.streamSubjects(ctx, domain.SubjectOrg, `SELECT o.id, o.id, o.path, o.name, t.category, t.points, t.vetoes
		FROM orgs o LEFT JOIN point_totals t ON t.subject_type = $2 AND t.subject_id = o.id AND t.year = $1
		WHERE o.path <> $3 AND o.type <> $4 AND `+clause+` ORDER BY o.id`, args, fn)
	if err != nil {
		return err
	}
	args = []any{year, domain.SubjectMember, domain.StandingExpelled}
	clause = scopeClause("m.org_path", []string{path}, &args)
	return q.streamSubjects(ctx, domain.SubjectMember, `SELECT m.id, m.org_id, m.org_path, m.name, t.category, t.points,
		t.vetoes FROM members m LEFT JOIN point_totals t ON t.subject_type = $2 AND t.subject_id = m.id AND t.year = $1
		WHERE m.standing <> $3 AND m.left_on IS NULL AND `+clause+` ORDER BY m.id`, args, fn)
}

// streamSubjects folds rows (one per subject and category, or one without totals) into
// subjects.
func (q *Q) streamSubjects(ctx context.Context, typ, text string, args []any, fn func(*RatingSubject) error) error {
	var cur *RatingSubject
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var id, orgID int64
		var path, name string
		var cat sql.NullString
		var pts, vetoes sql.NullInt64
		if err := rows.Scan(&id, &orgID, &path, &name, &cat, &pts, &vetoes); err != nil {
			return err
		}
		if cur == nil || cur.ID != id {
			if cur != nil {
				if err := fn(cur); err != nil {
					return err
				}
			}
			cur = &RatingSubject{Type: typ, ID: id, OrgID: orgID, OrgPath: path, Name: name, Totals: map[string]domain.Points{}}
		}
		if cat.Valid {
			cur.Totals[cat.String] = domain.Points(pts.Int64)
			cur.Vetoes += int(vetoes.Int64)
		}
		return nil
	})
	if err == nil && cur != nil {
		err = fn(cur)
	}
	return err
}

// RuleRow is one row of the rules table.
type RuleRow struct {
	OrgID     int64 // 0: the global row
	Value     string
	ValidFrom domain.Date
	ID        int64
}

// RulesInForce returns every row of a rule key in force on a day (global and per
// organisation), for resolving the rule of many organisations without a query each.
func (q *Q) RulesInForce(ctx context.Context, key string, on domain.Date) ([]RuleRow, error) {
	var out []RuleRow
	err := q.scanAll(ctx, `SELECT COALESCE(org_id, 0), value, valid_from, id FROM rules WHERE key = $1 AND valid_from <= $2
		AND (valid_to IS NULL OR valid_to > $2) ORDER BY valid_from, id`, []any{key, on}, func(rows *sql.Rows) error {
		var r RuleRow
		if err := rows.Scan(&r.OrgID, &r.Value, &r.ValidFrom, &r.ID); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}
