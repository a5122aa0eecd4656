package store

import (
	"context"
	"database/sql"
	"time"

	"dangjian/internal/domain"
)

const duesRefundColumns = `r.id, r.payment_id, r.item_id, r.bill_id, r.org_path, r.amount_fen, r.reason, r.status,
	r.refund_no, r.provider, r.provider_refund_id, r.failure, COALESCE(r.created_by, 0), r.created_by_name,
	r.created_at, r.updated_at`

func scanDuesRefund(row interface{ Scan(...any) error }, r *domain.DuesRefund) error {
	err := row.Scan(&r.ID, &r.PaymentID, &r.ItemID, &r.BillID, &r.OrgPath, &r.AmountFen, &r.Reason, &r.Status,
		&r.RefundNo, &r.Provider, &r.ProviderRefundID, &r.Failure, &r.CreatedBy, &r.CreatedByName, &r.CreatedAt,
		&r.UpdatedAt)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return err
}

// InsertDuesRefund stores a refund and sets its ID and times.
func (q *Q) InsertDuesRefund(ctx context.Context, r *domain.DuesRefund) error {
	r.CreatedAt = now()
	r.UpdatedAt = r.CreatedAt
	return q.q.QueryRowContext(ctx, `INSERT INTO dues_refunds (payment_id, item_id, bill_id, org_path, amount_fen, reason,
		status, refund_no, provider, provider_refund_id, failure, created_by, created_by_name, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
		r.PaymentID, r.ItemID, r.BillID, r.OrgPath, r.AmountFen, r.Reason, r.Status, r.RefundNo, r.Provider,
		r.ProviderRefundID, r.Failure, nullInt(r.CreatedBy), r.CreatedByName, r.CreatedAt).Scan(&r.ID)
}

// DuesRefund returns one refund (locked in a write transaction on PostgreSQL), ErrNoRows when
// there is none.
func (q *Q) DuesRefund(ctx context.Context, id int64) (*domain.DuesRefund, error) {
	var r domain.DuesRefund
	err := scanDuesRefund(q.q.QueryRowContext(ctx, `SELECT `+duesRefundColumns+` FROM dues_refunds r WHERE r.id = $1`+q.forUpdate(), id), &r)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// FinishDuesRefund moves a pending refund to done or failed and reports whether it did
// (false: it was not pending any more).
func (q *Q) FinishDuesRefund(ctx context.Context, id int64, status, providerRefundID, failure string) (bool, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE dues_refunds SET status = $1, provider_refund_id = $2, failure = $3,
		updated_at = $4 WHERE id = $5 AND status = 'pending'`, status, providerRefundID, failure, now(), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DuesNotification is a provider notification that passed its signature check.
type DuesNotification struct {
	Provider   string
	NotifyID   string
	Nonce      string
	OrderNo    string
	AmountFen  int64
	SentAt     time.Time
	ReceivedAt time.Time
	Outcome    string
	PaymentID  int64
}

// DuesNotificationSeen reports whether a provider's notification id or nonce has been seen.
func (q *Q) DuesNotificationSeen(ctx context.Context, provider, notifyID, nonce string) (bool, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM dues_notifications WHERE provider = $1
		AND (notify_id = $2 OR nonce = $3)`, provider, notifyID, nonce).Scan(&n)
	return n > 0, err
}

// InsertDuesNotification records a notification and reports whether it was new: false when its
// id or nonce was recorded already (a replay, or the same notification processed concurrently,
// which on PostgreSQL waits here for the other transaction to finish).
func (q *Q) InsertDuesNotification(ctx context.Context, n *DuesNotification) (bool, error) {
	n.ReceivedAt = now()
	res, err := q.q.ExecContext(ctx, `INSERT INTO dues_notifications (provider, notify_id, nonce, order_no, amount_fen,
		sent_at, received_at, outcome, payment_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
		n.Provider, n.NotifyID, n.Nonce, n.OrderNo, n.AmountFen, n.SentAt.UTC(), n.ReceivedAt, n.Outcome, nullInt(n.PaymentID))
	if err != nil {
		return false, err
	}
	c, err := res.RowsAffected()
	return c == 1, err
}

// SetDuesNotificationOutcome records what a notification did.
func (q *Q) SetDuesNotificationOutcome(ctx context.Context, provider, notifyID, outcome string) error {
	_, err := q.q.ExecContext(ctx, `UPDATE dues_notifications SET outcome = $1 WHERE provider = $2 AND notify_id = $3`,
		outcome, provider, notifyID)
	return err
}

// DuesNotificationCount counts the notifications recorded for an order (tests, the payment page).
func (q *Q) DuesNotificationCount(ctx context.Context, provider, orderNo string) (int, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM dues_notifications WHERE provider = $1 AND order_no = $2`,
		provider, orderNo).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return n, err
}
