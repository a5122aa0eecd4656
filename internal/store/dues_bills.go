package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// Dues bills (issue 6): one row per member and month, UNIQUE (member_id, month). Generation
// inserts with ON CONFLICT DO NOTHING, so running it twice, or twice at the same time, bills
// each member once.

const duesBillColumns = `b.id, b.member_id, m.name, b.org_id, o.name, b.org_path, b.month, b.category, b.base_fen,
	b.standard_fen, b.amount_fen, b.rule_ref, COALESCE(b.hardship_id, 0), b.status, b.paid_fen, b.paid_at,
	COALESCE(b.payment_id, 0), b.created_at, b.updated_at`

const duesBillFrom = ` FROM dues_bills b JOIN members m ON m.id = b.member_id JOIN orgs o ON o.id = b.org_id`

func scanDuesBill(row interface{ Scan(...any) error }, b *domain.DuesBill) error {
	var paid sql.NullTime
	var cat string
	err := row.Scan(&b.ID, &b.MemberID, &b.MemberName, &b.OrgID, &b.OrgName, &b.OrgPath, &b.Month, &cat, &b.BaseFen,
		&b.StandardFen, &b.AmountFen, &b.RuleRef, &b.HardshipID, &b.Status, &b.PaidFen, &paid, &b.PaymentID,
		&b.CreatedAt, &b.UpdatedAt)
	b.Category = domain.DuesCategory(cat)
	b.PaidAt = time.Time{}
	if paid.Valid {
		b.PaidAt = paid.Time.UTC()
	}
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	return err
}

// DuesBill returns one bill with its member's and organisation's names (any scope; callers
// check), ErrNoRows when there is none. Inside a write transaction on PostgreSQL the row is
// locked.
func (q *Q) DuesBill(ctx context.Context, id int64) (*domain.DuesBill, error) {
	var b domain.DuesBill
	lock := ""
	if q.forUpdate() != "" {
		lock = " FOR UPDATE OF b"
	}
	err := scanDuesBill(q.q.QueryRowContext(ctx, `SELECT `+duesBillColumns+duesBillFrom+` WHERE b.id = $1`+lock, id), &b)
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// DuesBillFilter selects bills: in the scopes (subtree paths of the bill's org_path), under one
// subtree, of one month, member or status; keyset pagination by id.
type DuesBillFilter struct {
	Scopes   []string
	Under    string // subtree path
	Month    string
	MemberID int64
	Status   string
	AfterID  int64
	Limit    int
}

// DuesBills lists bills in id order.
func (q *Q) DuesBills(ctx context.Context, f DuesBillFilter) ([]domain.DuesBill, error) {
	args := []any{}
	conds := []string{scopeClause("b.org_path", f.Scopes, &args)}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", placeholder(len(args))))
	}
	if f.Under != "" {
		conds = append(conds, scopeClause("b.org_path", []string{f.Under}, &args))
	}
	if f.Month != "" {
		add("b.month = $?", f.Month)
	}
	if f.MemberID != 0 {
		add("b.member_id = $?", f.MemberID)
	}
	if f.Status != "" {
		add("b.status = $?", f.Status)
	}
	if f.AfterID != 0 {
		add("b.id > $?", f.AfterID)
	}
	text := `SELECT ` + duesBillColumns + duesBillFrom + ` WHERE ` + strings.Join(conds, " AND ") + ` ORDER BY b.id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		text += " LIMIT " + placeholder(len(args))
	}
	var out []domain.DuesBill
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var b domain.DuesBill
		if err := scanDuesBill(rows, &b); err != nil {
			return err
		}
		out = append(out, b)
		return nil
	})
	return out, err
}

// DuesBillCounts counts the bills of a month under a subtree by status.
func (q *Q) DuesBillCounts(ctx context.Context, under, month string) (map[string]int, error) {
	args := []any{month}
	text := `SELECT status, COUNT(*) FROM dues_bills b WHERE b.month = $1 AND ` + scopeClause("b.org_path", []string{under}, &args) + ` GROUP BY status`
	out := map[string]int{}
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return err
		}
		out[s] = n
		return nil
	})
	return out, err
}

// DuesGenMember is a member as bill generation reads it: with the profile in force for the
// month (ProfileID 0 when none) and the approved hardship covering it (HardshipID 0 when none).
type DuesGenMember struct {
	ID           int64
	OrgID        int64
	OrgPath      string
	Standing     string
	JoinedOn     domain.Date
	ProfileID    int64
	Category     string
	BaseFen      int64
	HardshipID   int64
	HardshipKind string
	HardshipFen  int64
}

// CountMembersUnder counts the members of a subtree still on the roster at the end of a month
// (left_on NULL or not before next, the first day of the following month).
func (q *Q) CountMembersUnder(ctx context.Context, under string, next domain.Date) (int, error) {
	args := []any{next}
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM members m WHERE (m.left_on IS NULL OR m.left_on >= $1) AND `+
		scopeClause("m.org_path", []string{under}, &args), args...).Scan(&n)
	return n, err
}

// DuesMemberIDsUnder returns the ids of the members of a subtree still on the roster at the
// end of a month (left_on NULL or not before next, the first day of the following month), in
// id order. It reads the (org_path, …, left_on, …, id) index alone.
func (q *Q) DuesMemberIDsUnder(ctx context.Context, under string, next domain.Date) ([]int64, error) {
	args := []any{next}
	var out []int64
	err := q.scanAll(ctx, `SELECT m.id FROM members m WHERE (m.left_on IS NULL OR m.left_on >= $1) AND `+
		scopeClause("m.org_path", []string{under}, &args), args, func(rows *sql.Rows) error {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		out = append(out, id)
		return nil
	})
	slices.Sort(out)
	return out, err
}

// idSet is how a chunk of ids (sorted) is selected: a range when the ids are dense (one
// ordered index range, rows outside the chunk dropped by the caller), an IN list otherwise
// (one index seek each). first is the number of the first placeholder.
func (q *Q) idSet(col string, ids []int64, first int) (string, []any) {
	lo, hi := ids[0], ids[len(ids)-1]
	if hi-lo < int64(2*len(ids)) {
		if q.anonymous() {
			return col + " >= ? AND " + col + " <= ?", []any{lo, hi}
		}
		return col + " >= " + placeholder(first) + " AND " + col + " <= " + placeholder(first+1), []any{lo, hi}
	}
	var b strings.Builder
	args := make([]any, len(ids))
	b.WriteString(col + " IN (")
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		if q.anonymous() {
			b.WriteByte('?')
		} else {
			b.WriteString(placeholder(first + i))
		}
		args[i] = id
	}
	b.WriteByte(')')
	return b.String(), args
}

// mark is the n-th placeholder, or "?" on SQLite (see anonymous).
func (q *Q) mark(n int) string {
	if q.anonymous() {
		return "?"
	}
	return placeholder(n)
}

// DuesGenMembers reads the members with the given ids (sorted; ids not among them are left
// out) as bill generation needs them: with the profile in force for month and the latest
// approved hardship covering it. Three index reads per chunk, no per-member statement.
func (q *Q) DuesGenMembers(ctx context.Context, ids []int64, month string) ([]DuesGenMember, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	want := make(map[int64]int, len(ids))
	out := make([]DuesGenMember, 0, len(ids))
	cond, args := q.idSet("id", ids, 1)
	err := q.scanAll(ctx, `SELECT id, org_id, org_path, standing, joined_on FROM members WHERE `+cond, args,
		func(rows *sql.Rows) error {
			var g DuesGenMember
			if err := rows.Scan(&g.ID, &g.OrgID, &g.OrgPath, &g.Standing, &g.JoinedOn); err != nil {
				return err
			}
			if _, ok := slices.BinarySearch(ids, g.ID); ok {
				want[g.ID] = len(out)
				out = append(out, g)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	cond, args = q.idSet("member_id", ids, 1)
	args = append(args, month)
	err = q.scanAll(ctx, `SELECT id, member_id, category, base_fen FROM dues_profiles WHERE `+cond+` AND from_month <= `+
		q.mark(len(args))+` ORDER BY member_id, from_month`, args, func(rows *sql.Rows) error {
		var id, member, base int64
		var cat string
		if err := rows.Scan(&id, &member, &cat, &base); err != nil {
			return err
		}
		if i, ok := want[member]; ok { // a later from_month overwrites an earlier one
			out[i].ProfileID, out[i].Category, out[i].BaseFen = id, cat, base
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cond, args = q.idSet("member_id", ids, 1)
	args = append(args, month)
	n := len(args)
	err = q.scanAll(ctx, `SELECT id, member_id, kind, amount_fen FROM dues_hardship WHERE `+cond+` AND status = 'approved'
		AND from_month <= `+q.mark(n)+` AND to_month >= `+q.mark(n+1)+` ORDER BY id`, append(args, month),
		func(rows *sql.Rows) error {
			var id, member, amount int64
			var kind string
			if err := rows.Scan(&id, &member, &kind, &amount); err != nil {
				return err
			}
			if i, ok := want[member]; ok { // the latest approval wins
				out[i].HardshipID, out[i].HardshipKind, out[i].HardshipFen = id, kind, amount
			}
			return nil
		})
	return out, err
}

// DuesBilledAmong returns which of the members (ids sorted) have the month's bill already.
func (q *Q) DuesBilledAmong(ctx context.Context, ids []int64, month string) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	cond, args := q.idSet("member_id", ids, 1)
	args = append(args, month)
	err := q.scanAll(ctx, `SELECT member_id FROM dues_bills WHERE `+cond+` AND month = `+q.mark(len(args)), args,
		func(rows *sql.Rows) error {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out[id] = true
			return nil
		})
	return out, err
}

// AnyDuesBill reports whether the subtree has any bill of the month.
func (q *Q) AnyDuesBill(ctx context.Context, under, month string) (bool, error) {
	args := []any{month}
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM dues_bills b WHERE b.month = $1 AND `+
		scopeClause("b.org_path", []string{under}, &args)+` LIMIT 1) x`, args...).Scan(&n)
	return n > 0, err
}

// duesBillInsertColumns are the columns bill generation writes.
var duesBillInsertColumns = []string{"member_id", "org_id", "org_path", "month", "category", "base_fen", "standard_fen",
	"amount_fen", "rule_ref", "hardship_id", "status", "created_at", "updated_at"}

// InsertDuesBills inserts the bills in multi-row statements, skipping any whose member already
// has a bill for the month (ON CONFLICT DO NOTHING), and returns how many it inserted. Callers
// pass bills sorted by member id, so concurrent generations take the unique-index locks in
// one order and cannot deadlock on PostgreSQL.
func (q *Q) InsertDuesBills(ctx context.Context, bills []domain.DuesBill) (int, error) {
	cols := len(duesBillInsertColumns)
	per := min(maxRows, maxParams/cols)
	head := "INSERT INTO dues_bills (" + strings.Join(duesBillInsertColumns, ", ") + ") VALUES "
	t := now()
	args := make([]any, 0, per*cols)
	inserted := 0
	var fullText string
	for start := 0; start < len(bills); start += per {
		chunk := bills[start:min(start+per, len(bills))]
		text := fullText
		if len(chunk) != per || text == "" {
			text = head + valuesList(len(chunk), cols, q.anonymous()) + " ON CONFLICT (member_id, month) DO NOTHING"
			if len(chunk) == per {
				fullText = text
			}
		}
		args = args[:0]
		for i := range chunk {
			b := &chunk[i]
			b.CreatedAt, b.UpdatedAt = t, t
			args = append(args, b.MemberID, b.OrgID, b.OrgPath, b.Month, string(b.Category), b.BaseFen, b.StandardFen,
				b.AmountFen, b.RuleRef, nullInt(b.HardshipID), b.Status, t, t)
		}
		res, err := q.q.ExecContext(ctx, text, args...)
		if err != nil {
			return inserted, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return inserted, err
		}
		inserted += int(n)
	}
	return inserted, nil
}

// DuesBillReprice is a new amount for the unpaid bills of a member from a month on.
type DuesBillReprice struct {
	BillID      int64
	Category    string
	BaseFen     int64
	StandardFen int64
	AmountFen   int64
	RuleRef     string
	HardshipID  int64
	Status      string // unpaid or exempt
}

// OpenDuesBills returns a member's bills of months from..to (to "" = no end) that nothing
// has been paid on yet (status unpaid or exempt, paid_fen 0, no payment): the bills a change
// of profile or an approved hardship may still reprice.
func (q *Q) OpenDuesBills(ctx context.Context, memberID int64, from, to string) ([]domain.DuesBill, error) {
	args := []any{memberID, from}
	text := `SELECT ` + duesBillColumns + duesBillFrom + ` WHERE b.member_id = $1 AND b.month >= $2
		AND b.status IN ('unpaid', 'exempt') AND b.paid_fen = 0 AND b.payment_id IS NULL`
	if to != "" {
		args = append(args, to)
		text += " AND b.month <= $3"
	}
	text += " ORDER BY b.month"
	var out []domain.DuesBill
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var b domain.DuesBill
		if err := scanDuesBill(rows, &b); err != nil {
			return err
		}
		out = append(out, b)
		return nil
	})
	return out, err
}

// RepriceDuesBill sets a bill's amounts if nothing has been paid on it yet and reports whether
// it did.
func (q *Q) RepriceDuesBill(ctx context.Context, r DuesBillReprice) (bool, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE dues_bills SET category = $1, base_fen = $2, standard_fen = $3, amount_fen = $4,
		rule_ref = $5, hardship_id = $6, status = $7, updated_at = $8
		WHERE id = $9 AND status IN ('unpaid', 'exempt') AND paid_fen = 0 AND payment_id IS NULL`,
		r.Category, r.BaseFen, r.StandardFen, r.AmountFen, r.RuleRef, nullInt(r.HardshipID), r.Status, now(), r.BillID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// HasOrgRule reports whether any organisation has its own row of the rule key (so callers
// that look a rule up for many members know whether the global row is all there is).
func (q *Q) HasOrgRule(ctx context.Context, key string) (bool, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM rules WHERE key = $1 AND org_id IS NOT NULL`, key).Scan(&n)
	return n > 0, err
}

// DuesBillSummary is a month's totals under a subtree.
type DuesBillSummary struct {
	Bills     int
	Exempt    int
	Reduced   int // not exempt, with a hardship reduction
	AmountFen int64
}

// DuesBillSummary sums the month's bills under a subtree.
func (q *Q) DuesBillSummary(ctx context.Context, under, month string) (DuesBillSummary, error) {
	args := []any{month}
	var s DuesBillSummary
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN b.status = 'exempt' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN b.status <> 'exempt' AND b.hardship_id IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(b.amount_fen), 0) FROM dues_bills b WHERE b.month = $1 AND `+
		scopeClause("b.org_path", []string{under}, &args), args...).Scan(&s.Bills, &s.Exempt, &s.Reduced, &s.AmountFen)
	return s, err
}
