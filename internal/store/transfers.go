package store

import (
	"context"
	"encoding/json"
	"strings"

	"dangjian/internal/domain"
)

const transferColumns = `t.id, t.kind, t.status, t.member_id, t.member_name, COALESCE(t.from_org_id, 0),
	COALESCE(fo.name, ''), COALESCE(fo.path, ''), t.from_external_name, COALESCE(t.to_org_id, 0), COALESCE(tg.name, ''),
	COALESCE(tg.path, ''), t.to_external_name, t.reason, t.dues_paid_through, t.valid_days, t.issued_on, t.expires_on,
	t.reported_on, t.receipt_on, t.rejected_on, t.reject_reason, t.letter_no, t.particulars, t.created_at, t.updated_at`

const transferFrom = ` FROM transfers t LEFT JOIN orgs fo ON fo.id = t.from_org_id LEFT JOIN orgs tg ON tg.id = t.to_org_id`

func scanTransfer(row interface{ Scan(...any) error }, t *domain.Transfer) error {
	var particulars string
	err := row.Scan(&t.ID, &t.Kind, &t.Status, &t.MemberID, &t.MemberName, &t.FromOrgID, &t.FromOrgName,
		&t.FromOrgPath, &t.FromExternalName, &t.ToOrgID, &t.ToOrgName, &t.ToOrgPath, &t.ToExternalName, &t.Reason,
		&t.DuesPaidThrough, &t.ValidDays, &t.IssuedOn, &t.ExpiresOn, &t.ReportedOn, &t.ReceiptOn, &t.RejectedOn,
		&t.RejectReason, &t.LetterNo, &particulars, &t.CreatedAt, &t.UpdatedAt)
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(particulars), &t.Particulars)
}

// Transfer returns one transfer (locked inside a write transaction), or ErrNoRows.
func (q *Q) Transfer(ctx context.Context, id int64) (*domain.Transfer, error) {
	var t domain.Transfer
	lock := ""
	if q.forUpdate() != "" {
		lock = " FOR UPDATE OF t"
	}
	if err := scanTransfer(q.q.QueryRowContext(ctx, `SELECT `+transferColumns+transferFrom+` WHERE t.id = $1`+lock, id), &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// TransferFilter selects transfers whose sending or receiving organisation lies in the
// scopes (and under Under); empty Scopes selects nothing.
type TransferFilter struct {
	Scopes   []string
	Under    string
	MemberID int64
	Statuses []string
	AfterID  int64
	Limit    int // 0: no limit
}

// Transfers lists transfers in id order.
func (q *Q) Transfers(ctx context.Context, f TransferFilter) ([]domain.Transfer, error) {
	args := []any{}
	side := func(scopes []string) string {
		return "(" + scopeClause("fo.path", scopes, &args) + " OR " + scopeClause("tg.path", scopes, &args) + ")"
	}
	where := []string{side(f.Scopes)}
	if f.Under != "" {
		where = append(where, side([]string{f.Under}))
	}
	if f.MemberID != 0 {
		args = append(args, f.MemberID)
		where = append(where, "t.member_id = "+placeholder(len(args)))
	}
	if len(f.Statuses) > 0 {
		marks := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			args = append(args, s)
			marks[i] = placeholder(len(args))
		}
		where = append(where, "t.status IN ("+strings.Join(marks, ",")+")")
	}
	if f.AfterID != 0 {
		args = append(args, f.AfterID)
		where = append(where, "t.id > "+placeholder(len(args)))
	}
	text := `SELECT ` + transferColumns + transferFrom + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY t.id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		text += " LIMIT " + placeholder(len(args))
	}
	rows, err := q.q.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Transfer
	for rows.Next() {
		var t domain.Transfer
		if err := scanTransfer(rows, &t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// OpenTransferOf returns the id of the member's transfer still under way (pending or
// accepted without receipt), 0 when none.
func (q *Q) OpenTransferOf(ctx context.Context, memberID int64) (int64, error) {
	var id int64
	err := q.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM transfers WHERE member_id = $1 AND status = $2`,
		memberID, domain.TransferPending).Scan(&id)
	return id, err
}

// InsertTransfer inserts t and sets t.ID.
func (q *Q) InsertTransfer(ctx context.Context, t *domain.Transfer) error {
	particulars, err := json.Marshal(t.Particulars)
	if err != nil {
		return err
	}
	at := now()
	t.CreatedAt, t.UpdatedAt = at, at
	return q.q.QueryRowContext(ctx, `INSERT INTO transfers (kind, status, member_id, member_name, from_org_id,
		from_external_name, to_org_id, to_external_name, reason, dues_paid_through, valid_days, issued_on, expires_on,
		reported_on, receipt_on, rejected_on, reject_reason, letter_no, particulars, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$20) RETURNING id`,
		t.Kind, t.Status, t.MemberID, t.MemberName, nullInt(t.FromOrgID), t.FromExternalName, nullInt(t.ToOrgID),
		t.ToExternalName, t.Reason, t.DuesPaidThrough, t.ValidDays, t.IssuedOn, t.ExpiresOn, t.ReportedOn, t.ReceiptOn,
		t.RejectedOn, t.RejectReason, t.LetterNo, string(particulars), at).Scan(&t.ID)
}

// UpdateTransferState writes the fields that change as a transfer moves on.
func (q *Q) UpdateTransferState(ctx context.Context, t *domain.Transfer) error {
	t.UpdatedAt = now()
	_, err := q.q.ExecContext(ctx, `UPDATE transfers SET status=$1, reported_on=$2, receipt_on=$3, rejected_on=$4,
		reject_reason=$5, letter_no=$6, updated_at=$7 WHERE id=$8`, t.Status, t.ReportedOn, t.ReceiptOn, t.RejectedOn,
		t.RejectReason, t.LetterNo, t.UpdatedAt, t.ID)
	return err
}
