package store

import (
	"context"
	"database/sql"
	"strings"

	"dangjian/internal/domain"
)

const rewardColumns = `w.id, w.merchant_id, mc.name, o.path, w.name, w.description, w.cost, w.stock, w.per_member_limit,
	w.limit_period, w.valid_from, w.valid_to, w.status, mc.status, w.created_at, w.updated_at`

const rewardFrom = ` FROM rewards w JOIN merchants mc ON mc.id = w.merchant_id JOIN orgs o ON o.id = mc.org_id`

func scanReward(row interface{ Scan(...any) error }, r *domain.Reward) error {
	return row.Scan(&r.ID, &r.MerchantID, &r.MerchantName, &r.OrgPath, &r.Name, &r.Description, &r.Cost, &r.Stock,
		&r.PerMemberLimit, &r.LimitPeriod, &r.ValidFrom, &r.ValidTo, &r.Status, &r.MerchantStatus, &r.CreatedAt, &r.UpdatedAt)
}

// InsertReward stores a new reward and sets its ID and times.
func (q *Q) InsertReward(ctx context.Context, r *domain.Reward) error {
	r.CreatedAt = now()
	r.UpdatedAt = r.CreatedAt
	return q.q.QueryRowContext(ctx, `INSERT INTO rewards (merchant_id, name, description, cost, stock, per_member_limit,
		limit_period, valid_from, valid_to, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
		$10, $11, $12) RETURNING id`, r.MerchantID, r.Name, r.Description, int64(r.Cost), r.Stock, r.PerMemberLimit,
		r.LimitPeriod, r.ValidFrom, r.ValidTo, r.Status, r.CreatedAt, r.UpdatedAt).Scan(&r.ID)
}

// UpdateReward stores a reward's fields (stock included: call it on a locked row).
func (q *Q) UpdateReward(ctx context.Context, r *domain.Reward) error {
	r.UpdatedAt = now()
	_, err := q.q.ExecContext(ctx, `UPDATE rewards SET name = $1, description = $2, cost = $3, stock = $4,
		per_member_limit = $5, limit_period = $6, valid_from = $7, valid_to = $8, status = $9, updated_at = $10
		WHERE id = $11`, r.Name, r.Description, int64(r.Cost), r.Stock, r.PerMemberLimit, r.LimitPeriod, r.ValidFrom,
		r.ValidTo, r.Status, r.UpdatedAt, r.ID)
	return err
}

// Reward returns one reward, or ErrNoRows.
func (q *Q) Reward(ctx context.Context, id int64) (*domain.Reward, error) {
	return q.reward(ctx, id, "")
}

// LockReward returns a reward locked for the rest of the write transaction: FOR UPDATE on
// PostgreSQL, where redemptions of the same reward queue here, so stock and per-member counts
// read after it cannot change under the caller; SQLite's write transaction is exclusive.
func (q *Q) LockReward(ctx context.Context, id int64) (*domain.Reward, error) {
	return q.reward(ctx, id, q.forUpdate())
}

func (q *Q) reward(ctx context.Context, id int64, lock string) (*domain.Reward, error) {
	var r domain.Reward
	// FOR UPDATE OF w: only the reward row is locked, not the merchant and organisation joined.
	if lock != "" {
		lock += " OF w"
	}
	if err := scanReward(q.q.QueryRowContext(ctx, `SELECT `+rewardColumns+rewardFrom+` WHERE w.id = $1`+lock, id), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// AddRewardStock changes a reward's stock by delta (−1 for a redemption, +1 for a release).
// The CHECK (stock >= 0) refuses a negative result even if a caller forgot the lock.
func (q *Q) AddRewardStock(ctx context.Context, id, delta int64) error {
	_, err := q.q.ExecContext(ctx, `UPDATE rewards SET stock = stock + $1, updated_at = $2 WHERE id = $3`, delta, now(), id)
	return err
}

// RewardFilter selects rewards in id order. Rewards seen through the visibility's member path
// (PathOrgIDs) are only those available on Day; the others see every reward of the merchant.
type RewardFilter struct {
	Visibility MerchantVisibility
	Day        domain.Date
	MerchantID int64
	Available  bool // only rewards available on Day (active, merchant active, in the window)
	AfterID    int64
	Limit      int
}

// Rewards lists rewards in id order (keyset paging on AfterID).
func (q *Q) Rewards(ctx context.Context, f RewardFilter) ([]domain.Reward, error) {
	args := []any{}
	// available is the condition "redeemable on Day"; Day is bound once, when first needed
	// (PostgreSQL refuses a parameter that the text never uses).
	dayArg := ""
	available := func() string {
		if dayArg == "" {
			args = append(args, f.Day)
			dayArg = placeholder(len(args))
		}
		return `(w.status = 'active' AND mc.status = 'active' AND (w.valid_from IS NULL OR w.valid_from <= ` + dayArg +
			`) AND (w.valid_to IS NULL OR w.valid_to >= ` + dayArg + `))`
	}
	// Members see their alliances' available rewards; managers and operators see all of theirs.
	pathOnly := MerchantVisibility{PathOrgIDs: f.Visibility.PathOrgIDs}
	rest := f.Visibility
	rest.PathOrgIDs = nil
	vis := []string{}
	if len(pathOnly.PathOrgIDs) > 0 {
		vis = append(vis, "("+pathOnly.clause(&args)+" AND "+available()+")")
	}
	if len(rest.Scopes) > 0 || rest.UserID != 0 {
		vis = append(vis, rest.clause(&args))
	}
	if len(vis) == 0 {
		return []domain.Reward{}, nil
	}
	where := []string{"(" + strings.Join(vis, " OR ") + ")"}
	if f.Available {
		where = append(where, available())
	}
	if f.MerchantID != 0 {
		args = append(args, f.MerchantID)
		where = append(where, "w.merchant_id = "+placeholder(len(args)))
	}
	if f.AfterID != 0 {
		args = append(args, f.AfterID)
		where = append(where, "w.id > "+placeholder(len(args)))
	}
	text := `SELECT ` + rewardColumns + rewardFrom + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY w.id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		text += " LIMIT " + placeholder(len(args))
	}
	out := []domain.Reward{}
	err := q.scanAll(ctx, text, args, func(rows *sql.Rows) error {
		var r domain.Reward
		if err := scanReward(rows, &r); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}
