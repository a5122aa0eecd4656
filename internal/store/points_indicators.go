package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"dangjian/internal/domain"
)

const indicatorColumns = `i.id, i.series_id, i.version, i.org_id, o.path, o.name, i.year, i.code, i.name, i.category,
	i.subject_type, i.points, i.unit, i.cap_day, i.cap_week, i.cap_month, i.cap_quarter, i.cap_year, i.needs_evidence,
	i.needs_approval, i.deduction, i.veto, i.appraisal_only, i.welfare, i.grades, i.dedup_template, i.award_roles,
	i.valid_from, i.valid_to, i.created_by, i.created_at,
	(EXISTS (SELECT 1 FROM point_entries e WHERE e.indicator_id = i.id)
	 OR EXISTS (SELECT 1 FROM point_claims c WHERE c.indicator_id = i.id))`

const indicatorFrom = ` FROM point_indicators i JOIN orgs o ON o.id = i.org_id`

func scanIndicator(row interface{ Scan(...any) error }, ind *domain.Indicator) error {
	var caps [5]sql.NullInt64
	var grades, roles string
	err := row.Scan(&ind.ID, &ind.SeriesID, &ind.Version, &ind.OrgID, &ind.OrgPath, &ind.OrgName, &ind.Year, &ind.Code,
		&ind.Name, &ind.Category, &ind.SubjectType, &ind.Points, &ind.Unit, &caps[0], &caps[1], &caps[2], &caps[3], &caps[4],
		&ind.NeedsEvidence, &ind.NeedsApproval, &ind.Deduction, &ind.Veto, &ind.AppraisalOnly, &ind.Welfare, &grades,
		&ind.DedupTemplate, &roles, &ind.ValidFrom, &ind.ValidTo, &ind.CreatedBy, &ind.CreatedAt, &ind.Used)
	if err != nil {
		return err
	}
	ptrs := []**domain.Points{&ind.Caps.Day, &ind.Caps.Week, &ind.Caps.Month, &ind.Caps.Quarter, &ind.Caps.Year}
	for i, c := range caps {
		*ptrs[i] = nil
		if c.Valid {
			p := domain.Points(c.Int64)
			*ptrs[i] = &p
		}
	}
	if err := json.Unmarshal([]byte(grades), &ind.Grades); err != nil {
		return err
	}
	return json.Unmarshal([]byte(roles), &ind.AwardRoles)
}

func capValue(p *domain.Points) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func indicatorValues(ind *domain.Indicator) []any {
	grades, _ := json.Marshal(ind.Grades)
	if ind.Grades == nil {
		grades = []byte("[]")
	}
	roles, _ := json.Marshal(ind.AwardRoles)
	if ind.AwardRoles == nil {
		roles = []byte("[]")
	}
	return []any{ind.Name, ind.Category, ind.SubjectType, int64(ind.Points), ind.Unit, capValue(ind.Caps.Day),
		capValue(ind.Caps.Week), capValue(ind.Caps.Month), capValue(ind.Caps.Quarter), capValue(ind.Caps.Year),
		ind.NeedsEvidence, ind.NeedsApproval, ind.Deduction, ind.Veto, ind.AppraisalOnly, ind.Welfare, string(grades),
		ind.DedupTemplate, string(roles)}
}

// Indicator returns one indicator version (locked inside a write transaction), or ErrNoRows.
func (q *Q) Indicator(ctx context.Context, id int64) (*domain.Indicator, error) {
	var ind domain.Indicator
	lock := ""
	if q.forUpdate() != "" {
		lock = " FOR UPDATE OF i"
	}
	if err := scanIndicator(q.q.QueryRowContext(ctx, `SELECT `+indicatorColumns+indicatorFrom+` WHERE i.id = $1`+lock, id), &ind); err != nil {
		return nil, err
	}
	return &ind, nil
}

// IndicatorFilter selects indicator versions. OwnerIDs limits to items owned by these
// organisations (an org and its ancestors: the effective "1 + X" catalogue); Under to items
// owned inside a subtree. On selects the versions in force that day; without it, Open selects
// the versions without an end (the current ones).
type IndicatorFilter struct {
	OwnerIDs    []int64
	Under       string
	Year        int
	SubjectType string
	Code        string
	SeriesID    int64
	On          domain.Date
	Open        bool
}

// Indicators lists indicator versions by owner depth (inherited first), then code and version.
func (q *Q) Indicators(ctx context.Context, f IndicatorFilter) ([]domain.Indicator, error) {
	args := []any{}
	var where []string
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", placeholder(len(args))))
	}
	if f.OwnerIDs != nil {
		if len(f.OwnerIDs) == 0 {
			return nil, nil
		}
		list, ids := idListFrom(f.OwnerIDs, len(args))
		args = append(args, ids...)
		where = append(where, "i.org_id IN ("+list+")")
	}
	if f.Under != "" {
		where = append(where, scopeClause("o.path", []string{f.Under}, &args))
	}
	if f.Year != 0 {
		add("i.year = ?", f.Year)
	}
	if f.SubjectType != "" {
		add("i.subject_type = ?", f.SubjectType)
	}
	if f.Code != "" {
		add("i.code = ?", f.Code)
	}
	if f.SeriesID != 0 {
		add("i.series_id = ?", f.SeriesID)
	}
	if !f.On.IsZero() {
		add("i.valid_from <= ?", f.On)
		add("(i.valid_to IS NULL OR i.valid_to > ?)", f.On)
	} else if f.Open {
		where = append(where, "i.valid_to IS NULL")
	}
	text := `SELECT ` + indicatorColumns + indicatorFrom
	if len(where) > 0 {
		text += ` WHERE ` + strings.Join(where, " AND ")
	}
	text += ` ORDER BY o.depth, i.code, i.version`
	var out []domain.Indicator
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var ind domain.Indicator
		if err := scanIndicator(rows, &ind); err != nil {
			return err
		}
		out = append(out, ind)
		return nil
	})
	return out, err
}

// idListFrom is "$n+1,$n+2,…" for ids after n earlier arguments.
func idListFrom(ids []int64, n int) (string, []any) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i] = placeholder(n + i + 1)
		args[i] = id
	}
	return strings.Join(marks, ","), args
}

// InsertIndicator stores a new version and sets its ID (and SeriesID for a first version).
func (q *Q) InsertIndicator(ctx context.Context, ind *domain.Indicator) error {
	ind.CreatedAt = now()
	args := append([]any{ind.SeriesID, ind.Version, ind.OrgID, ind.Year, ind.Code}, indicatorValues(ind)...)
	args = append(args, ind.ValidFrom, ind.ValidTo, ind.CreatedBy, ind.CreatedAt)
	err := q.q.QueryRowContext(ctx, `INSERT INTO point_indicators (series_id, version, org_id, year, code, name, category,
		subject_type, points, unit, cap_day, cap_week, cap_month, cap_quarter, cap_year, needs_evidence, needs_approval,
		deduction, veto, appraisal_only, welfare, grades, dedup_template, award_roles, valid_from, valid_to, created_by,
		created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
		$22, $23, $24, $25, $26, $27, $28) RETURNING id`, args...).Scan(&ind.ID)
	if err != nil {
		return err
	}
	if ind.SeriesID == 0 {
		ind.SeriesID = ind.ID
		_, err = q.q.ExecContext(ctx, `UPDATE point_indicators SET series_id = id WHERE id = $1`, ind.ID)
	}
	return err
}

// UpdateIndicatorUnused changes a version in place. The service calls it only for a version
// that nothing references yet; the WHERE clause repeats that check so a racing claim cannot
// slip under an edit (it reports false when the version became used).
func (q *Q) UpdateIndicatorUnused(ctx context.Context, ind *domain.Indicator) (bool, error) {
	args := append(indicatorValues(ind), ind.ValidFrom, ind.ID)
	res, err := q.q.ExecContext(ctx, `UPDATE point_indicators SET name = $1, category = $2, subject_type = $3,
		points = $4, unit = $5, cap_day = $6, cap_week = $7, cap_month = $8, cap_quarter = $9, cap_year = $10,
		needs_evidence = $11, needs_approval = $12, deduction = $13, veto = $14, appraisal_only = $15, welfare = $16,
		grades = $17, dedup_template = $18, award_roles = $19, valid_from = $20
		WHERE id = $21 AND NOT EXISTS (SELECT 1 FROM point_entries e WHERE e.indicator_id = $21)
		AND NOT EXISTS (SELECT 1 FROM point_claims c WHERE c.indicator_id = $21)`, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CloseIndicator ends a version's validity on a day (exclusive).
func (q *Q) CloseIndicator(ctx context.Context, id int64, validTo domain.Date) error {
	_, err := q.q.ExecContext(ctx, `UPDATE point_indicators SET valid_to = $1 WHERE id = $2`, validTo, id)
	return err
}

// IndicatorCodeTaken reports whether another item (series) of the year already uses code in
// the catalogue of an organisation's ancestors, itself or its descendants: with "1 + X", a
// code must name one item wherever it is visible.
func (q *Q) IndicatorCodeTaken(ctx context.Context, orgPath string, year int, code string, exceptSeries int64) (bool, error) {
	args := []any{year, code, exceptSeries}
	ancestors, ids := idListFrom(domain.PathIDs(orgPath), len(args))
	args = append(args, ids...)
	cond := "i.org_id IN (" + ancestors + ")"
	if len(ids) == 0 {
		cond = "1 = 0"
	}
	cond += " OR " + scopeClause("o.path", []string{orgPath}, &args)
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*)`+indicatorFrom+` WHERE i.year = $1 AND i.code = $2
		AND i.series_id <> $3 AND (`+cond+`)`, args...).Scan(&n)
	return n > 0, err
}
