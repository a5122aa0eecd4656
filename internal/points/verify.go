package points

import (
	"context"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Breach is one broken invariant (see store.VerifyPoints for the list of checks).
type Breach = store.PointBreach

// Verify checks every invariant of the ledger: account balances equal the sums of their
// entries, running balances are consistent entry by entry, no reward balance is negative,
// every entry has a valid source (and an indicator version where its source needs one),
// capped flags are truthful, reversal pairs mirror each other, and the totals table equals
// the ledger. It returns the breaches (none: an empty slice). For the operator's
// `dangjian points verify` and the nightly job; it takes no actor and changes nothing.
func (s *Service) Verify(ctx context.Context) ([]Breach, error) {
	list, err := s.DB.Read().VerifyPoints(ctx, domain.EntrySources, domain.IndicatorSources, domain.RewardOnlySources)
	if list == nil {
		list = []Breach{}
	}
	return list, err
}
