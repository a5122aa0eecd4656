package store

import (
	"context"
	"database/sql"
	"strings"

	"dangjian/internal/domain"
)

// Bulk writes of party dues for the demo and benchmark loads (a year of bills for a
// synthetic region of 100,000 members and more): profiles, bills already paid or not,
// payments with their items and the test provider's notifications — the same rows the dues
// services write one payment at a time, in multi-row INSERTs inside the caller's
// transaction. Bills and payments carry ids the caller numbers (after NextDuesIDs), so a
// bill names its payment and an item its bill without reading anything back. The caller
// computes every value; these helpers only write.

// DuesRosterRow is a member as a bulk dues load reads it: where the member is, whether and
// since when they are due, and what a plausible dues category follows from.
type DuesRosterRow struct {
	ID          int64
	Name        string
	OrgID       int64
	OrgPath     string
	OrgName     string
	Category    string // full, probationary
	Standing    string
	Gender      string
	BirthDate   domain.Date
	JoinedOn    domain.Date
	LeftOn      domain.Date // zero: on the roster
	Floating    bool
	LostContact bool
}

// DuesRosterAfter returns up to limit members of the subtree at path with ids above afterID,
// by id, on the roster or not (a member who left is billed for the months before).
func (q *Q) DuesRosterAfter(ctx context.Context, path string, afterID int64, limit int) ([]DuesRosterRow, error) {
	args := []any{afterID}
	clause := scopeClause("m.org_path", []string{path}, &args)
	args = append(args, limit)
	var out []DuesRosterRow
	err := q.scanAll(ctx, `SELECT m.id, m.name, m.org_id, m.org_path, o.name, m.category, m.standing, m.gender, m.birth_date,
		m.joined_on, m.left_on, m.floating, m.lost_contact FROM members m JOIN orgs o ON o.id = m.org_id
		WHERE m.id > $1 AND `+clause+` ORDER BY m.id LIMIT `+placeholder(len(args)), args, func(rows *sql.Rows) error {
		var r DuesRosterRow
		if err := rows.Scan(&r.ID, &r.Name, &r.OrgID, &r.OrgPath, &r.OrgName, &r.Category, &r.Standing, &r.Gender, &r.BirthDate,
			&r.JoinedOn, &r.LeftOn, &r.Floating, &r.LostContact); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// NextDuesIDs returns the ids after the largest bill and payment ids: a bulk load numbers its
// bills and payments itself from there, inside the same write transaction.
func (q *Q) NextDuesIDs(ctx context.Context) (bill, payment int64, err error) {
	err = q.q.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(id), 0) + 1 FROM dues_bills),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM dues_payments)`).Scan(&bill, &payment)
	return bill, payment, err
}

// SyncDuesIDs moves PostgreSQL's identity sequences of bills and payments past the rows
// inserted with explicit ids (SQLite picks max(id)+1 by itself).
func (q *Q) SyncDuesIDs(ctx context.Context) error {
	if _, pg := q.d.(postgresDialect); !pg {
		return nil
	}
	for _, table := range []string{"dues_bills", "dues_payments"} {
		if _, err := q.q.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'),
			(SELECT COALESCE(MAX(id), 1) FROM `+table+`))`); err != nil {
			return err
		}
	}
	return nil
}

// insertFlat inserts n rows of len(cols) values into table; fill appends row i's values to
// args. Unlike insertRows it keeps no slice per row: a year of bills for a large region is
// millions of rows.
func (q *Q) insertFlat(ctx context.Context, table string, cols []string, n int, fill func(i int, args []any) []any) error {
	per := min(maxRows, maxParams/len(cols))
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	texts := map[int]string{}
	args := make([]any, 0, per*len(cols))
	for start := 0; start < n; start += per {
		k := min(per, n-start)
		text, ok := texts[k]
		if !ok {
			text = head + valuesList(k, len(cols), q.anonymous())
			texts[k] = text
		}
		args = args[:0]
		for i := start; i < start+k; i++ {
			args = fill(i, args)
		}
		if _, err := q.q.ExecContext(ctx, text, args...); err != nil {
			return err
		}
	}
	return nil
}

var bulkDuesProfileColumns = []string{"member_id", "category", "base_fen", "from_month", "note", "created_by", "created_at"}

// BulkDuesProfiles inserts profiles of members that have none for the month (ids are not
// read back).
func (q *Q) BulkDuesProfiles(ctx context.Context, list []domain.DuesProfile) error {
	return q.insertFlat(ctx, "dues_profiles", bulkDuesProfileColumns, len(list), func(i int, args []any) []any {
		p := &list[i]
		return append(args, p.MemberID, string(p.Category), p.BaseFen, p.FromMonth, p.Note, nullInt(p.CreatedBy), p.CreatedAt.UTC())
	})
}

var bulkDuesBillColumns = []string{"id", "member_id", "org_id", "org_path", "month", "category", "base_fen", "standard_fen",
	"amount_fen", "rule_ref", "hardship_id", "status", "paid_fen", "paid_at", "payment_id", "created_at", "updated_at"}

// BulkDuesBills inserts bills with their ids and every field set, paid ones with their payment.
func (q *Q) BulkDuesBills(ctx context.Context, bills []domain.DuesBill) error {
	return q.insertFlat(ctx, "dues_bills", bulkDuesBillColumns, len(bills), func(i int, args []any) []any {
		b := &bills[i]
		return append(args, b.ID, b.MemberID, b.OrgID, b.OrgPath, b.Month, string(b.Category), b.BaseFen, b.StandardFen,
			b.AmountFen, b.RuleRef, nullInt(b.HardshipID), b.Status, b.PaidFen, duesNullTime(b.PaidAt), nullInt(b.PaymentID),
			b.CreatedAt.UTC(), b.UpdatedAt.UTC())
	})
}

var bulkDuesPaymentColumns = []string{"id", "org_id", "org_path", "method", "status", "amount_fen", "refunded_fen",
	"payer_member_id", "payer_name", "recorded_by", "recorded_by_name", "provider", "order_no", "provider_txn", "pay_url",
	"return_url", "override_reason", "note", "expires_at", "paid_at", "created_at", "updated_at"}

// BulkDuesPayments inserts payments with their ids and every field set (not their items).
func (q *Q) BulkDuesPayments(ctx context.Context, list []domain.DuesPayment) error {
	return q.insertFlat(ctx, "dues_payments", bulkDuesPaymentColumns, len(list), func(i int, args []any) []any {
		p := &list[i]
		return append(args, p.ID, p.OrgID, p.OrgPath, p.Method, p.Status, p.AmountFen, p.RefundedFen, nullInt(p.PayerMemberID),
			p.PayerName, nullInt(p.RecordedBy), p.RecordedByName, p.Provider, duesNullString(p.OrderNo), p.ProviderTxn, p.PayURL,
			p.ReturnURL, p.OverrideReason, p.Note, duesNullTime(p.ExpiresAt), duesNullTime(p.PaidAt), p.CreatedAt.UTC(), p.UpdatedAt.UTC())
	})
}

var bulkDuesItemColumns = []string{"payment_id", "bill_id", "member_id", "org_path", "month", "amount_fen", "status", "on_time"}

// BulkDuesPaymentItems inserts the bills of payments (ids are not read back).
func (q *Q) BulkDuesPaymentItems(ctx context.Context, items []domain.DuesPaymentItem) error {
	return q.insertFlat(ctx, "dues_payment_items", bulkDuesItemColumns, len(items), func(i int, args []any) []any {
		it := &items[i]
		return append(args, it.PaymentID, it.BillID, it.MemberID, it.OrgPath, it.Month, it.AmountFen, it.Status, it.OnTime)
	})
}

var bulkDuesNotificationColumns = []string{"provider", "notify_id", "nonce", "order_no", "amount_fen", "sent_at",
	"received_at", "outcome", "payment_id"}

// BulkDuesNotifications inserts provider notifications as received (ids are not read back).
func (q *Q) BulkDuesNotifications(ctx context.Context, list []DuesNotification) error {
	return q.insertFlat(ctx, "dues_notifications", bulkDuesNotificationColumns, len(list), func(i int, args []any) []any {
		n := &list[i]
		return append(args, n.Provider, n.NotifyID, n.Nonce, n.OrderNo, n.AmountFen, n.SentAt.UTC(), n.ReceivedAt.UTC(),
			n.Outcome, nullInt(n.PaymentID))
	})
}
