package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// Tie rules of rankings (rule points.tie_rule).
const (
	TieCompetition   = "competition"    // 1, 2, 2, 4
	TieDense         = "dense"          // 1, 2, 2, 3
	TieEarliestFirst = "earliest_first" // who reached the score first ranks ahead: 1, 2, 3, 4
)

// RankQuery selects one ranking: the subjects of a type in a subtree, by their points of a
// year in one category, or in all categories together when Category is "". It reads
// point_totals (a category) or ranking_totals (the total), both kept by the posting's
// transaction, both carrying the subject's current organisation (see migration 00007).
type RankQuery struct {
	Year        int
	SubjectType string
	Category    string
	Path        string // the subtree's root path
}

// RankRow is one subject in a ranking.
type RankRow struct {
	SubjectID int64
	OrgID     int64
	Points    domain.Points
	UpdatedAt time.Time // when the points last changed: the earliest_first tie-break
}

// where returns the table and the WHERE clause of the ranking, with its arguments.
func (rq RankQuery) where(args *[]any) (table, where string) {
	*args = append(*args, rq.Year, rq.SubjectType)
	conds := []string{"t.year = $1", "t.subject_type = $2"}
	table = "ranking_totals"
	if rq.Category != "" {
		table = "point_totals"
		*args = append(*args, rq.Category)
		conds = append(conds, "t.category = "+placeholder(len(*args)))
	}
	conds = append(conds, scopeClause("t.org_path", []string{rq.Path}, args))
	return table, strings.Join(conds, " AND ")
}

// RankOrder is the order of every ranking: points, then who reached them first, then id, so
// pages are stable whatever the tie rule.
const RankOrder = "t.points DESC, t.updated_at, t.subject_id"

// RankPage returns limit subjects of the ranking from offset, best first. With walk set the
// page is read by walking the (year, type[, category], points …) index in ranking order and
// skipping subjects outside the subtree — right for the first pages of a large subtree,
// where sorting every subject of the subtree would cost more; without it the subtree's range
// of the org_path index is read and sorted — right for small subtrees and deep pages. SQLite
// is told which index to use (its planner cannot tell a branch from a district by the
// range alone); PostgreSQL's planner decides with its statistics.
func (q *Q) RankPage(ctx context.Context, rq RankQuery, offset, limit int, walk bool) ([]RankRow, error) {
	args := []any{}
	table, where := rq.where(&args)
	from := table + ` t`
	if _, lite := q.d.(sqliteDialect); lite {
		index := table + "_rank"
		if walk {
			index = table + "_order"
		}
		from = table + ` AS t INDEXED BY ` + index
	}
	args = append(args, limit, offset)
	text := `SELECT t.subject_id, t.org_id, t.points, t.updated_at FROM ` + from + ` WHERE ` + where +
		` ORDER BY ` + RankOrder + ` LIMIT ` + placeholder(len(args)-1) + ` OFFSET ` + placeholder(len(args))
	var out []RankRow
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var r RankRow
		if err := rows.Scan(&r.SubjectID, &r.OrgID, &r.Points, &r.UpdatedAt); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// RankOf returns one subject's row of the ranking, or ErrNoRows when it has none (no
// points that year, or not in the subtree).
func (q *Q) RankOf(ctx context.Context, rq RankQuery, subjectID int64) (*RankRow, error) {
	args := []any{}
	table, where := rq.where(&args)
	args = append(args, subjectID)
	var r RankRow
	err := q.q.QueryRowContext(ctx, `SELECT t.subject_id, t.org_id, t.points, t.updated_at FROM `+table+` t WHERE `+
		where+` AND t.subject_id = `+placeholder(len(args)), args...).Scan(&r.SubjectID, &r.OrgID, &r.Points, &r.UpdatedAt)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// CountAhead counts what decides a row's rank under a tie rule: the subjects strictly ahead
// (competition), the distinct scores above (dense), or the subjects before it in the
// ranking order (earliest_first). The rank is that count + 1. It walks the index range of the
// subtree (year, subject type[, category], org_path) and compares points inside the index,
// so the cost is that of reading the subtree's index entries, never the rows.
func (q *Q) CountAhead(ctx context.Context, rq RankQuery, tie string, r RankRow) (int, error) {
	args := []any{}
	table, where := rq.where(&args)
	args = append(args, int64(r.Points))
	p := placeholder(len(args))
	count := "COUNT(*)"
	cond := "t.points > " + p
	switch tie {
	case TieDense:
		count = "COUNT(DISTINCT t.points)"
	case TieEarliestFirst:
		args = append(args, r.UpdatedAt, r.SubjectID)
		u, id := placeholder(len(args)-1), placeholder(len(args))
		cond = "(t.points > " + p + " OR (t.points = " + p + " AND (t.updated_at < " + u + " OR (t.updated_at = " + u +
			" AND t.subject_id < " + id + "))))"
	}
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT `+count+` FROM `+table+` t WHERE `+where+` AND `+cond, args...).Scan(&n)
	return n, err
}

// CountRanked counts the subjects in the ranking.
func (q *Q) CountRanked(ctx context.Context, rq RankQuery) (int, error) {
	args := []any{}
	table, where := rq.where(&args)
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` t WHERE `+where, args...).Scan(&n)
	return n, err
}

// SubjectNames returns the names of members or organisations by id, and each one's
// organisation name (a member's branch; an organisation's own name).
func (q *Q) SubjectNames(ctx context.Context, subjectType string, ids []int64) (map[int64][2]string, error) {
	out := map[int64][2]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i] = id
		marks[i] = placeholder(i + 1)
	}
	text := `SELECT m.id, m.name, o.name FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id IN (` + strings.Join(marks, ",") + `)`
	if subjectType == domain.SubjectOrg {
		text = `SELECT o.id, o.name, o.name FROM orgs o WHERE o.id IN (` + strings.Join(marks, ",") + `)`
	}
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var id int64
		var name, org string
		if err := rows.Scan(&id, &name, &org); err != nil {
			return err
		}
		out[id] = [2]string{name, org}
		return nil
	})
	return out, err
}

// CategoryTotal is one row of point_totals.
type CategoryTotal struct {
	SubjectID int64
	OrgID     int64
	OrgPath   string
	Category  string
	Points    domain.Points
	Vetoes    int
	UpdatedAt time.Time
}

// SubtreeCategoryTotals streams the per-category totals of a year of the subjects of a type in
// a subtree, by subject id (for composite rankings, computed with each subject's rule).
func (q *Q) SubtreeCategoryTotals(ctx context.Context, year int, subjectType, path string, fn func(CategoryTotal) error) error {
	args := []any{year, subjectType}
	clause := scopeClause("t.org_path", []string{path}, &args)
	return q.scanAll(ctx, `SELECT t.subject_id, t.org_id, t.org_path, t.category, t.points, t.vetoes, t.updated_at
		FROM point_totals t WHERE t.year = $1 AND t.subject_type = $2 AND `+clause+` ORDER BY t.subject_id, t.category`,
		args, func(rows *sql.Rows) error {
			var c CategoryTotal
			if err := rows.Scan(&c.SubjectID, &c.OrgID, &c.OrgPath, &c.Category, &c.Points, &c.Vetoes, &c.UpdatedAt); err != nil {
				return err
			}
			return fn(c)
		})
}

// EligibleRow is a member among the first of their branch.
type EligibleRow struct {
	OrgID    int64
	MemberID int64
	Name     string
	Points   domain.Points
	Rank     int
}

// Eligible returns, for every branch (the organisation members belong to) in a subtree, its
// members with positive points in a year ranked within the branch under the tie rule, those
// ranked top or better: one window function partitioned by branch, on both engines. Expelled
// members are left out. Ordered by branch, rank, member id.
func (q *Q) Eligible(ctx context.Context, year int, path string, top int, tie string) ([]EligibleRow, error) {
	// RANK and DENSE_RANK tie on their whole ORDER BY, so they order by points alone;
	// ROW_NUMBER takes the full ranking order.
	fn := "RANK() OVER (PARTITION BY t.org_id ORDER BY t.points DESC)"
	switch tie {
	case TieDense:
		fn = "DENSE_RANK() OVER (PARTITION BY t.org_id ORDER BY t.points DESC)"
	case TieEarliestFirst:
		fn = "ROW_NUMBER() OVER (PARTITION BY t.org_id ORDER BY " + RankOrder + ")"
	}
	args := []any{year, domain.SubjectMember, domain.StandingExpelled}
	clause := scopeClause("t.org_path", []string{path}, &args)
	args = append(args, top)
	text := `SELECT org_id, subject_id, name, points, rk FROM (
		SELECT t.org_id, t.subject_id, m.name, t.points, t.updated_at, ` + fn + ` AS rk
		FROM ranking_totals t JOIN members m ON m.id = t.subject_id
		WHERE t.year = $1 AND t.subject_type = $2 AND t.points > 0 AND m.standing <> $3 AND m.left_on IS NULL AND ` + clause + `) x
		WHERE rk <= ` + placeholder(len(args)) + ` ORDER BY org_id, rk, updated_at, subject_id`
	var out []EligibleRow
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var r EligibleRow
		if err := rows.Scan(&r.OrgID, &r.MemberID, &r.Name, &r.Points, &r.Rank); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// OrgRef is an organisation's id, name and path.
type OrgRef struct {
	ID   int64
	Name string
	Path string
	Type string
}

// BranchesIn lists the organisations of a subtree that members belong to (branches, joint
// and temporary branches) and any other that has members of its own, in path order.
func (q *Q) BranchesIn(ctx context.Context, path string) ([]OrgRef, error) {
	args := []any{string(domain.OrgBranch), string(domain.OrgJointBranch), string(domain.OrgTemporaryBranch)}
	clause := scopeClause("o.path", []string{path}, &args)
	var out []OrgRef
	err := q.scanAll(ctx, `SELECT o.id, o.name, o.path, o.type FROM orgs o WHERE `+clause+` AND (o.type IN ($1, $2, $3)
		OR EXISTS (SELECT 1 FROM members m WHERE m.org_id = o.id)) ORDER BY o.path`, args, func(rows *sql.Rows) error {
		var r OrgRef
		if err := rows.Scan(&r.ID, &r.Name, &r.Path, &r.Type); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}
