package store

import (
	"context"
	"time"
)

// Dues arrears (issue 6 part 4): unpaid bills of members on the roster, what "paid through"
// means for one member, and the notes a branch records about a member in arrears. These
// read dues_bills, which the dues capability writes; nothing here changes a bill.

// DuesUnpaidRow is one unpaid bill of a member on the roster, with the member's latest
// bill month up to the month asked for (where their consecutive count starts).
type DuesUnpaidRow struct {
	MemberID   int64
	MemberName string
	OrgID      int64 // the member's organisation now (not the bill's)
	OrgPath    string
	OrgName    string
	Month      string
	OwedFen    int64 // amount_fen − paid_fen
	LastMonth  string
}

// DuesUnpaidUnder returns the unpaid bills of months up to through of the members on the
// roster whose organisation is in the subtree at path (every member when path is "/"), or of
// one member when memberID is not 0; by organisation path, member and month, latest first.
func (q *Q) DuesUnpaidUnder(ctx context.Context, path, through string, memberID int64) ([]DuesUnpaidRow, error) {
	args := []any{through}
	where := "1 = 1"
	if memberID != 0 {
		args = append(args, memberID)
		where = "m.id = " + placeholder(len(args))
	} else if path != "/" {
		where = scopeClause("m.org_path", []string{path}, &args)
	}
	rows, err := q.q.QueryContext(ctx, `SELECT m.id, m.name, m.org_id, m.org_path, o.name, b.month, b.amount_fen - b.paid_fen,
		(SELECT MAX(x.month) FROM dues_bills x WHERE x.member_id = m.id AND x.month <= $1)
		FROM dues_bills b JOIN members m ON m.id = b.member_id JOIN orgs o ON o.id = m.org_id
		WHERE b.status = 'unpaid' AND b.month <= $1 AND m.left_on IS NULL AND `+where+`
		ORDER BY m.org_path, m.name, m.id, b.month DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DuesUnpaidRow
	for rows.Next() {
		var r DuesUnpaidRow
		if err := rows.Scan(&r.MemberID, &r.MemberName, &r.OrgID, &r.OrgPath, &r.OrgName, &r.Month, &r.OwedFen, &r.LastMonth); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DuesPaidThrough is the latest month M such that every bill of the member up to M is paid
// or exempt, among the months billed: the last paid or exempt bill before the first unpaid
// one (the last bill when none is unpaid). "" when no bill qualifies.
func (q *Q) DuesPaidThrough(ctx context.Context, memberID int64) (string, error) {
	var m *string
	err := q.q.QueryRowContext(ctx, `SELECT MAX(b.month) FROM dues_bills b WHERE b.member_id = $1 AND b.status <> 'unpaid'
		AND b.month < COALESCE((SELECT MIN(u.month) FROM dues_bills u WHERE u.member_id = $1 AND u.status = 'unpaid'), '9999-99')`,
		memberID).Scan(&m)
	if err != nil || m == nil {
		return "", err
	}
	return *m, nil
}

// DuesArrearsNote is what a branch recorded about a member in arrears.
type DuesArrearsNote struct {
	ID            int64
	MemberID      int64
	OrgID         int64
	OrgPath       string
	Decision      string
	Note          string
	Streak        int
	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time
}

// InsertDuesArrearsNote stores a note and sets its ID and time.
func (q *Q) InsertDuesArrearsNote(ctx context.Context, n *DuesArrearsNote) error {
	n.CreatedAt = now()
	return q.q.QueryRowContext(ctx, `INSERT INTO dues_arrears_notes (member_id, org_id, org_path, decision, note, streak,
		created_by, created_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		n.MemberID, n.OrgID, n.OrgPath, n.Decision, n.Note, n.Streak, nullInt(n.CreatedBy), n.CreatedByName, n.CreatedAt).Scan(&n.ID)
}

const duesNoteColumns = `n.id, n.member_id, n.org_id, n.org_path, n.decision, n.note, n.streak, COALESCE(n.created_by, 0),
	n.created_by_name, n.created_at`

func scanDuesNote(row interface{ Scan(...any) error }, n *DuesArrearsNote) error {
	if err := row.Scan(&n.ID, &n.MemberID, &n.OrgID, &n.OrgPath, &n.Decision, &n.Note, &n.Streak, &n.CreatedBy,
		&n.CreatedByName, &n.CreatedAt); err != nil {
		return err
	}
	n.CreatedAt = n.CreatedAt.UTC()
	return nil
}

// LatestDuesArrearsNotes returns the latest note of every member on the roster whose
// organisation is in the subtree at path, by member.
func (q *Q) LatestDuesArrearsNotes(ctx context.Context, path string) (map[int64]DuesArrearsNote, error) {
	args := []any{}
	where := "1 = 1"
	if path != "/" {
		where = scopeClause("m.org_path", []string{path}, &args)
	}
	rows, err := q.q.QueryContext(ctx, `SELECT `+duesNoteColumns+` FROM dues_arrears_notes n
		JOIN (SELECT x.member_id, MAX(x.id) AS id FROM dues_arrears_notes x JOIN members m ON m.id = x.member_id
			WHERE m.left_on IS NULL AND `+where+` GROUP BY x.member_id) l ON l.id = n.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]DuesArrearsNote{}
	for rows.Next() {
		var n DuesArrearsNote
		if err := scanDuesNote(rows, &n); err != nil {
			return nil, err
		}
		out[n.MemberID] = n
	}
	return out, rows.Err()
}

// DuesArrearsNotes returns a member's notes, newest first.
func (q *Q) DuesArrearsNotes(ctx context.Context, memberID int64) ([]DuesArrearsNote, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT `+duesNoteColumns+` FROM dues_arrears_notes n WHERE n.member_id = $1
		ORDER BY n.id DESC LIMIT 100`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DuesArrearsNote
	for rows.Next() {
		var n DuesArrearsNote
		if err := scanDuesNote(rows, &n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
