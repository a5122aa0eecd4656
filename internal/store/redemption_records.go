package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"dangjian/internal/domain"
)

// Redemptions and alliance cards. A redemption leaves status held at most once: every
// transition is a conditional UPDATE … WHERE status = 'held' whose row count the caller
// checks inside the transaction that also moves the points and the stock.

const redemptionColumns = `r.id, r.code, r.reward_id, w.name, r.merchant_id, mc.name, r.member_id, m.name, m.org_path,
	r.cost, r.status, r.redeemed_on, r.expires_at, COALESCE(r.hold_entry_id, 0), COALESCE(r.release_entry_id, 0),
	COALESCE(r.created_by, 0), r.settled_at, COALESCE(r.settled_by, 0), r.settled_by_name, r.reason, r.created_at`

const redemptionFrom = ` FROM redemptions r JOIN rewards w ON w.id = r.reward_id JOIN merchants mc ON mc.id = r.merchant_id
	JOIN members m ON m.id = r.member_id`

func scanRedemption(row interface{ Scan(...any) error }, r *domain.Redemption) error {
	var settled sql.NullTime
	err := row.Scan(&r.ID, &r.Code, &r.RewardID, &r.RewardName, &r.MerchantID, &r.MerchantName, &r.MemberID, &r.MemberName,
		&r.OrgPath, &r.Cost, &r.Status, &r.RedeemedOn, &r.ExpiresAt, &r.HoldEntryID, &r.ReleaseEntryID, &r.CreatedBy,
		&settled, &r.SettledBy, &r.SettledByName, &r.Reason, &r.CreatedAt)
	r.ExpiresAt = r.ExpiresAt.UTC()
	r.CreatedAt = r.CreatedAt.UTC()
	if settled.Valid {
		r.SettledAt = settled.Time.UTC()
	}
	return err
}

// RedemptionCodeTaken reports whether a code is in use (codes are random; the UNIQUE index
// is the last guard).
func (q *Q) RedemptionCodeTaken(ctx context.Context, code string) (bool, error) {
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM redemptions WHERE code = $1`, code).Scan(&n)
	return n > 0, err
}

// InsertRedemption stores a new redemption and sets its ID and CreatedAt.
func (q *Q) InsertRedemption(ctx context.Context, r *domain.Redemption) error {
	r.CreatedAt = now()
	return q.q.QueryRowContext(ctx, `INSERT INTO redemptions (code, reward_id, merchant_id, member_id, cost, status,
		redeemed_on, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		r.Code, r.RewardID, r.MerchantID, r.MemberID, int64(r.Cost), r.Status, r.RedeemedOn, r.ExpiresAt.UTC(),
		nullInt(r.CreatedBy), r.CreatedAt).Scan(&r.ID)
}

// SetRedemptionEntries records the ledger entries of the hold and the release (0: unchanged).
func (q *Q) SetRedemptionEntries(ctx context.Context, id, holdEntryID, releaseEntryID int64) error {
	_, err := q.q.ExecContext(ctx, `UPDATE redemptions SET hold_entry_id = COALESCE($1, hold_entry_id),
		release_entry_id = COALESCE($2, release_entry_id) WHERE id = $3`, nullInt(holdEntryID), nullInt(releaseEntryID), id)
	return err
}

// Settlement moves a held redemption to a final status.
type Settlement struct {
	ID     int64
	Status string // fulfilled, cancelled or expired
	At     time.Time
	By     int64 // 0 for the system
	ByName string
	Reason string
	// ExpiredBy, when set, adds the condition expires_at <= ExpiredBy (the expiry sweep).
	ExpiredBy time.Time
}

// SettleRedemption moves the redemption out of held and reports whether this call did it. On
// PostgreSQL a concurrent settlement of the same row waits on the row lock and then finds the
// status changed (0 rows); on SQLite writers are serial. So each redemption is settled by
// exactly one transaction, which then moves points and stock.
func (q *Q) SettleRedemption(ctx context.Context, s Settlement) (bool, error) {
	args := []any{s.Status, s.At.UTC(), nullInt(s.By), s.ByName, s.Reason, s.ID}
	text := `UPDATE redemptions SET status = $1, settled_at = $2, settled_by = $3, settled_by_name = $4, reason = $5
		WHERE id = $6 AND status = 'held'`
	if !s.ExpiredBy.IsZero() {
		args = append(args, s.ExpiredBy.UTC())
		text += " AND expires_at <= $7"
	}
	res, err := q.q.ExecContext(ctx, text, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Redemption returns one redemption, or ErrNoRows.
func (q *Q) Redemption(ctx context.Context, id int64) (*domain.Redemption, error) {
	var r domain.Redemption
	if err := scanRedemption(q.q.QueryRowContext(ctx, `SELECT `+redemptionColumns+redemptionFrom+` WHERE r.id = $1`, id), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// RedemptionByCode returns the redemption with a code, or ErrNoRows.
func (q *Q) RedemptionByCode(ctx context.Context, code string) (*domain.Redemption, error) {
	var r domain.Redemption
	if err := scanRedemption(q.q.QueryRowContext(ctx, `SELECT `+redemptionColumns+redemptionFrom+` WHERE r.code = $1`, code), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// CountMemberRedemptions counts a member's redemptions of a reward that still count against
// the per-member limit (held or fulfilled: cancelled and expired ones gave the points back),
// made on days in [from, to); zero bounds mean no bound.
func (q *Q) CountMemberRedemptions(ctx context.Context, rewardID, memberID int64, from, to domain.Date) (int, error) {
	args := []any{rewardID, memberID}
	text := `SELECT COUNT(*) FROM redemptions WHERE reward_id = $1 AND member_id = $2 AND status IN ('held', 'fulfilled')`
	if !from.IsZero() {
		args = append(args, from, to)
		text += " AND redeemed_on >= $3 AND redeemed_on < $4"
	}
	var n int
	err := q.q.QueryRowContext(ctx, text, args...).Scan(&n)
	return n, err
}

// RedemptionFilter selects redemptions newest first.
type RedemptionFilter struct {
	MemberID   int64
	MerchantID int64
	Status     string
	BeforeID   int64
	Limit      int
}

// Redemptions lists redemptions newest first (keyset paging on BeforeID). A filter without a
// member or a merchant selects nothing: callers always name whose list it is.
func (q *Q) Redemptions(ctx context.Context, f RedemptionFilter) ([]domain.Redemption, error) {
	out := []domain.Redemption{}
	if f.MemberID == 0 && f.MerchantID == 0 {
		return out, nil
	}
	args := []any{}
	var where []string
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, cond+placeholder(len(args)))
	}
	if f.MemberID != 0 {
		add("r.member_id = ", f.MemberID)
	}
	if f.MerchantID != 0 {
		add("r.merchant_id = ", f.MerchantID)
	}
	if f.Status != "" {
		add("r.status = ", f.Status)
	}
	if f.BeforeID != 0 {
		add("r.id < ", f.BeforeID)
	}
	text := `SELECT ` + redemptionColumns + redemptionFrom + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY r.id DESC`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		text += " LIMIT " + placeholder(len(args))
	}
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var r domain.Redemption
		if err := scanRedemption(rows, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// ExpiredHolds returns up to limit ids of redemptions still held whose hold ended by at.
func (q *Q) ExpiredHolds(ctx context.Context, at time.Time, limit int) ([]int64, error) {
	var ids []int64
	err := q.scanAll(ctx, `SELECT id FROM redemptions WHERE status = 'held' AND expires_at <= $1 ORDER BY expires_at, id
		LIMIT $2`, []any{at.UTC(), limit}, func(rows *sql.Rows) error {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	return ids, err
}

// IssueAllianceCard gives the member the card number unless they have a card already.
func (q *Q) IssueAllianceCard(ctx context.Context, memberID int64, number string) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO alliance_cards (member_id, number, issued_at) VALUES ($1, $2, $3)
		ON CONFLICT (member_id) DO NOTHING`, memberID, number, now())
	return err
}

// AllianceCard returns a member's card, or ErrNoRows before their first redemption.
func (q *Q) AllianceCard(ctx context.Context, memberID int64) (*domain.AllianceCard, error) {
	var c domain.AllianceCard
	err := q.q.QueryRowContext(ctx, `SELECT c.member_id, c.number, c.issued_at, m.org_path FROM alliance_cards c
		JOIN members m ON m.id = c.member_id WHERE c.member_id = $1`, memberID).Scan(&c.MemberID, &c.Number, &c.IssuedAt,
		&c.MemberOrg)
	if err != nil {
		return nil, err
	}
	c.IssuedAt = c.IssuedAt.UTC()
	return &c, nil
}
