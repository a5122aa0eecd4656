package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// Hardship reductions and exemptions of dues. Each step is a conditional UPDATE … WHERE
// status = the step before, whose row count the service checks, so a step happens once
// whatever the number of concurrent clicks.

const duesHardshipColumns = `h.id, h.member_id, m.name, h.org_id, o.name, h.org_path, h.kind, h.amount_fen, h.from_month,
	h.to_month, h.reason, h.status, COALESCE(h.applied_by, 0), h.applied_at, COALESCE(h.branch_by, 0), h.branch_at,
	h.branch_note, COALESCE(h.approved_by, 0), h.approved_at, h.approved_note, COALESCE(h.rejected_by, 0), h.rejected_at,
	h.rejected_note, h.created_at, h.updated_at`

const duesHardshipFrom = ` FROM dues_hardship h JOIN members m ON m.id = h.member_id JOIN orgs o ON o.id = h.org_id`

func scanDuesHardship(row interface{ Scan(...any) error }, h *domain.DuesHardship) error {
	var branch, approved, rejected sql.NullTime
	err := row.Scan(&h.ID, &h.MemberID, &h.MemberName, &h.OrgID, &h.OrgName, &h.OrgPath, &h.Kind, &h.AmountFen,
		&h.FromMonth, &h.ToMonth, &h.Reason, &h.Status, &h.AppliedBy, &h.AppliedAt, &h.BranchBy, &branch, &h.BranchNote,
		&h.ApprovedBy, &approved, &h.ApprovedNote, &h.RejectedBy, &rejected, &h.RejectedNote, &h.CreatedAt, &h.UpdatedAt)
	opt := func(n sql.NullTime) time.Time {
		if n.Valid {
			return n.Time.UTC()
		}
		return time.Time{}
	}
	h.BranchAt, h.ApprovedAt, h.RejectedAt = opt(branch), opt(approved), opt(rejected)
	h.AppliedAt, h.CreatedAt, h.UpdatedAt = h.AppliedAt.UTC(), h.CreatedAt.UTC(), h.UpdatedAt.UTC()
	return err
}

// DuesHardship returns one application (any scope), ErrNoRows when missing.
func (q *Q) DuesHardship(ctx context.Context, id int64) (*domain.DuesHardship, error) {
	var h domain.DuesHardship
	if err := scanDuesHardship(q.q.QueryRowContext(ctx, `SELECT `+duesHardshipColumns+duesHardshipFrom+` WHERE h.id = $1`, id), &h); err != nil {
		return nil, err
	}
	return &h, nil
}

// InsertDuesHardship stores a new application and sets ID and the times.
func (q *Q) InsertDuesHardship(ctx context.Context, h *domain.DuesHardship) error {
	t := now()
	h.AppliedAt, h.CreatedAt, h.UpdatedAt = t, t, t
	return q.q.QueryRowContext(ctx, `INSERT INTO dues_hardship (member_id, org_id, org_path, kind, amount_fen, from_month,
		to_month, reason, status, applied_by, applied_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		h.MemberID, h.OrgID, h.OrgPath, h.Kind, h.AmountFen, h.FromMonth, h.ToMonth, h.Reason, h.Status,
		nullInt(h.AppliedBy), h.AppliedAt, h.CreatedAt, h.UpdatedAt).Scan(&h.ID)
}

// HardshipStep moves an application from one status to the next.
type HardshipStep struct {
	ID   int64
	From string // the status it must have
	To   string // branch_agreed, approved or rejected
	By   int64
	Note string
	At   time.Time
}

// StepDuesHardship applies the step and reports whether this call did it.
func (q *Q) StepDuesHardship(ctx context.Context, s HardshipStep) (bool, error) {
	var col string
	switch s.To {
	case domain.HardshipBranchAgreed:
		col = "branch"
	case domain.HardshipApproved:
		col = "approved"
	default:
		col = "rejected"
	}
	res, err := q.q.ExecContext(ctx, `UPDATE dues_hardship SET status = $1, `+col+`_by = $2, `+col+`_at = $3, `+col+`_note = $4,
		updated_at = $3 WHERE id = $5 AND status = $6`, s.To, nullInt(s.By), s.At.UTC(), s.Note, s.ID, s.From)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DuesHardshipFilter selects applications: in the scopes (the member's branch path), of one
// member, in some statuses; keyset pagination by id (newest first when Desc).
type DuesHardshipFilter struct {
	Scopes   []string
	MemberID int64
	Statuses []string
	AfterID  int64
	Limit    int
}

// DuesHardships lists applications, newest first.
func (q *Q) DuesHardships(ctx context.Context, f DuesHardshipFilter) ([]domain.DuesHardship, error) {
	args := []any{}
	conds := []string{}
	if f.Scopes != nil {
		conds = append(conds, scopeClause("h.org_path", f.Scopes, &args))
	}
	if f.MemberID != 0 {
		args = append(args, f.MemberID)
		conds = append(conds, "h.member_id = "+placeholder(len(args)))
	}
	if len(f.Statuses) > 0 {
		marks := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			args = append(args, s)
			marks[i] = placeholder(len(args))
		}
		conds = append(conds, "h.status IN ("+strings.Join(marks, ", ")+")")
	}
	if f.AfterID != 0 {
		args = append(args, f.AfterID)
		conds = append(conds, "h.id < "+placeholder(len(args)))
	}
	if len(conds) == 0 {
		conds = append(conds, "1 = 1")
	}
	text := `SELECT ` + duesHardshipColumns + duesHardshipFrom + ` WHERE ` + strings.Join(conds, " AND ") + ` ORDER BY h.id DESC`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		text += " LIMIT " + placeholder(len(args))
	}
	var out []domain.DuesHardship
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var h domain.DuesHardship
		if err := scanDuesHardship(rows, &h); err != nil {
			return err
		}
		out = append(out, h)
		return nil
	})
	return out, err
}

// HardshipOverlaps reports whether the member has another application that is not rejected
// whose months overlap from..to.
func (q *Q) HardshipOverlaps(ctx context.Context, memberID int64, from, to string, exceptID int64) (bool, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM dues_hardship WHERE member_id = $1 AND status <> 'rejected'
		AND from_month <= $2 AND to_month >= $3 AND id <> $4`, memberID, to, from, exceptID).Scan(&n)
	return n > 0, err
}

// DuesHardshipRow is what bill generation needs of an approved application.
type DuesHardshipRow struct {
	ID        int64
	MemberID  int64
	Kind      string
	AmountFen int64
}

// ApprovedHardshipsInRange returns the approved applications covering month of the members with
// ids in [lo, hi], the latest per member.
func (q *Q) ApprovedHardshipsInRange(ctx context.Context, lo, hi int64, month string) (map[int64]DuesHardshipRow, error) {
	out := map[int64]DuesHardshipRow{}
	err := q.scanAll(ctx, `SELECT id, member_id, kind, amount_fen FROM dues_hardship WHERE member_id >= $1
		AND member_id <= $2 AND status = 'approved' AND from_month <= $3 AND to_month >= $3 ORDER BY id`,
		[]any{lo, hi, month}, func(rows *sql.Rows) error {
			var h DuesHardshipRow
			if err := rows.Scan(&h.ID, &h.MemberID, &h.Kind, &h.AmountFen); err != nil {
				return err
			}
			out[h.MemberID] = h
			return nil
		})
	return out, err
}
