package redemption

import (
	"context"
	"database/sql"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
)

// ByCode returns the redemption a code names, for the counter: the merchant's operator types
// or scans the code and sees what is being redeemed before confirming it. Spaces, dashes,
// case and a scanned URL's path are forgiven (domain.NormalizeRedemptionCode). It answers
// only those who see the redemption (the member themself, the merchant's operators, readers
// over it); to everyone else a code of another merchant answers ENotFound, as an unknown one
// does, so the answer never tells which codes exist.
// Who: see canRead. Errors: EInvalid (code), ENotFound.
func (s *Service) ByCode(ctx context.Context, a *auth.Actor, code string) (*domain.Redemption, error) {
	code = domain.NormalizeRedemptionCode(code)
	if code == "" {
		return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"code": "err.required"}}
	}
	q := s.DB.Read()
	r, err := q.RedemptionByCode(ctx, code)
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
