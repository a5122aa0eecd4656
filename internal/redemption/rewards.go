package redemption

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// RewardInput creates or changes a reward; nil fields are left as they are (PATCH). Dates
// are YYYY-MM-DD; "" clears a window bound.
type RewardInput struct {
	MerchantID     *int64         `json:"merchant_id,string"` // on create only
	Name           *string        `json:"name"`
	Description    *string        `json:"description"`
	Cost           *domain.Points `json:"cost"`
	Stock          *int64         `json:"stock"`
	PerMemberLimit *int           `json:"per_member_limit"`
	LimitPeriod    *string        `json:"limit_period"`
	ValidFrom      *string        `json:"valid_from"`
	ValidTo        *string        `json:"valid_to"`
	Status         *string        `json:"status"`
}

// Bounds of a reward's numbers: generous, but far from any overflow.
const (
	maxCost  = domain.Points(10_000_000 * 10) // ten million points
	maxStock = 1_000_000_000
	maxLimit = 10_000
)

// apply validates in onto r.
func (in RewardInput) apply(r *domain.Reward) error {
	var v domain.Validation
	str := func(field string, p *string, dst *string, maxRunes int, required bool) {
		if p == nil {
			if required && *dst == "" {
				v.Add(field, "err.required")
			}
			return
		}
		s, err := text(*p, maxRunes, required)
		if err != nil {
			v.Add(field, err.Error())
			return
		}
		*dst = s
	}
	date := func(field string, p *string, dst *domain.Date) {
		if p == nil {
			return
		}
		d, err := domain.ParseDate(strings.TrimSpace(*p))
		if err != nil {
			v.Add(field, "err.date")
			return
		}
		*dst = d
	}
	str("name", in.Name, &r.Name, 100, true)
	str("description", in.Description, &r.Description, 1000, false)
	if in.Cost != nil {
		r.Cost = *in.Cost
	}
	switch {
	case r.Cost <= 0:
		v.Add("cost", "err.points.positive")
	case r.Cost > maxCost:
		v.Add("cost", "err.points.too_large")
	}
	if in.Stock != nil {
		if *in.Stock < 0 || *in.Stock > maxStock {
			v.Add("stock", "err.redemption.stock")
		} else {
			r.Stock = *in.Stock
		}
	}
	if in.PerMemberLimit != nil {
		if *in.PerMemberLimit < 0 || *in.PerMemberLimit > maxLimit {
			v.Add("per_member_limit", "err.redemption.limit")
		} else {
			r.PerMemberLimit = *in.PerMemberLimit
		}
	}
	if in.LimitPeriod != nil {
		if !slices.Contains(domain.LimitPeriods, *in.LimitPeriod) {
			v.Add("limit_period", "err.choice")
		} else {
			r.LimitPeriod = *in.LimitPeriod
		}
	}
	date("valid_from", in.ValidFrom, &r.ValidFrom)
	date("valid_to", in.ValidTo, &r.ValidTo)
	if !v.Has("valid_to") && !r.ValidFrom.IsZero() && !r.ValidTo.IsZero() && r.ValidTo.Before(r.ValidFrom) {
		v.Add("valid_to", "err.redemption.window")
	}
	if in.Status != nil {
		if !slices.Contains(domain.RewardStatuses, *in.Status) {
			v.Add("status", "err.choice")
		} else {
			r.Status = *in.Status
		}
	}
	return v.Err()
}

// canEditRewards reports whether the actor maintains the merchant's rewards: its alliance's
// managers and its own operators (who keep the stock up to date at the counter).
func canEditRewards(ctx context.Context, q *store.Q, a *auth.Actor, m *domain.Merchant) (bool, error) {
	if canManage(a, m) {
		return true, nil
	}
	return isOperator(ctx, q, a, m)
}

// CreateReward adds a reward to a merchant (in.MerchantID, name and cost required; stock
// defaults to 0, no per-member limit, period "ever").
// Who: redemption.manage over the merchant, or its operators. Errors: ENotFound (merchant),
// EForbidden, EInvalid.
func (s *Service) CreateReward(ctx context.Context, a *auth.Actor, in RewardInput) (*domain.Reward, error) {
	r := &domain.Reward{Status: domain.RewardActive, LimitPeriod: domain.LimitEver}
	if err := in.apply(r); err != nil {
		return nil, err
	}
	if in.MerchantID == nil {
		return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"merchant_id": "err.required"}}
	}
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		m, err := loadMerchant(ctx, q, *in.MerchantID)
		if err != nil {
			return err
		}
		if ok, err := canEditRewards(ctx, q, a, m); err != nil || !ok {
			return forbiddenOr(err)
		}
		r.MerchantID, r.MerchantName, r.OrgPath, r.MerchantStatus = m.ID, m.Name, m.OrgPath, m.Status
		if err := q.InsertReward(ctx, r); err != nil {
			return err
		}
		return record(ctx, q, a, "reward.create", "reward", r.ID, m.OrgPath, nil, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// UpdateReward changes a reward. The row is locked, so a stock set here and concurrent
// redemptions queue; redemptions already held keep the cost they were made at.
// Who: as CreateReward. Errors: ENotFound, EForbidden, EInvalid.
func (s *Service) UpdateReward(ctx context.Context, a *auth.Actor, id int64, in RewardInput) (*domain.Reward, error) {
	in.MerchantID = nil // a reward stays with its merchant
	var out *domain.Reward
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		r, err := q.LockReward(ctx, id)
		if err == sql.ErrNoRows {
			return domain.NotFound("reward")
		}
		if err != nil {
			return err
		}
		m, err := loadMerchant(ctx, q, r.MerchantID)
		if err != nil {
			return err
		}
		if ok, err := canEditRewards(ctx, q, a, m); err != nil || !ok {
			return forbiddenOr(err)
		}
		before := *r
		if err := in.apply(r); err != nil {
			return err
		}
		if err := q.UpdateReward(ctx, r); err != nil {
			return err
		}
		out = r
		return record(ctx, q, a, "reward.update", "reward", r.ID, m.OrgPath, before, r)
	})
	return out, err
}

// Reward returns one reward. Who: whoever sees its merchant; members of its alliance only
// while it is available. Errors: ENotFound.
func (s *Service) Reward(ctx context.Context, a *auth.Actor, id int64) (*domain.Reward, error) {
	q := s.DB.Read()
	r, err := q.Reward(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("reward")
	}
	if err != nil {
		return nil, err
	}
	list, err := s.Rewards(ctx, a, RewardFilter{MerchantID: r.MerchantID, AfterID: r.ID - 1, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || list[0].ID != r.ID {
		return nil, domain.NotFound("reward")
	}
	return &list[0], nil
}

// RewardFilter selects rewards.
type RewardFilter struct {
	MerchantID int64
	Available  bool  // only those redeemable today
	AfterID    int64 // keyset cursor
	Limit      int
}

// Rewards is the catalogue: for a member, the rewards of the active merchants of the
// alliances their branch belongs to that are redeemable today; for managers, readers and
// operators, every reward of the merchants they see. In id order.
func (s *Service) Rewards(ctx context.Context, a *auth.Actor, f RewardFilter) ([]domain.Reward, error) {
	q := s.DB.Read()
	v, err := visibility(ctx, q, a)
	if err != nil {
		return nil, err
	}
	return q.Rewards(ctx, store.RewardFilter{Visibility: v, Day: s.today(), MerchantID: f.MerchantID,
		Available: f.Available, AfterID: f.AfterID, Limit: limit(f.Limit)})
}

func forbiddenOr(err error) error {
	if err != nil {
		return err
	}
	return domain.Forbidden()
}

func notFoundOr(err error, entity string) error {
	if err != nil {
		return err
	}
	return domain.NotFound(entity)
}
