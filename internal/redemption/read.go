package redemption

import (
	"context"
	"database/sql"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// canRead reports whether the actor sees a redemption: the member themself, the merchant's
// operators, and readers over the merchant's alliance or the member's organisation.
func canRead(ctx context.Context, q *store.Q, a *auth.Actor, r *domain.Redemption, m *domain.Merchant) (bool, error) {
	if r.MemberID != 0 && r.MemberID == a.MemberID() {
		return true, nil
	}
	if a.Can(auth.RedemptionRead, m.OrgPath) || a.Can(auth.RedemptionRead, r.OrgPath) {
		return true, nil
	}
	return isOperator(ctx, q, a, m)
}

// Get returns one redemption (with its code: whoever sees it may show or confirm it).
// Who: see canRead. Errors: ENotFound.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*domain.Redemption, error) {
	q := s.DB.Read()
	r, err := q.Redemption(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("redemption")
	}
	if err != nil {
		return nil, err
	}
	m, err := loadMerchant(ctx, q, r.MerchantID)
	if err != nil {
		return nil, err
	}
	if ok, err := canRead(ctx, q, a, r, m); err != nil || !ok {
		return nil, notFoundOr(err, "redemption")
	}
	return r, nil
}

// ListFilter selects redemptions, newest first.
type ListFilter struct {
	Status   string
	BeforeID int64 // keyset cursor
	Limit    int
}

// MyRedemptions lists the actor's own redemptions (none for a user without a member).
func (s *Service) MyRedemptions(ctx context.Context, a *auth.Actor, f ListFilter) ([]domain.Redemption, error) {
	if a.MemberID() == 0 {
		return []domain.Redemption{}, nil
	}
	return s.DB.Read().Redemptions(ctx, store.RedemptionFilter{MemberID: a.MemberID(), Status: f.Status,
		BeforeID: f.BeforeID, Limit: limit(f.Limit)})
}

// MerchantRedemptions lists a merchant's redemptions. Who: its operators, redemption.read
// over its alliance. Errors: ENotFound.
func (s *Service) MerchantRedemptions(ctx context.Context, a *auth.Actor, merchantID int64, f ListFilter) ([]domain.Redemption, error) {
	q := s.DB.Read()
	m, err := loadMerchant(ctx, q, merchantID)
	if err != nil {
		return nil, err
	}
	ok := a.Can(auth.RedemptionRead, m.OrgPath)
	if !ok {
		if ok, err = isOperator(ctx, q, a, m); err != nil {
			return nil, err
		}
	}
	if !ok {
		return nil, domain.NotFound("merchant")
	}
	return q.Redemptions(ctx, store.RedemptionFilter{MerchantID: m.ID, Status: f.Status, BeforeID: f.BeforeID,
		Limit: limit(f.Limit)})
}

// Card returns a member's alliance card (issued with their first redemption).
// Who: the member themself, member readers over their organisation. Errors: ENotFound.
func (s *Service) Card(ctx context.Context, a *auth.Actor, memberID int64) (*domain.AllianceCard, error) {
	c, err := s.DB.Read().AllianceCard(ctx, memberID)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("alliance_card")
	}
	if err != nil {
		return nil, err
	}
	if memberID != a.MemberID() && !a.Can(auth.MemberRead, c.MemberOrg) {
		return nil, domain.NotFound("alliance_card")
	}
	return c, nil
}
