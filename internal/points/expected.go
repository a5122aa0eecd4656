package points

import (
	"context"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// expectations fills Claim.PointsExpected: what a claim earns (or earned) before caps, so the
// approval queue can show it. It keeps the indicator versions it loaded, as a list of claims
// names few of them.
type expectations struct {
	q    *store.Q
	inds map[int64]*domain.Indicator
}

func newExpectations(q *store.Q) *expectations {
	return &expectations{q: q, inds: map[int64]*domain.Indicator{}}
}

// fill sets c.PointsExpected. An approved claim shows what its entry asked for (the exact
// figure). Otherwise it is the amount under the version the claim was filed under (the one
// approving it posts under), for the claim's quantity; for a welfare item, the hours the
// subject already logged this year count against the duty hours, as they would if it were
// approved now.
func (x *expectations) fill(ctx context.Context, c *domain.Claim) error {
	if c.EntryID != 0 {
		return nil // the store read what its entry asked for
	}
	ind, ok := x.inds[c.IndicatorID]
	if !ok {
		var err error
		if ind, err = x.q.Indicator(ctx, c.IndicatorID); err != nil {
			return err
		}
		x.inds[c.IndicatorID] = ind
	}
	var before, duty domain.Points
	if ind.Welfare && ind.Unit == domain.UnitHour {
		var err error
		if before, err = x.q.QuantityInYear(ctx, c.SubjectType, c.SubjectID, ind.SeriesID, ind.Year); err != nil {
			return err
		}
		rule, err := WelfareRule(ctx, x.q, c.OrgPath, c.OccurredOn)
		if err != nil {
			return err
		}
		duty = rule.DutyHours
	}
	c.PointsExpected = ind.Amount(c.Quantity, before, duty)
	return nil
}

// fillAll fills every claim of a list.
func (x *expectations) fillAll(ctx context.Context, list []domain.Claim) error {
	for i := range list {
		if err := x.fill(ctx, &list[i]); err != nil {
			return err
		}
	}
	return nil
}
