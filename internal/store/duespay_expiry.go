package store

import (
	"context"
	"time"
)

// Expiry and cancellation of online dues orders (issue 6 part 3): a pending order past its
// expires_at is closed by the sweep, a payer may cancel their own; each is closed exactly once
// by a conditional UPDATE … WHERE status = 'pending', so any number of instances may sweep.

// ExpiredDuesPayments lists up to limit pending online payments whose expires_at lies before
// now, oldest first.
func (q *Q) ExpiredDuesPayments(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	var ids []int64
	rows, err := q.q.QueryContext(ctx, `SELECT id FROM dues_payments WHERE status = 'pending' AND expires_at IS NOT NULL
		AND expires_at < $1 ORDER BY id LIMIT $2`, now.UTC(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// CloseDuesPayment moves a pending payment to status (expired or cancelled) and its pending
// items to cancelled, and reports whether it did (false: the payment was not pending any more
// — paid, or closed by another instance or request).
func (q *Q) CloseDuesPayment(ctx context.Context, id int64, status string) (bool, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE dues_payments SET status = $1, updated_at = $2 WHERE id = $3 AND status = 'pending'`,
		status, now(), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n != 1 {
		return false, err
	}
	_, err = q.q.ExecContext(ctx, `UPDATE dues_payment_items SET status = 'cancelled' WHERE payment_id = $1 AND status = 'pending'`, id)
	return err == nil, err
}
