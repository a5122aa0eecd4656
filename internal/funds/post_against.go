package funds

import (
	"context"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// againstEntry is an entry posted against an existing one: its reversal, or the remittance
// upward of a voluntary payment. Both must lock the pool, read the entry again under the
// lock, refuse a date before the entry or in a closed year and a balance that cannot pay,
// then post, move the pool and audit in one transaction; postAgainst keeps that order (and
// so the answer to a race or a refusal) the same for both.
type againstEntry struct {
	action     string                                                     // the audit action
	day        domain.Date                                                // the new entry's date
	refuse     func(e *domain.FundEntry) error                            // conflicts of this kind of entry, checked first
	build      func(e *domain.FundEntry, o *domain.Org) *domain.FundEntry // the new entry
	withBefore bool                                                       // audit the entry posted against as the before
}

// postAgainst posts p against the entry id for funds.manage over its organisation and
// returns the new entry as read back. Errors: ENotFound, EForbidden, p.refuse's, EInvalid
// (date before the entry), EConflict (the year is closed), EInsufficientBalance.
func (s *Service) postAgainst(ctx context.Context, a *auth.Actor, id int64, p againstEntry) (*domain.FundEntry, error) {
	var out *domain.FundEntry
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		e, o, err := entryForWrite(ctx, q, a, id, auth.FundsManage)
		if err != nil {
			return err
		}
		bal, err := q.LockFundAccount(ctx, o.ID)
		if err != nil {
			return err
		}
		if e, err = q.FundEntry(ctx, id); err != nil {
			return err
		}
		if err := p.refuse(e); err != nil {
			return err
		}
		if p.day.Before(e.Date) {
			return invalid("date", "err.funds.date_before")
		}
		if err := closedCheck(ctx, q, o.ID, p.day); err != nil {
			return err
		}
		out = p.build(e, o)
		// What the new entry takes from the pool: income reversed, or spending.
		take := out.AmountFen
		if out.Kind == domain.FundIncome {
			take = -take
		}
		if take > 0 && bal < take {
			return insufficient()
		}
		if err := q.InsertFundEntry(ctx, out); err != nil {
			return err
		}
		if err := q.MoveFundAccount(ctx, o.ID, out.Kind, out.AmountFen); err != nil {
			return err
		}
		var before any
		if p.withBefore {
			before = auditOf(e)
		}
		return record(ctx, q, a, p.action, o, out.ID, before, auditOf(out))
	})
	if err != nil {
		return nil, err
	}
	return s.DB.Read().FundEntry(ctx, out.ID)
}
