package dues

import (
	"context"
	"fmt"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// rates returns the rule dues.rates in force on the first day of month for an organisation
// (the global row when orgPath is ""): decoded into a zero value, then completed from the
// defaults, so a stored rule that names only what it changes keeps the rest.
func rates(ctx context.Context, q *store.Q, orgPath, month string) (domain.DuesRates, error) {
	on := domain.DuesMonthStart(month)
	var r domain.DuesRates
	found, err := q.Rule(ctx, RuleRates, orgPath, on, &r)
	if err != nil {
		return domain.DuesRates{}, err
	}
	if !found {
		r = domain.DefaultDuesRates()
	}
	r.FillDefaults()
	if k := r.Check(); k != "" {
		return domain.DuesRates{}, &domain.Error{Code: domain.EInternal, Message: k}
	}
	return r, nil
}

// Calculate returns the monthly dues of a category and base by the rule in force on the day
// on (zero: today in China), with the rate and a description of the rule. It is public: no
// actor. Errors: EInvalid (category, base_fen).
func (s *Service) Calculate(ctx context.Context, category string, baseFen int64, on domain.Date) (domain.DuesAmount, error) {
	if on.IsZero() {
		on = s.today()
	}
	return s.CalculateFor(ctx, "", category, baseFen, on.Time().Format("2006-01"))
}

// CalculateFor is Calculate for a month by the rule of the organisation at orgPath ("" for the
// global rule).
func (s *Service) CalculateFor(ctx context.Context, orgPath, category string, baseFen int64, month string) (domain.DuesAmount, error) {
	r, err := rates(ctx, s.DB.Read(), orgPath, month)
	if err != nil {
		return domain.DuesAmount{}, err
	}
	return domain.CalculateDues(r, category, baseFen)
}

// Rates returns the rule in force for month (global), for pages that show the table.
func (s *Service) Rates(ctx context.Context, month string) (domain.DuesRates, error) {
	if domain.CheckMonth(month) != "" {
		month = s.thisMonth()
	}
	return rates(ctx, s.DB.Read(), "", month)
}

// rateCache remembers the rates per organisation for one month during a generation; when no
// organisation has a row of its own, every member shares the global one.
type rateCache struct {
	q      *store.Q
	month  string
	global *domain.DuesRates
	perOrg bool
	byOrg  map[int64]domain.DuesRates
}

func newRateCache(ctx context.Context, q *store.Q, month string) (*rateCache, error) {
	c := &rateCache{q: q, month: month, byOrg: map[int64]domain.DuesRates{}}
	per, err := q.HasOrgRule(ctx, RuleRates)
	if err != nil {
		return nil, err
	}
	c.perOrg = per
	g, err := rates(ctx, q, "", month)
	if err != nil {
		return nil, err
	}
	c.global = &g
	return c, nil
}

func (c *rateCache) get(ctx context.Context, orgID int64, orgPath string) (domain.DuesRates, error) {
	if !c.perOrg {
		return *c.global, nil
	}
	if r, ok := c.byOrg[orgID]; ok {
		return r, nil
	}
	r, err := rates(ctx, c.q, orgPath, c.month)
	if err != nil {
		return r, err
	}
	c.byOrg[orgID] = r
	return r, nil
}

// price is what a bill of a month comes to: the standard amount by the rule, and the amount
// due and status after a hardship (kind "" for none).
func price(r domain.DuesRates, category string, baseFen int64, hardshipKind string, hardshipFen int64) (std, amount int64, status, ref string, err error) {
	a, err := domain.CalculateDues(r, category, baseFen)
	if err != nil {
		return 0, 0, "", "", fmt.Errorf("dues: price %s %d: %w", category, baseFen, err)
	}
	std, amount, status = a.AmountFen, a.AmountFen, domain.DuesUnpaid
	if hardshipKind != "" {
		h := domain.DuesHardship{Kind: hardshipKind, AmountFen: hardshipFen}
		amount, status = h.Apply(std)
	}
	return std, amount, status, a.RuleRef, nil
}
