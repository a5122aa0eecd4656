package store

import (
	"context"
	"database/sql"

	"dangjian/internal/domain"
)

// Kinds of dues reminders.
const (
	DuesReminderMember = "member" // a member with unpaid bills of past months
	DuesReminderBranch = "branch" // a branch with members in arrears, for its secretary
)

// DuesReminder is one row of dues_reminders (see migration 00020).
type DuesReminder struct {
	Kind        string
	OrgID       int64
	OrgPath     string
	OrgName     string
	MemberID    int64 // 0 on a branch's reminder
	MemberName  string
	Unpaid      int // member: months unpaid; branch: members with unpaid months
	Flagged     int // member: 1 when flagged; branch: members flagged
	Streak      int // member: consecutive unpaid months; branch: the longest
	AmountFen   int64
	OldestMonth string
	FirstOn     domain.Date
	LastOn      domain.Date
}

// UpsertDuesReminder records a reminder found on day r.LastOn, keeping the day it was first
// recorded when it exists already.
func (q *Q) UpsertDuesReminder(ctx context.Context, r DuesReminder) error {
	t := now()
	_, err := q.q.ExecContext(ctx, `INSERT INTO dues_reminders (kind, org_id, org_path, member_id, unpaid, flagged, streak,
		amount_fen, oldest_month, first_on, last_on, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $11)
		ON CONFLICT (kind, org_id, member_id) DO UPDATE SET org_path = excluded.org_path, unpaid = excluded.unpaid,
		flagged = excluded.flagged, streak = excluded.streak, amount_fen = excluded.amount_fen,
		oldest_month = excluded.oldest_month, last_on = excluded.last_on, updated_at = excluded.updated_at`,
		r.Kind, r.OrgID, r.OrgPath, r.MemberID, r.Unpaid, r.Flagged, r.Streak, r.AmountFen, r.OldestMonth, r.LastOn, t)
	return err
}

// DeleteDuesRemindersBefore removes the reminders a run on day did not find again (their
// bills were paid, or the member left or moved); it returns how many.
func (q *Q) DeleteDuesRemindersBefore(ctx context.Context, day domain.Date) (int64, error) {
	res, err := q.q.ExecContext(ctx, `DELETE FROM dues_reminders WHERE last_on < $1`, day)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

const duesReminderColumns = `r.kind, r.org_id, r.org_path, o.name, r.member_id, COALESCE(m.name, ''), r.unpaid, r.flagged,
	r.streak, r.amount_fen, r.oldest_month, r.first_on, r.last_on`

const duesReminderFrom = ` FROM dues_reminders r JOIN orgs o ON o.id = r.org_id LEFT JOIN members m ON m.id = r.member_id`

func scanDuesReminder(row interface{ Scan(...any) error }, r *DuesReminder) error {
	return row.Scan(&r.Kind, &r.OrgID, &r.OrgPath, &r.OrgName, &r.MemberID, &r.MemberName, &r.Unpaid, &r.Flagged,
		&r.Streak, &r.AmountFen, &r.OldestMonth, &r.FirstOn, &r.LastOn)
}

// MemberDuesReminder returns a member's reminder, or nil when there is none.
func (q *Q) MemberDuesReminder(ctx context.Context, memberID int64) (*DuesReminder, error) {
	var r DuesReminder
	err := scanDuesReminder(q.q.QueryRowContext(ctx, `SELECT `+duesReminderColumns+duesReminderFrom+`
		WHERE r.member_id = $1 AND r.kind = $2 ORDER BY r.last_on DESC LIMIT 1`, memberID, DuesReminderMember), &r)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// BranchDuesReminders lists the branch reminders of organisations in the scopes, the most
// members flagged first, at most limit.
func (q *Q) BranchDuesReminders(ctx context.Context, scopes []string, limit int) ([]DuesReminder, error) {
	if len(scopes) == 0 {
		return nil, nil
	}
	args := []any{DuesReminderBranch}
	where := scopeClause("r.org_path", scopes, &args)
	args = append(args, limit)
	rows, err := q.q.QueryContext(ctx, `SELECT `+duesReminderColumns+duesReminderFrom+`
		WHERE r.kind = $1 AND `+where+` ORDER BY r.flagged DESC, r.unpaid DESC, r.org_path LIMIT `+placeholder(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DuesReminder
	for rows.Next() {
		var r DuesReminder
		if err := scanDuesReminder(rows, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
