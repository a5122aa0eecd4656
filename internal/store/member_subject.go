package store

import (
	"context"
	"database/sql"
)

// MemberSubject is the little of a member that scoring needs: where they belong, their name
// and whether they have left the roster.
type MemberSubject struct {
	OrgID   int64
	OrgPath string
	Name    string
	Left    bool
}

// MemberSubject reads a member's subject line, or ErrNoRows. It skips the joins, the sealed
// columns and the positions that Member loads, because attendance and study points ask for
// it once per check-in or submission.
func (q *Q) MemberSubject(ctx context.Context, id int64) (*MemberSubject, error) {
	var s MemberSubject
	var left sql.NullString
	err := q.q.QueryRowContext(ctx, `SELECT org_id, org_path, name, left_on FROM members WHERE id = $1`, id).
		Scan(&s.OrgID, &s.OrgPath, &s.Name, &left)
	if err != nil {
		return nil, err
	}
	s.Left = left.Valid && left.String != ""
	return &s, nil
}
