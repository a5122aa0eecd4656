package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// The party-fund pool's ledger (issue 6 part 6): entries, the running account per
// organisation, and the aggregates of the yearly report. Entries are append-only in effect
// (migration 00019's triggers); the only UPDATE is a spending request's decision.

// LockFundAccount makes sure the organisation's fund account exists and locks it for the
// rest of the transaction (FOR UPDATE on PostgreSQL; SQLite's writer is exclusive already),
// returning its balance. Every write of an organisation's ledger takes this lock first, so
// they are serialised per organisation.
func (q *Q) LockFundAccount(ctx context.Context, orgID int64) (int64, error) {
	if _, err := q.q.ExecContext(ctx, `INSERT INTO fund_accounts (org_id, updated_at) VALUES ($1, $2)
		ON CONFLICT (org_id) DO NOTHING`, orgID, now()); err != nil {
		return 0, err
	}
	var bal int64
	err := q.q.QueryRowContext(ctx, `SELECT balance_fen FROM fund_accounts WHERE org_id = $1`+q.forUpdate(), orgID).Scan(&bal)
	return bal, err
}

// MoveFundAccount applies a counted entry to the organisation's running account: income adds
// to income and balance, spending to spending and takes from balance (a reversal's negative
// amount undoes either).
func (q *Q) MoveFundAccount(ctx context.Context, orgID int64, kind string, amount int64) error {
	in, out := amount, int64(0)
	if kind == domain.FundSpending {
		in, out = 0, amount
	}
	_, err := q.q.ExecContext(ctx, `UPDATE fund_accounts SET balance_fen = balance_fen + $1 - $2, income_fen = income_fen + $1,
		spending_fen = spending_fen + $2, entries = entries + 1, updated_at = $3 WHERE org_id = $4`, in, out, now(), orgID)
	return err
}

// FundAccount is an organisation's running account.
type FundAccount struct {
	OrgID                              int64
	BalanceFen, IncomeFen, SpendingFen int64
	Entries                            int64
}

// FundAccountOf returns the running account (zero when none was opened yet).
func (q *Q) FundAccountOf(ctx context.Context, orgID int64) (FundAccount, error) {
	a := FundAccount{OrgID: orgID}
	err := q.q.QueryRowContext(ctx, `SELECT balance_fen, income_fen, spending_fen, entries FROM fund_accounts WHERE org_id = $1`,
		orgID).Scan(&a.BalanceFen, &a.IncomeFen, &a.SpendingFen, &a.Entries)
	if err == sql.ErrNoRows {
		return a, nil
	}
	return a, err
}

// countedSQL is the condition of an entry in the balance, signedSQL its effect.
const (
	countedSQL = `((e.kind = 'income' AND e.status = 'posted') OR (e.kind = 'spending' AND e.status = 'approved'))`
	signedSQL  = `CASE WHEN e.kind = 'income' THEN e.amount_fen ELSE -e.amount_fen END`
)

// FundLedgerBalance recomputes an organisation's balance from its entries (the running
// account must agree; tests and checks compare them).
func (q *Q) FundLedgerBalance(ctx context.Context, orgID int64) (int64, error) {
	var n int64
	err := q.q.QueryRowContext(ctx, `SELECT COALESCE(SUM(`+signedSQL+`), 0) FROM fund_entries e
		WHERE e.org_id = $1 AND `+countedSQL, orgID).Scan(&n)
	return n, err
}

const fundEntryColumns = `e.id, e.org_id, o.name, e.kind, e.category, e.category_name, e.amount_fen, e.base_fen,
	e.entry_date, e.year, e.month, e.description, COALESCE(e.member_id, 0), e.payer_name, e.status, e.remit_required,
	COALESCE(e.reverses_id, 0), COALESCE(e.remits_id, 0), e.dues_month, e.return_reason, COALESCE(e.created_by, 0),
	e.created_by_name, e.created_at, COALESCE(e.decided_by, 0), e.decided_by_name, e.decided_at,
	COALESCE((SELECT r.id FROM fund_entries r WHERE r.reverses_id = e.id), 0),
	COALESCE((SELECT m.id FROM fund_entries m WHERE m.remits_id = e.id
		AND NOT EXISTS (SELECT 1 FROM fund_entries x WHERE x.reverses_id = m.id) ORDER BY m.id DESC LIMIT 1), 0)`

const fundEntryFrom = ` FROM fund_entries e JOIN orgs o ON o.id = e.org_id`

func scanFundEntry(row interface{ Scan(...any) error }, e *domain.FundEntry) error {
	var decided sql.NullTime
	err := row.Scan(&e.ID, &e.OrgID, &e.OrgName, &e.Kind, &e.Category, &e.CategoryName, &e.AmountFen, &e.BaseFen,
		&e.Date, &e.Year, &e.Month, &e.Description, &e.MemberID, &e.PayerName, &e.Status, &e.RemitRequired,
		&e.ReversesID, &e.RemitsID, &e.DuesMonth, &e.ReturnReason, &e.CreatedBy,
		&e.CreatedByName, &e.CreatedAt, &e.DecidedBy, &e.DecidedByName, &decided,
		&e.ReversedByID, &e.RemittedByID)
	e.CreatedAt = e.CreatedAt.UTC()
	if decided.Valid {
		e.DecidedAt = decided.Time.UTC()
	}
	return err
}

// InsertFundEntry stores a new entry and sets its ID, Year, Month and CreatedAt.
func (q *Q) InsertFundEntry(ctx context.Context, e *domain.FundEntry) error {
	e.CreatedAt = now()
	e.Year = e.Date.Time().Year()
	e.Month = e.Date.Time().Format("2006-01")
	var decided any
	if !e.DecidedAt.IsZero() {
		decided = e.DecidedAt.UTC().Truncate(time.Microsecond)
	}
	return q.q.QueryRowContext(ctx, `INSERT INTO fund_entries (org_id, kind, category, category_name, amount_fen, base_fen,
		entry_date, year, month, description, member_id, payer_name, status, remit_required, reverses_id, remits_id,
		dues_month, created_by, created_by_name, created_at, decided_by, decided_by_name, decided_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
		RETURNING id`, e.OrgID, e.Kind, e.Category, e.CategoryName, e.AmountFen, e.BaseFen, e.Date, e.Year, e.Month,
		e.Description, nullInt(e.MemberID), e.PayerName, e.Status, e.RemitRequired, nullInt(e.ReversesID), nullInt(e.RemitsID),
		e.DuesMonth, nullInt(e.CreatedBy), e.CreatedByName, e.CreatedAt, nullInt(e.DecidedBy), e.DecidedByName, decided).Scan(&e.ID)
}

// FundEntry returns one entry with its derived links and attachments, or ErrNoRows.
func (q *Q) FundEntry(ctx context.Context, id int64) (*domain.FundEntry, error) {
	var e domain.FundEntry
	if err := scanFundEntry(q.q.QueryRowContext(ctx, `SELECT `+fundEntryColumns+fundEntryFrom+` WHERE e.id = $1`, id), &e); err != nil {
		return nil, err
	}
	if e.RemittedByID != 0 {
		if err := q.q.QueryRowContext(ctx, `SELECT entry_date FROM fund_entries WHERE id = $1`, e.RemittedByID).Scan(&e.RemittedOn); err != nil {
			return nil, err
		}
	}
	var err error
	e.Attachments, err = q.FundAttachments(ctx, e.ID)
	return &e, err
}

// FundEntryFilter selects entries of one organisation, newest recorded first.
type FundEntryFilter struct {
	OrgID    int64
	Year     int // 0: every year
	Kind     string
	Status   string
	Category string
	BeforeID int64
	Limit    int
}

// FundEntries lists entries by id, newest first (keyset on BeforeID).
func (q *Q) FundEntries(ctx context.Context, f FundEntryFilter) ([]domain.FundEntry, error) {
	args := []any{f.OrgID}
	conds := []string{"e.org_id = $1"}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, cond+placeholder(len(args)))
	}
	if f.Year != 0 {
		add("e.year = ", f.Year)
	}
	if f.Kind != "" {
		add("e.kind = ", f.Kind)
	}
	if f.Status != "" {
		add("e.status = ", f.Status)
	}
	if f.Category != "" {
		add("e.category = ", f.Category)
	}
	if f.BeforeID != 0 {
		add("e.id < ", f.BeforeID)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	args = append(args, f.Limit)
	return q.fundEntryList(ctx, `SELECT `+fundEntryColumns+fundEntryFrom+` WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY e.id DESC LIMIT `+placeholder(len(args)), args...)
}

func (q *Q) fundEntryList(ctx context.Context, query string, args ...any) ([]domain.FundEntry, error) {
	rows, err := q.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.FundEntry{}
	for rows.Next() {
		var e domain.FundEntry
		if err := scanFundEntry(rows, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// FundApprovals lists the submitted spending requests of the organisations in scopes, oldest
// first, leaving out those created by exceptUser (nobody decides their own request).
func (q *Q) FundApprovals(ctx context.Context, scopes []string, exceptUser int64, limit int) ([]domain.FundEntry, error) {
	args := []any{}
	where := scopeClause("o.path", scopes, &args)
	args = append(args, exceptUser)
	where += " AND e.status = 'submitted' AND COALESCE(e.created_by, 0) <> " + placeholder(len(args))
	if limit <= 0 {
		limit = 200
	}
	args = append(args, limit)
	return q.fundEntryList(ctx, `SELECT `+fundEntryColumns+fundEntryFrom+` WHERE `+where+` ORDER BY e.id LIMIT `+placeholder(len(args)), args...)
}

// DecideFundEntry moves a submitted spending request to approved or returned and reports
// whether it did (false: decided already).
func (q *Q) DecideFundEntry(ctx context.Context, id int64, status, reason string, by int64, byName string) (bool, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE fund_entries SET status = $1, return_reason = $2, decided_by = $3,
		decided_by_name = $4, decided_at = $5 WHERE id = $6 AND status = 'submitted'`, status, reason, nullInt(by), byName, now(), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FundSums aggregates the counted entries of an organisation's year by kind, category and
// month.
func (q *Q) FundSums(ctx context.Context, orgID int64, year int) ([]domain.FundSum, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT e.kind, e.category, MAX(e.category_name), e.month, SUM(e.amount_fen), COUNT(*)
		FROM fund_entries e WHERE e.org_id = $1 AND e.year = $2 AND `+countedSQL+`
		GROUP BY e.kind, e.category, e.month ORDER BY e.kind, e.category, e.month`, orgID, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.FundSum{}
	for rows.Next() {
		var s domain.FundSum
		if err := rows.Scan(&s.Kind, &s.Category, &s.CategoryName, &s.Month, &s.AmountFen, &s.Count); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// FundBalanceBefore is the balance carried into year: every counted entry of the years
// before it.
func (q *Q) FundBalanceBefore(ctx context.Context, orgID int64, year int) (int64, error) {
	var n int64
	err := q.q.QueryRowContext(ctx, `SELECT COALESCE(SUM(`+signedSQL+`), 0) FROM fund_entries e
		WHERE e.org_id = $1 AND e.year < $2 AND `+countedSQL, orgID, year).Scan(&n)
	return n, err
}

// FundPending sums the submitted spending requests of a year.
func (q *Q) FundPending(ctx context.Context, orgID int64, year int) (int64, int, error) {
	var fen int64
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount_fen), 0), COUNT(*) FROM fund_entries
		WHERE org_id = $1 AND year = $2 AND status = 'submitted'`, orgID, year).Scan(&fen, &n)
	return fen, n, err
}

// FundToRemit lists the voluntary payments dated up to through (inclusive; zero: any date)
// that must be remitted upward and are not yet: not reversed, and without a remittance that
// stands.
func (q *Q) FundToRemit(ctx context.Context, orgID int64, through domain.Date) ([]domain.FundEntry, error) {
	args := []any{orgID}
	cond := ""
	if !through.IsZero() {
		args = append(args, through)
		cond = " AND e.entry_date <= $2"
	}
	return q.fundEntryList(ctx, `SELECT `+fundEntryColumns+fundEntryFrom+` WHERE e.org_id = $1 AND e.remit_required
		AND e.reverses_id IS NULL AND `+countedSQL+cond+`
		AND NOT EXISTS (SELECT 1 FROM fund_entries r WHERE r.reverses_id = e.id)
		AND NOT EXISTS (SELECT 1 FROM fund_entries m WHERE m.remits_id = e.id
			AND NOT EXISTS (SELECT 1 FROM fund_entries x WHERE x.reverses_id = m.id))
		ORDER BY e.entry_date, e.id`, args...)
}

// FundDuesBooked sums, per month of dues, what an organisation's ledger has booked of the
// dues collected (reversals included) for the months of year.
func (q *Q) FundDuesBooked(ctx context.Context, orgID int64, year int) (map[string]int64, error) {
	return q.monthSums(ctx, `SELECT e.dues_month, COALESCE(SUM(e.amount_fen), 0) FROM fund_entries e
		WHERE e.org_id = $1 AND e.dues_month >= $2 AND e.dues_month <= $3 AND `+countedSQL+` GROUP BY e.dues_month`,
		orgID, itoa(year)+"-01", itoa(year)+"-12")
}

// DuesCollected sums the dues paid on the bills of an organisation's subtree, per billed
// month of year (dues_bills of issue 6 parts 3 and 4).
func (q *Q) DuesCollected(ctx context.Context, orgPath string, year int) (map[string]int64, error) {
	args := []any{}
	where := scopeClause("org_path", []string{orgPath}, &args)
	args = append(args, itoa(year)+"-01", itoa(year)+"-12")
	return q.monthSums(ctx, `SELECT month, COALESCE(SUM(paid_fen), 0) FROM dues_bills WHERE `+where+
		` AND month >= `+placeholder(len(args)-1)+` AND month <= `+placeholder(len(args))+` GROUP BY month`, args...)
}
