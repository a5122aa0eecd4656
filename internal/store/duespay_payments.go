package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// Payments of party dues (issue 6 part 3): a payment with its items (one per bill), refunds
// and the provider notifications seen. A bill is paid exactly once: MarkDuesBillPaid changes
// it with UPDATE … WHERE status = 'unpaid' and reports whether it did.

const duesPaymentColumns = `p.id, p.org_id, p.org_path, p.method, p.status, p.amount_fen, p.refunded_fen,
	COALESCE(p.payer_member_id, 0), p.payer_name, COALESCE(p.recorded_by, 0), p.recorded_by_name, p.provider,
	COALESCE(p.order_no, ''), p.provider_txn, p.pay_url, p.return_url, p.override_reason, p.note, p.expires_at,
	p.paid_at, p.created_at, p.updated_at`

func scanDuesPayment(row interface{ Scan(...any) error }, p *domain.DuesPayment) error {
	var expires, paid sql.NullTime
	err := row.Scan(&p.ID, &p.OrgID, &p.OrgPath, &p.Method, &p.Status, &p.AmountFen, &p.RefundedFen,
		&p.PayerMemberID, &p.PayerName, &p.RecordedBy, &p.RecordedByName, &p.Provider, &p.OrderNo, &p.ProviderTxn,
		&p.PayURL, &p.ReturnURL, &p.OverrideReason, &p.Note, &expires, &paid, &p.CreatedAt, &p.UpdatedAt)
	p.ExpiresAt, p.PaidAt = time.Time{}, time.Time{}
	if expires.Valid {
		p.ExpiresAt = expires.Time.UTC()
	}
	if paid.Valid {
		p.PaidAt = paid.Time.UTC()
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return err
}

// duesNullTime turns the zero time into NULL.
func duesNullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func duesNullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// InsertDuesPayment stores a new payment (without items) and sets its ID and times.
func (q *Q) InsertDuesPayment(ctx context.Context, p *domain.DuesPayment) error {
	p.CreatedAt = now()
	p.UpdatedAt = p.CreatedAt
	return q.q.QueryRowContext(ctx, `INSERT INTO dues_payments (org_id, org_path, method, status, amount_fen,
		refunded_fen, payer_member_id, payer_name, recorded_by, recorded_by_name, provider, order_no, provider_txn,
		pay_url, return_url, override_reason, note, expires_at, paid_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id`,
		p.OrgID, p.OrgPath, p.Method, p.Status, p.AmountFen, nullInt(p.PayerMemberID), p.PayerName,
		nullInt(p.RecordedBy), p.RecordedByName, p.Provider, duesNullString(p.OrderNo), p.ProviderTxn, p.PayURL,
		p.ReturnURL, p.OverrideReason, p.Note, duesNullTime(p.ExpiresAt), duesNullTime(p.PaidAt), p.CreatedAt).Scan(&p.ID)
}

// InsertDuesPaymentItem stores one bill of a payment and sets its ID.
func (q *Q) InsertDuesPaymentItem(ctx context.Context, it *domain.DuesPaymentItem) error {
	return q.q.QueryRowContext(ctx, `INSERT INTO dues_payment_items (payment_id, bill_id, member_id, org_path, month,
		amount_fen, status, on_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		it.PaymentID, it.BillID, it.MemberID, it.OrgPath, it.Month, it.AmountFen, it.Status, it.OnTime).Scan(&it.ID)
}

// MarkDuesBillPaid marks an unpaid bill paid by a payment (paid_fen = amount_fen) and reports
// whether it did: false when the bill was not unpaid any more — paid by another payment, or
// exempt. This conditional update is what makes a bill paid exactly once, on both engines.
func (q *Q) MarkDuesBillPaid(ctx context.Context, billID, paymentID int64, at time.Time) (bool, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE dues_bills SET status = 'paid', paid_fen = amount_fen, paid_at = $1,
		payment_id = $2, updated_at = $3 WHERE id = $4 AND status = 'unpaid'`, at.UTC(), paymentID, now(), billID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DuesPayment returns a payment with its items and refunds, ErrNoRows when there is none.
// Inside a write transaction on PostgreSQL the payment row is locked.
func (q *Q) DuesPayment(ctx context.Context, id int64) (*domain.DuesPayment, error) {
	return q.duesPaymentWhere(ctx, `p.id = $1`, id)
}

// DuesPaymentByOrder returns the payment of a provider's order number (locked in a write
// transaction on PostgreSQL), ErrNoRows when there is none.
func (q *Q) DuesPaymentByOrder(ctx context.Context, provider, orderNo string) (*domain.DuesPayment, error) {
	return q.duesPaymentWhere(ctx, `p.provider = $1 AND p.order_no = $2`, provider, orderNo)
}

func (q *Q) duesPaymentWhere(ctx context.Context, where string, args ...any) (*domain.DuesPayment, error) {
	var p domain.DuesPayment
	err := scanDuesPayment(q.q.QueryRowContext(ctx, `SELECT `+duesPaymentColumns+` FROM dues_payments p WHERE `+where+q.forUpdate(), args...), &p)
	if err != nil {
		return nil, err
	}
	list := []domain.DuesPayment{p}
	if err := q.fillDuesPayments(ctx, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// fillDuesPayments loads the items (with the members' names) and refunds of payments.
func (q *Q) fillDuesPayments(ctx context.Context, list []domain.DuesPayment) error {
	if len(list) == 0 {
		return nil
	}
	index := make(map[int64]int, len(list))
	args := make([]any, len(list))
	marks := make([]string, len(list))
	for i := range list {
		index[list[i].ID] = i
		list[i].Items, list[i].Refunds = nil, nil
		args[i] = list[i].ID
		marks[i] = placeholder(i + 1)
	}
	in := strings.Join(marks, ", ")
	err := q.scanAll(ctx, `SELECT i.id, i.payment_id, i.bill_id, i.member_id, m.name, i.org_path, i.month, i.amount_fen,
		i.status, i.on_time FROM dues_payment_items i JOIN members m ON m.id = i.member_id
		WHERE i.payment_id IN (`+in+`) ORDER BY i.payment_id, i.month, i.member_id, i.id`, args, func(rows *sql.Rows) error {
		var it domain.DuesPaymentItem
		if err := rows.Scan(&it.ID, &it.PaymentID, &it.BillID, &it.MemberID, &it.MemberName, &it.OrgPath, &it.Month,
			&it.AmountFen, &it.Status, &it.OnTime); err != nil {
			return err
		}
		p := &list[index[it.PaymentID]]
		p.Items = append(p.Items, it)
		return nil
	})
	if err != nil {
		return err
	}
	return q.scanAll(ctx, `SELECT `+duesRefundColumns+` FROM dues_refunds r WHERE r.payment_id IN (`+in+`) ORDER BY r.id`,
		args, func(rows *sql.Rows) error {
			var r domain.DuesRefund
			if err := scanDuesRefund(rows, &r); err != nil {
				return err
			}
			p := &list[index[r.PaymentID]]
			p.Refunds = append(p.Refunds, r)
			return nil
		})
}

// SetDuesPaymentURL records the provider's pay URL of a pending online payment once.
func (q *Q) SetDuesPaymentURL(ctx context.Context, id int64, url string) error {
	_, err := q.q.ExecContext(ctx, `UPDATE dues_payments SET pay_url = $1, updated_at = $2 WHERE id = $3 AND pay_url = ''`,
		url, now(), id)
	return err
}

// MarkDuesPaymentPaid moves an unpaid online payment — pending, or expired or cancelled when
// the provider took the money after all — to paid with the provider's transaction id and
// reports whether it did (false: it was paid already).
func (q *Q) MarkDuesPaymentPaid(ctx context.Context, id int64, txn string, at time.Time) (bool, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE dues_payments SET status = 'paid', provider_txn = $1, paid_at = $2,
		updated_at = $3 WHERE id = $4 AND status IN ('pending', 'expired', 'cancelled')`, txn, at.UTC(), now(), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SetDuesItemStatus moves an item from one status to another (and sets on_time) and reports
// whether it did (false: the item was not in from).
func (q *Q) SetDuesItemStatus(ctx context.Context, itemID int64, from, to string, onTime bool) (bool, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE dues_payment_items SET status = $1, on_time = $2 WHERE id = $3 AND status = $4`,
		to, onTime, itemID, from)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// AddDuesRefunded adds refunded money to a payment.
func (q *Q) AddDuesRefunded(ctx context.Context, paymentID, fen int64) error {
	_, err := q.q.ExecContext(ctx, `UPDATE dues_payments SET refunded_fen = refunded_fen + $1, updated_at = $2 WHERE id = $3`,
		fen, now(), paymentID)
	return err
}

// DuesPaymentFilter selects payments: those with a bill in the scopes (subtree paths), under
// one subtree, of one member (as payer or as the bills' member), method, status, or with a bill
// of one month; keyset pagination newest first (BeforeID).
type DuesPaymentFilter struct {
	Scopes   []string
	Under    string
	MemberID int64
	Method   string
	Status   string
	Month    string
	BeforeID int64
	Limit    int
}

// DuesPayments lists payments newest first with their items and refunds.
func (q *Q) DuesPayments(ctx context.Context, f DuesPaymentFilter) ([]domain.DuesPayment, error) {
	args := []any{}
	var conds []string
	if f.Scopes != nil {
		conds = append(conds, `EXISTS (SELECT 1 FROM dues_payment_items s WHERE s.payment_id = p.id AND `+
			scopeClause("s.org_path", f.Scopes, &args)+`)`)
	}
	if f.Under != "" {
		conds = append(conds, `EXISTS (SELECT 1 FROM dues_payment_items u WHERE u.payment_id = p.id AND `+
			scopeClause("u.org_path", []string{f.Under}, &args)+`)`)
	}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", placeholder(len(args))))
	}
	if f.MemberID != 0 {
		args = append(args, f.MemberID)
		n := placeholder(len(args))
		conds = append(conds, `(p.payer_member_id = `+n+` OR EXISTS (SELECT 1 FROM dues_payment_items w
			WHERE w.payment_id = p.id AND w.member_id = `+n+`))`)
	}
	if f.Method != "" {
		add("p.method = $?", f.Method)
	}
	if f.Status != "" {
		add("p.status = $?", f.Status)
	}
	if f.Month != "" {
		add("EXISTS (SELECT 1 FROM dues_payment_items mo WHERE mo.payment_id = p.id AND mo.month = $?)", f.Month)
	}
	if f.BeforeID != 0 {
		add("p.id < $?", f.BeforeID)
	}
	where := "1 = 1"
	if len(conds) > 0 {
		where = strings.Join(conds, " AND ")
	}
	text := `SELECT ` + duesPaymentColumns + ` FROM dues_payments p WHERE ` + where + ` ORDER BY p.id DESC`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		text += " LIMIT " + placeholder(len(args))
	}
	var out []domain.DuesPayment
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var p domain.DuesPayment
		if err := scanDuesPayment(rows, &p); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, q.fillDuesPayments(ctx, out)
}

// DuesMemberName returns a member's name, ErrNoRows when there is no such member.
func (q *Q) DuesMemberName(ctx context.Context, id int64) (string, error) {
	var name string
	err := q.q.QueryRowContext(ctx, `SELECT name FROM members WHERE id = $1`, id).Scan(&name)
	return name, err
}
