package store

import (
	"context"
	"database/sql"
	"strings"

	"dangjian/internal/domain"
)

const orgColumns = `o.id, COALESCE(o.parent_id, 0), o.path, o.depth, o.name, o.type, o.code, o.unit_name,
	o.unit_credit_code, o.established_on, o.term_started_on, o.term_ends_on, o.demonstration_level,
	o.created_at, o.updated_at`

// outlineColumns are what a picker shows (OrgFilter.NoCounts): parsing the dates and
// timestamps of thousands of organisations would cost more than the rest of a page.
const outlineColumns = `o.id, COALESCE(o.parent_id, 0), o.path, o.depth, o.name, o.type`

func scanOrg(row interface{ Scan(...any) error }, o *domain.Org, extra ...any) error {
	dest := []any{&o.ID, &o.ParentID, &o.Path, &o.Depth, &o.Name, &o.Type, &o.Code, &o.UnitName,
		&o.UnitCreditCode, &o.EstablishedOn, &o.TermStartedOn, &o.TermEndsOn, &o.DemonstrationLevel,
		&o.CreatedAt, &o.UpdatedAt}
	return row.Scan(append(dest, extra...)...)
}

// Org returns one organisation, or ErrNoRows.
func (q *Q) Org(ctx context.Context, id int64) (*domain.Org, error) {
	var o domain.Org
	err := scanOrg(q.q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE o.id = $1`+q.forUpdate(), id), &o)
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// OrgFilter selects organisations. Scopes are the subtree roots the caller may see; an
// empty Scopes selects nothing, so a forgotten scope fails closed.
type OrgFilter struct {
	Scopes   []string
	ParentID int64
	Roots    bool   // only the scope roots themselves (the top of the caller's tree)
	Under    string // only this subtree (a path)
	Type     domain.OrgType
	Query    string // name or code contains
	AfterID  int64
	Limit    int
	NoCounts bool // outlineColumns only (id, parent, path, depth, name, type), for pickers: no counts
}

// wholeSubtrees reports whether a filter returns complete subtrees (every descendant of every
// org it returns), so member counts can be summed up the tree from one grouped scan.
func (f OrgFilter) wholeSubtrees() bool {
	return f.ParentID == 0 && f.Type == "" && f.Query == "" && f.AfterID == 0 && f.Limit == 0 && !f.Roots
}

// scopeClause builds "(col >= $n AND col < $n+1 OR …)" for the subtree ranges.
func scopeClause(col string, scopes []string, args *[]any) string {
	if len(scopes) == 0 {
		return "1 = 0"
	}
	parts := make([]string, 0, len(scopes))
	for _, s := range scopes {
		*args = append(*args, s, domain.PathUpperBound(s))
		parts = append(parts, "("+col+" >= "+placeholder(len(*args)-1)+" AND "+col+" < "+placeholder(len(*args))+")")
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

func placeholder(n int) string { return "$" + itoa(n) }

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// Orgs lists organisations in id order with their member counts.
func (q *Q) Orgs(ctx context.Context, f OrgFilter) ([]domain.Org, error) {
	args := []any{}
	where := []string{scopeClause("o.path", f.Scopes, &args)}
	if f.ParentID != 0 {
		args = append(args, f.ParentID)
		where = append(where, "o.parent_id = "+placeholder(len(args)))
	}
	if f.Under != "" {
		where = append(where, scopeClause("o.path", []string{f.Under}, &args))
	}
	if f.Type != "" {
		args = append(args, string(f.Type))
		where = append(where, "o.type = "+placeholder(len(args)))
	}
	if f.Query != "" {
		args = append(args, likePattern(f.Query))
		n := placeholder(len(args))
		where = append(where, "(o.name "+q.d.ilike()+" "+n+` ESCAPE '\' OR o.code `+q.d.ilike()+" "+n+` ESCAPE '\')`)
	}
	if f.AfterID != 0 {
		args = append(args, f.AfterID)
		where = append(where, "o.id > "+placeholder(len(args)))
	}
	cols := orgColumns
	if f.NoCounts {
		cols = outlineColumns
	}
	sqlText := `SELECT ` + cols + ` FROM orgs o WHERE ` + strings.Join(where, " AND ") + ` ORDER BY o.path`
	if f.AfterID != 0 || f.Limit > 0 {
		sqlText = `SELECT ` + cols + ` FROM orgs o WHERE ` + strings.Join(where, " AND ") + ` ORDER BY o.id`
	}
	if f.Limit > 0 {
		args = append(args, f.Limit)
		sqlText += " LIMIT " + placeholder(len(args))
	}
	rows, err := q.q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Org
	for rows.Next() {
		var o domain.Org
		if f.NoCounts {
			err = rows.Scan(&o.ID, &o.ParentID, &o.Path, &o.Depth, &o.Name, &o.Type)
		} else {
			err = scanOrg(rows, &o)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if f.Roots {
		out = keepRoots(out, f.Scopes)
	}
	switch {
	case f.NoCounts:
		return out, nil
	case f.wholeSubtrees():
		scopes := f.Scopes
		if f.Under != "" {
			scopes = []string{f.Under}
		}
		if err := q.rollUpMemberCounts(ctx, out, scopes); err != nil {
			return nil, err
		}
		return out, q.fillOrgCounts(ctx, out, false)
	}
	return out, q.fillOrgCounts(ctx, out, true)
}

// rollUpMemberCounts counts the members on the roster (onRoster) per organisation in one grouped scan and adds each count
// to the organisation and all its ancestors in the list. For a whole tree this reads every
// member once, where a range join per organisation would read each one once per level.
func (q *Q) rollUpMemberCounts(ctx context.Context, orgs []domain.Org, scopes []string) error {
	byID := make(map[int64]*domain.Org, len(orgs))
	for i := range orgs {
		byID[orgs[i].ID] = &orgs[i]
	}
	args := []any{}
	rows, err := q.q.QueryContext(ctx, `SELECT m.org_id, COUNT(*), COUNT(*) FILTER (WHERE m.category = 'full')
		FROM members m WHERE `+scopeClause("m.org_path", scopes, &args)+` AND `+onRoster+`
		GROUP BY m.org_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var all, full int
		if err := rows.Scan(&id, &all, &full); err != nil {
			return err
		}
		o := byID[id]
		if o == nil {
			continue
		}
		for _, anc := range domain.PathIDs(o.Path) {
			if a := byID[anc]; a != nil {
				a.MemberCount += all
				a.FullMemberCount += full
			}
		}
	}
	return rows.Err()
}

func keepRoots(orgs []domain.Org, scopes []string) []domain.Org {
	var out []domain.Org
	for _, o := range orgs {
		for _, s := range scopes {
			if o.Path == s {
				out = append(out, o)
				break
			}
		}
	}
	return out
}

// fillOrgCounts sets committee and child counts, and with members also member and
// full-member counts, with grouped queries in chunks so a long list stays within parameter
// limits. Every organisation counts the members on the roster (onRoster) of its whole
// subtree (a branch: its own).
func (q *Q) fillOrgCounts(ctx context.Context, orgs []domain.Org, members bool) error {
	const chunk = 500
	for start := 0; start < len(orgs); start += chunk {
		part := orgs[start:min(start+chunk, len(orgs))]
		byID := make(map[int64]*domain.Org, len(part))
		args := make([]any, len(part))
		marks := make([]string, len(part))
		for i := range part {
			byID[part[i].ID] = &part[i]
			args[i] = part[i].ID
			marks[i] = placeholder(i + 1)
		}
		in := "(" + strings.Join(marks, ",") + ")"
		queries := []struct {
			sql  string
			fill func(o *domain.Org, a, b int)
		}{
			{`SELECT o.id, COUNT(m.id), COUNT(m.id) FILTER (WHERE m.category = 'full')
				FROM orgs o JOIN members m ON m.org_path >= o.path AND m.org_path < SUBSTR(o.path, 1, LENGTH(o.path) - 1) || '0'
				WHERE o.id IN ` + in + ` AND ` + onRoster + ` GROUP BY o.id`,
				func(o *domain.Org, a, b int) { o.MemberCount, o.FullMemberCount = a, b }},
			{`SELECT org_id, COUNT(DISTINCT member_id), 0 FROM member_positions WHERE org_id IN ` + in + `
				AND position IN ('secretary','deputy_secretary','organization_member','propaganda_member','discipline_member','committee_member')
				GROUP BY org_id`,
				func(o *domain.Org, a, _ int) { o.CommitteeSize = a }},
			{`SELECT parent_id, COUNT(*), 0 FROM orgs WHERE parent_id IN ` + in + ` GROUP BY parent_id`,
				func(o *domain.Org, a, _ int) { o.ChildCount = a }},
		}
		if !members {
			queries = queries[1:]
		}
		for _, qq := range queries {
			if err := q.eachCount(ctx, qq.sql, args, byID, qq.fill); err != nil {
				return err
			}
		}
	}
	return nil
}

func (q *Q) eachCount(ctx context.Context, sqlText string, args []any, byID map[int64]*domain.Org, fill func(*domain.Org, int, int)) error {
	rows, err := q.q.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a, b int
		if err := rows.Scan(&id, &a, &b); err != nil {
			return err
		}
		if o := byID[id]; o != nil {
			fill(o, a, b)
		}
	}
	return rows.Err()
}

// FillOrgCounts is fillOrgCounts for one organisation.
func (q *Q) FillOrgCounts(ctx context.Context, o *domain.Org) error {
	s := []domain.Org{*o}
	if err := q.fillOrgCounts(ctx, s, true); err != nil {
		return err
	}
	*o = s[0]
	return nil
}

// InsertOrg inserts o under its parent (whose path is given) and sets o.ID, o.Path, o.Depth.
func (q *Q) InsertOrg(ctx context.Context, o *domain.Org, parentPath string) error {
	t := now()
	o.CreatedAt, o.UpdatedAt = t, t
	o.Depth = strings.Count(parentPath, "/")
	if parentPath == "" {
		o.Depth = 1
	}
	err := q.q.QueryRowContext(ctx, `INSERT INTO orgs (parent_id, path, depth, name, type, code, unit_name,
		unit_credit_code, established_on, term_started_on, term_ends_on, demonstration_level, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
		nullInt(o.ParentID), "pending:"+o.Name+t.String(), o.Depth, o.Name, string(o.Type), o.Code, o.UnitName,
		o.UnitCreditCode, o.EstablishedOn, o.TermStartedOn, o.TermEndsOn, o.DemonstrationLevel, t).Scan(&o.ID)
	if err != nil {
		return err
	}
	o.Path = domain.OrgPath(parentPath, o.ID)
	_, err = q.q.ExecContext(ctx, `UPDATE orgs SET path = $1 WHERE id = $2`, o.Path, o.ID)
	return err
}

// UpdateOrg writes the editable fields of o.
func (q *Q) UpdateOrg(ctx context.Context, o *domain.Org) error {
	o.UpdatedAt = now()
	_, err := q.q.ExecContext(ctx, `UPDATE orgs SET name = $1, type = $2, code = $3, unit_name = $4,
		unit_credit_code = $5, established_on = $6, term_started_on = $7, term_ends_on = $8,
		demonstration_level = $9, updated_at = $10 WHERE id = $11`,
		o.Name, string(o.Type), o.Code, o.UnitName, o.UnitCreditCode, o.EstablishedOn, o.TermStartedOn,
		o.TermEndsOn, o.DemonstrationLevel, o.UpdatedAt, o.ID)
	return err
}

// MoveOrg puts the subtree at o under newParent, rewriting the paths and depths of every
// organisation, member and audit entry below it, in the caller's transaction.
func (q *Q) MoveOrg(ctx context.Context, o *domain.Org, newParent *domain.Org) error {
	oldPath := o.Path
	newPath := domain.OrgPath(newParent.Path, o.ID)
	depthDelta := newParent.Depth + 1 - o.Depth
	args := []any{}
	clause := scopeClause("path", []string{oldPath}, &args)
	n := len(args)
	args = append(args, newPath, len(oldPath)+1, depthDelta, now())
	_, err := q.q.ExecContext(ctx, `UPDATE orgs SET path = `+placeholder(n+1)+` || SUBSTR(path, `+placeholder(n+2)+`),
		depth = depth + `+placeholder(n+3)+`, updated_at = `+placeholder(n+4)+` WHERE `+clause, args...)
	if err != nil {
		return err
	}
	if _, err := q.q.ExecContext(ctx, `UPDATE orgs SET parent_id = $1 WHERE id = $2`, newParent.ID, o.ID); err != nil {
		return err
	}
	for _, table := range []string{"members", "audit_log"} {
		args := []any{}
		clause := scopeClause("org_path", []string{oldPath}, &args)
		n := len(args)
		args = append(args, newPath, len(oldPath)+1)
		_, err := q.q.ExecContext(ctx, `UPDATE `+table+` SET org_path = `+placeholder(n+1)+` || SUBSTR(org_path, `+placeholder(n+2)+`) WHERE `+clause, args...)
		if err != nil {
			return err
		}
	}
	o.Path, o.ParentID, o.Depth = newPath, newParent.ID, newParent.Depth+1
	return nil
}

// OrgNameExists reports whether a sibling under parentID already has the name.
func (q *Q) OrgNameExists(ctx context.Context, parentID int64, name string, exceptID int64) (bool, error) {
	var n int
	var err error
	if parentID == 0 {
		err = q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE parent_id IS NULL AND name = $1 AND id <> $2`, name, exceptID).Scan(&n)
	} else {
		err = q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs WHERE parent_id = $1 AND name = $2 AND id <> $3`, parentID, name, exceptID).Scan(&n)
	}
	return n > 0, err
}

// OrgsByIDs returns the organisations with the given ids (any scope; callers check).
func (q *Q) OrgsByIDs(ctx context.Context, ids []int64) (map[int64]*domain.Org, error) {
	out := map[int64]*domain.Org{}
	for _, id := range ids {
		if _, seen := out[id]; seen || id == 0 {
			continue
		}
		o, err := q.Org(ctx, id)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = o
	}
	return out, nil
}
