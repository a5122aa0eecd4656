package store

import (
	"context"

	"dangjian/internal/domain"
)

// StandingChange is one change of a member's standing or of the lost-contact flag.
type StandingChange struct {
	ID           int64
	MemberID     int64
	MemberName   string
	OrgID        int64
	OrgName      string
	Action       string
	FromStanding string
	ToStanding   string
	EffectiveOn  domain.Date
	Reason       string
	Actor        string
}

// InsertStandingChange records a change (in the caller's transaction).
func (q *Q) InsertStandingChange(ctx context.Context, c *StandingChange) error {
	return q.q.QueryRowContext(ctx, `INSERT INTO standing_changes (member_id, action, from_standing, to_standing,
		effective_on, reason, actor, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`, c.MemberID, c.Action,
		c.FromStanding, c.ToStanding, c.EffectiveOn, c.Reason, c.Actor, now()).Scan(&c.ID)
}

// StandingChanges lists the changes effective in [from, to) of members now in the scopes and
// under the subtree, by date.
func (q *Q) StandingChanges(ctx context.Context, scopes []string, under string, from, to domain.Date) ([]StandingChange, error) {
	args := []any{}
	where := scopeClause("m.org_path", scopes, &args) + " AND " + scopeClause("m.org_path", []string{under}, &args)
	args = append(args, from, to)
	rows, err := q.q.QueryContext(ctx, `SELECT c.id, c.member_id, m.name, m.org_id, o.name, c.action, c.from_standing,
		c.to_standing, c.effective_on, c.reason, c.actor FROM standing_changes c JOIN members m ON m.id = c.member_id
		JOIN orgs o ON o.id = m.org_id WHERE `+where+` AND c.effective_on >= `+placeholder(len(args)-1)+
		` AND c.effective_on < `+placeholder(len(args))+` ORDER BY c.effective_on, c.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StandingChange
	for rows.Next() {
		var c StandingChange
		if err := rows.Scan(&c.ID, &c.MemberID, &c.MemberName, &c.OrgID, &c.OrgName, &c.Action, &c.FromStanding,
			&c.ToStanding, &c.EffectiveOn, &c.Reason, &c.Actor); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Anniversary is a member whose joining day falls in a month.
type Anniversary struct {
	MemberID int64
	Name     string
	OrgID    int64
	OrgName  string
	JoinedOn domain.Date
}

// JoiningAnniversaries lists the members in the scopes and under the subtree, on the roster
// (not expelled, not left), who joined in the given month of any year (01…12), by day. The month is compared on the
// date's text form, which both engines give as YYYY-MM-DD.
func (q *Q) JoiningAnniversaries(ctx context.Context, scopes []string, under string, month int) ([]Anniversary, error) {
	args := []any{}
	where := scopeClause("m.org_path", scopes, &args) + " AND " + scopeClause("m.org_path", []string{under}, &args)
	mm := string(rune('0'+month/10)) + string(rune('0'+month%10))
	args = append(args, mm, domain.StandingExpelled)
	rows, err := q.q.QueryContext(ctx, `SELECT m.id, m.name, m.org_id, o.name, m.joined_on FROM members m
		JOIN orgs o ON o.id = m.org_id WHERE `+where+` AND m.joined_on IS NOT NULL
		AND SUBSTR(CAST(m.joined_on AS TEXT), 6, 2) = `+placeholder(len(args)-1)+` AND m.standing <> `+placeholder(len(args))+`
		AND m.left_on IS NULL ORDER BY SUBSTR(CAST(m.joined_on AS TEXT), 9, 2), m.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Anniversary
	for rows.Next() {
		var a Anniversary
		if err := rows.Scan(&a.MemberID, &a.Name, &a.OrgID, &a.OrgName, &a.JoinedOn); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// MemberStandingChanges lists one member's changes, newest recorded first: at most limit,
// recorded before beforeID when it is not 0 (the keyset of the next page).
func (q *Q) MemberStandingChanges(ctx context.Context, memberID, beforeID int64, limit int) ([]StandingChange, error) {
	args := []any{memberID}
	where := "c.member_id = $1"
	if beforeID != 0 {
		args = append(args, beforeID)
		where += " AND c.id < " + placeholder(len(args))
	}
	args = append(args, limit)
	rows, err := q.q.QueryContext(ctx, `SELECT c.id, c.member_id, m.name, m.org_id, o.name, c.action, c.from_standing,
		c.to_standing, c.effective_on, c.reason, c.actor FROM standing_changes c JOIN members m ON m.id = c.member_id
		JOIN orgs o ON o.id = m.org_id WHERE `+where+` ORDER BY c.id DESC LIMIT `+placeholder(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []StandingChange{}
	for rows.Next() {
		var c StandingChange
		if err := rows.Scan(&c.ID, &c.MemberID, &c.MemberName, &c.OrgID, &c.OrgName, &c.Action, &c.FromStanding,
			&c.ToStanding, &c.EffectiveOn, &c.Reason, &c.Actor); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
