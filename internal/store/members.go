package store

import (
	"context"
	"database/sql"
	"strings"

	"dangjian/internal/domain"
)

// MemberRecord is a member as stored: the personal numbers sealed, with a keyed hash for
// exact lookup and the masked form for display.
type MemberRecord struct {
	domain.Member
	IDNumberEnc    []byte
	IDNumberHash   string
	IDNumberMasked string
	PhoneEnc       []byte
	PhoneHash      string
	PhoneMasked    string
}

const memberColumns = `m.id, m.org_id, m.org_path, o.name, COALESCE(m.group_id, 0), COALESCE(g.name, ''), m.name,
	m.gender, m.ethnicity, m.birth_date, m.id_number_enc, m.id_number_hash, m.id_number_masked, m.phone_enc,
	m.phone_hash, m.phone_masked, m.education, m.category, m.standing, m.floating, m.lost_contact, m.joined_on,
	m.full_member_on, m.job_title, m.left_on, COALESCE(m.left_reason, ''), m.created_at, m.updated_at`

const memberFrom = ` FROM members m JOIN orgs o ON o.id = m.org_id LEFT JOIN orgs g ON g.id = m.group_id`

func scanMember(row interface{ Scan(...any) error }, r *MemberRecord) error {
	return row.Scan(&r.ID, &r.OrgID, &r.OrgPath, &r.OrgName, &r.GroupID, &r.GroupName, &r.Name,
		&r.Gender, &r.Ethnicity, &r.BirthDate, &r.IDNumberEnc, &r.IDNumberHash, &r.IDNumberMasked, &r.PhoneEnc,
		&r.PhoneHash, &r.PhoneMasked, &r.Education, &r.Category, &r.Standing, &r.Floating, &r.LostContact, &r.JoinedOn,
		&r.FullMemberOn, &r.JobTitle, &r.LeftOn, &r.LeftReason, &r.CreatedAt, &r.UpdatedAt)
}

// Member returns one member with positions, or ErrNoRows.
func (q *Q) Member(ctx context.Context, id int64) (*MemberRecord, error) {
	var r MemberRecord
	if err := scanMember(q.q.QueryRowContext(ctx, `SELECT `+memberColumns+memberFrom+` WHERE m.id = $1`, id), &r); err != nil {
		return nil, err
	}
	list := []MemberRecord{r}
	if err := q.fillPositions(ctx, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// MemberFilter selects members. As with OrgFilter, empty Scopes selects nothing.
type MemberFilter struct {
	Scopes      []string
	OrgPath     string // subtree filter (with Subtree) or exact org (OrgID)
	OrgID       int64
	Subtree     bool
	GroupID     int64
	Query       string   // name contains (ignored when QueryHashes are given)
	QueryHashes []string // exact ID-number or phone hashes, for a query that looks like one
	Category    string
	Standing    string
	MemberID    int64  // only this member (a member's view of themself)
	Left        string // "": members on the roster; domain.LeftOnly: those who left; domain.LeftInclude: both
	AfterID     int64
	Limit       int
}

func (f MemberFilter) where(q *Q) (string, []any) {
	args := []any{}
	where := []string{memberScope(f.Scopes, &args)}
	if f.OrgID != 0 && !f.Subtree {
		args = append(args, f.OrgID)
		where = append(where, "m.org_id = "+placeholder(len(args)))
	} else if f.OrgPath != "" {
		where = append(where, scopeClause("m.org_path", []string{f.OrgPath}, &args))
	}
	if f.GroupID != 0 {
		args = append(args, f.GroupID)
		where = append(where, "m.group_id = "+placeholder(len(args)))
	}
	if len(f.QueryHashes) > 0 {
		// A query that reads as an ID number or a phone is one (no name holds eleven digits):
		// looked up by its hashes alone, it is two index probes instead of a scan of every
		// name in the scope, which a name pattern cannot avoid.
		var conds []string
		for _, h := range f.QueryHashes {
			args = append(args, h)
			conds = append(conds, "m.id_number_hash = "+placeholder(len(args)), "m.phone_hash = "+placeholder(len(args)))
		}
		where = append(where, "("+strings.Join(conds, " OR ")+")")
	} else if f.Query != "" {
		args = append(args, likePattern(f.Query))
		where = append(where, "m.name "+q.d.ilike()+" "+placeholder(len(args))+` ESCAPE '\'`)
	}
	if f.Category != "" {
		args = append(args, f.Category)
		where = append(where, "m.category = "+placeholder(len(args)))
	}
	if f.Standing != "" {
		args = append(args, f.Standing)
		where = append(where, "m.standing = "+placeholder(len(args)))
	}
	if f.MemberID != 0 {
		args = append(args, f.MemberID)
		where = append(where, "m.id = "+placeholder(len(args)))
	}
	switch f.Left {
	case domain.LeftInclude:
	case domain.LeftOnly:
		where = append(where, "m.left_on IS NOT NULL")
	default:
		where = append(where, "m.left_on IS NULL")
	}
	return strings.Join(where, " AND "), args
}

// memberScope is scopeClause on members.org_path, except that the whole-database scope "/"
// (an administrator's) adds no condition: every path starts with "/", and without a range on
// org_path SQLite reads members in id order and stops after one page instead of sorting all.
func memberScope(scopes []string, args *[]any) string {
	if domain.Contains(scopes, "/") {
		return "1 = 1"
	}
	return scopeClause("m.org_path", scopes, args)
}

// Members lists members in id order, keyset-paginated after AfterID, so a page costs the
// same on page 1 and page 2,000. The page's ids are chosen first, from the members_org_path
// index alone for the usual filters (it holds path, organisation, category, standing and
// name), and only those rows are read and joined: in a scope of 100,000 members the sort
// then orders ids, not whole rows.
func (q *Q) Members(ctx context.Context, f MemberFilter) ([]MemberRecord, error) {
	where, args := f.where(q)
	if f.AfterID != 0 {
		args = append(args, f.AfterID)
		where += " AND m.id > " + placeholder(len(args))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, limit)
	rows, err := q.q.QueryContext(ctx, `SELECT `+memberColumns+memberFrom+` WHERE m.id IN (SELECT m.id FROM members m WHERE `+
		where+` ORDER BY m.id LIMIT `+placeholder(len(args))+`) ORDER BY m.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MemberRecord
	for rows.Next() {
		var r MemberRecord
		if err := scanMember(rows, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, q.fillPositions(ctx, out)
}

// CountMembers counts the members a filter selects (AfterID and Limit ignored).
func (q *Q) CountMembers(ctx context.Context, f MemberFilter) (int, error) {
	where, args := f.where(q)
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM members m WHERE `+where, args...).Scan(&n)
	return n, err
}

// onRoster is the condition for a member who counts: not expelled and not gone from the
// roster (transferred out of the system, probation cancelled, deceased …).
const onRoster = `m.standing <> 'expelled' AND m.left_on IS NULL`

// MemberCategoryCounts counts the members on the roster (onRoster) in the scopes by category.
func (q *Q) MemberCategoryCounts(ctx context.Context, scopes []string) (map[string]int, error) {
	args := []any{}
	rows, err := q.q.QueryContext(ctx, `SELECT m.category, COUNT(*) FROM members m WHERE `+
		memberScope(scopes, &args)+` AND `+onRoster+` GROUP BY m.category`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[c] = n
	}
	return out, rows.Err()
}

func (q *Q) fillPositions(ctx context.Context, list []MemberRecord) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*MemberRecord, len(list))
	args := make([]any, len(list))
	marks := make([]string, len(list))
	for i := range list {
		byID[list[i].ID] = &list[i]
		list[i].Positions = []string{}
		args[i] = list[i].ID
		marks[i] = placeholder(i + 1)
	}
	rows, err := q.q.QueryContext(ctx, `SELECT p.member_id, p.position FROM member_positions p
		JOIN members m ON m.id = p.member_id AND m.org_id = p.org_id
		WHERE p.member_id IN (`+strings.Join(marks, ",")+`) ORDER BY p.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p string
		if err := rows.Scan(&id, &p); err != nil {
			return err
		}
		byID[id].Positions = append(byID[id].Positions, p)
	}
	return rows.Err()
}

// MemberIDByHash finds a member by the keyed hash of an ID number (0 when none).
func (q *Q) MemberIDByHash(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := q.q.QueryRowContext(ctx, `SELECT id FROM members WHERE id_number_hash = $1`, hash).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}

// InsertMember inserts r and sets r.ID.
func (q *Q) InsertMember(ctx context.Context, r *MemberRecord) error {
	t := now()
	r.CreatedAt, r.UpdatedAt = t, t
	return q.q.QueryRowContext(ctx, `INSERT INTO members (org_id, org_path, group_id, name, gender, ethnicity,
		birth_date, id_number_enc, id_number_hash, id_number_masked, phone_enc, phone_hash, phone_masked, education,
		category, standing, floating, lost_contact, joined_on, full_member_on, job_title, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$22) RETURNING id`,
		r.OrgID, r.OrgPath, nullInt(r.GroupID), r.Name, r.Gender, r.Ethnicity, r.BirthDate, r.IDNumberEnc,
		r.IDNumberHash, r.IDNumberMasked, r.PhoneEnc, r.PhoneHash, r.PhoneMasked, r.Education, r.Category,
		r.Standing, r.Floating, r.LostContact, r.JoinedOn, r.FullMemberOn, r.JobTitle, t).Scan(&r.ID)
}

// UpdateMember writes every stored field of r.
func (q *Q) UpdateMember(ctx context.Context, r *MemberRecord) error {
	r.UpdatedAt = now()
	_, err := q.q.ExecContext(ctx, `UPDATE members SET org_id=$1, org_path=$2, group_id=$3, name=$4, gender=$5,
		ethnicity=$6, birth_date=$7, id_number_enc=$8, id_number_hash=$9, id_number_masked=$10, phone_enc=$11,
		phone_hash=$12, phone_masked=$13, education=$14, category=$15, standing=$16, floating=$17, lost_contact=$18,
		joined_on=$19, full_member_on=$20, job_title=$21, updated_at=$22 WHERE id=$23`,
		r.OrgID, r.OrgPath, nullInt(r.GroupID), r.Name, r.Gender, r.Ethnicity, r.BirthDate, r.IDNumberEnc,
		r.IDNumberHash, r.IDNumberMasked, r.PhoneEnc, r.PhoneHash, r.PhoneMasked, r.Education, r.Category,
		r.Standing, r.Floating, r.LostContact, r.JoinedOn, r.FullMemberOn, r.JobTitle, r.UpdatedAt, r.ID)
	return err
}

// SetMemberLeft records that the member left the roster on a day for a reason, or with a
// zero day and "" puts them back on it. UpdateMember leaves these two columns alone, so no
// edit of particulars can bring a member back by accident.
func (q *Q) SetMemberLeft(ctx context.Context, r *MemberRecord, on domain.Date, reason string) error {
	r.UpdatedAt = now()
	var why any
	if reason != "" {
		why = reason
	}
	if _, err := q.q.ExecContext(ctx, `UPDATE members SET left_on = $1, left_reason = $2, updated_at = $3 WHERE id = $4`,
		on, why, r.UpdatedAt, r.ID); err != nil {
		return err
	}
	r.LeftOn, r.LeftReason = on, reason
	return nil
}

// SetPositions replaces the member's positions in org.
func (q *Q) SetPositions(ctx context.Context, memberID, orgID int64, positions []string) error {
	if _, err := q.q.ExecContext(ctx, `DELETE FROM member_positions WHERE member_id = $1`, memberID); err != nil {
		return err
	}
	t := now()
	for _, p := range positions {
		if _, err := q.q.ExecContext(ctx, `INSERT INTO member_positions (member_id, org_id, position, created_at)
			VALUES ($1, $2, $3, $4)`, memberID, orgID, p, t); err != nil {
			return err
		}
	}
	return nil
}

// AddMemberEvent appends to the member's history.
func (q *Q) AddMemberEvent(ctx context.Context, e *domain.MemberEvent) error {
	e.At = now()
	return q.q.QueryRowContext(ctx, `INSERT INTO member_events (member_id, at, kind, actor_id, actor, data)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, e.MemberID, e.At, e.Kind, nullInt(e.ActorID), e.Actor, e.Data).Scan(&e.ID)
}

// MemberEvents returns the member's history, newest first.
func (q *Q) MemberEvents(ctx context.Context, memberID int64, beforeID int64, limit int) ([]domain.MemberEvent, error) {
	if beforeID == 0 {
		beforeID = 1 << 62
	}
	rows, err := q.q.QueryContext(ctx, `SELECT id, member_id, at, kind, COALESCE(actor_id, 0), actor, data
		FROM member_events WHERE member_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, memberID, beforeID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.MemberEvent
	for rows.Next() {
		var e domain.MemberEvent
		if err := rows.Scan(&e.ID, &e.MemberID, &e.At, &e.Kind, &e.ActorID, &e.Actor, &e.Data); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
