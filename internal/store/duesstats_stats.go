package store

import (
	"context"
	"database/sql"
	"time"
)

// Dues statistics and the monthly dues sheet (issue 6 part 5). Bills count where they were
// made: a bill's org_path is the member's organisation in the month billed.

// DuesTally counts a group of bills: by organisation (Key is the bill's org_path) or by
// month (Key is the month).
type DuesTally struct {
	Key     string
	Bills   int
	Paid    int
	Exempt  int
	DueFen  int64 // the amounts due (0 for exempt bills)
	PaidFen int64 // the amounts paid
}

const duesTallyColumns = `COUNT(*), CAST(COALESCE(SUM(CASE WHEN b.status = 'paid' THEN 1 ELSE 0 END), 0) AS BIGINT),
	CAST(COALESCE(SUM(CASE WHEN b.status = 'exempt' THEN 1 ELSE 0 END), 0) AS BIGINT),
	CAST(COALESCE(SUM(b.amount_fen), 0) AS BIGINT), CAST(COALESCE(SUM(b.paid_fen), 0) AS BIGINT)`

func (q *Q) duesTallies(ctx context.Context, query string, args ...any) ([]DuesTally, error) {
	rows, err := q.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DuesTally
	for rows.Next() {
		var t DuesTally
		if err := rows.Scan(&t.Key, &t.Bills, &t.Paid, &t.Exempt, &t.DueFen, &t.PaidFen); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DuesTallyByOrg counts the bills of a month made in the subtree at path, per organisation
// path: one scan of the subtree's bills of that month, rolled up by the caller.
func (q *Q) DuesTallyByOrg(ctx context.Context, path, month string) ([]DuesTally, error) {
	args := []any{month}
	where := scopeClause("b.org_path", []string{path}, &args)
	return q.duesTallies(ctx, `SELECT b.org_path, `+duesTallyColumns+` FROM dues_bills b
		WHERE b.month = $1 AND `+where+` GROUP BY b.org_path ORDER BY b.org_path`, args...)
}

// DuesTallyByMonth counts the bills made in the subtree at path per month from..to
// (inclusive), oldest first; months without bills are absent.
func (q *Q) DuesTallyByMonth(ctx context.Context, path, from, to string) ([]DuesTally, error) {
	args := []any{from, to}
	where := scopeClause("b.org_path", []string{path}, &args)
	return q.duesTallies(ctx, `SELECT b.month, `+duesTallyColumns+` FROM dues_bills b
		WHERE b.month >= $1 AND b.month <= $2 AND `+where+` GROUP BY b.month ORDER BY b.month`, args...)
}

// DuesSheetRow is one line of the monthly dues sheet (党费收缴表): a bill with its member and
// organisation, and how it was paid (dues_payments, read only). The sheet never carries
// personal numbers.
type DuesSheetRow struct {
	BillID      int64
	MemberID    int64
	MemberName  string
	OrgID       int64
	OrgPath     string
	OrgName     string
	Category    string
	BaseFen     int64
	StandardFen int64
	AmountFen   int64
	PaidFen     int64
	Status      string
	RuleRef     string
	HardshipID  int64
	PaidAt      time.Time // zero when unpaid
	PaymentID   int64
	Method      string // the payment's method (cash, transfer, online); "" when unpaid
	PayerID     int64  // the member who paid, when recorded (代缴: not MemberID)
	PayerName   string
}

// EachDuesSheetRow calls fn for every bill of the month made in the subtree at path, by
// organisation and member name, reading the rows as it goes (the .xlsx streams them).
func (q *Q) EachDuesSheetRow(ctx context.Context, path, month string, fn func(*DuesSheetRow) error) error {
	args := []any{month}
	where := scopeClause("b.org_path", []string{path}, &args)
	rows, err := q.q.QueryContext(ctx, `SELECT b.id, b.member_id, m.name, b.org_id, b.org_path, o.name, b.category,
		b.base_fen, b.standard_fen, b.amount_fen, b.paid_fen, b.status, b.rule_ref, COALESCE(b.hardship_id, 0), b.paid_at,
		COALESCE(b.payment_id, 0), COALESCE(p.method, ''), COALESCE(p.payer_member_id, 0),
		COALESCE(NULLIF(p.payer_name, ''), pm.name, '')
		FROM dues_bills b JOIN members m ON m.id = b.member_id JOIN orgs o ON o.id = b.org_id
		LEFT JOIN dues_payments p ON p.id = b.payment_id LEFT JOIN members pm ON pm.id = p.payer_member_id
		WHERE b.month = $1 AND `+where+` ORDER BY b.org_path, m.name, b.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r DuesSheetRow
		var paidAt sql.NullTime
		if err := rows.Scan(&r.BillID, &r.MemberID, &r.MemberName, &r.OrgID, &r.OrgPath, &r.OrgName, &r.Category,
			&r.BaseFen, &r.StandardFen, &r.AmountFen, &r.PaidFen, &r.Status, &r.RuleRef, &r.HardshipID, &paidAt,
			&r.PaymentID, &r.Method, &r.PayerID, &r.PayerName); err != nil {
			return err
		}
		if paidAt.Valid {
			r.PaidAt = paidAt.Time.UTC()
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}
