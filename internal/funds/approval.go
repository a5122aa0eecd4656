package funds

import (
	"context"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// ownRequest is the refusal of a decision on one's own spending request (four eyes).
func ownRequest() error {
	return &domain.Error{Code: domain.EForbidden, Message: "err.funds.own_request"}
}

// Approve approves a submitted spending request: it enters the balance, which may not go
// below zero. Who: funds.approve over the organisation (its secretary, an org admin above,
// an admin), never the person who filed the request. Errors: ENotFound, EForbidden (outside
// the scope; one's own request), EConflict (not a spending request; decided already; the
// year is closed), EInsufficientBalance (the pool holds less than the amount).
func (s *Service) Approve(ctx context.Context, a *auth.Actor, id int64) (*domain.FundEntry, error) {
	return s.decide(ctx, a, id, domain.FundApproved, "")
}

// Return sends a submitted spending request back with a reason; it stays in the ledger as
// returned and never counts (a new request is filed instead). Who and errors: as Approve,
// without the balance check, and EInvalid (reason).
func (s *Service) Return(ctx context.Context, a *auth.Actor, id int64, reason string) (*domain.FundEntry, error) {
	v := &domain.Validation{}
	reason = textOK(v, "reason", reason, 500, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.decide(ctx, a, id, domain.FundReturned, reason)
}

func (s *Service) decide(ctx context.Context, a *auth.Actor, id int64, to, reason string) (*domain.FundEntry, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		e, o, err := entryForWrite(ctx, q, a, id, auth.FundsApprove)
		if err != nil {
			return err
		}
		if e.Kind != domain.FundSpending {
			return conflict("err.funds.not_request")
		}
		if !a.System && e.CreatedBy != 0 && e.CreatedBy == a.UserID() {
			return ownRequest()
		}
		bal, err := q.LockFundAccount(ctx, o.ID)
		if err != nil {
			return err
		}
		if e, err = q.FundEntry(ctx, id); err != nil { // as it stands under the lock
			return err
		}
		if e.Status != domain.FundSubmitted {
			return conflict("err.funds.decided")
		}
		if err := closedCheck(ctx, q, o.ID, e.Date); err != nil {
			return err
		}
		if to == domain.FundApproved && bal < e.AmountFen {
			return insufficient()
		}
		ok, err := q.DecideFundEntry(ctx, id, to, reason, a.UserID(), a.Name())
		if err != nil {
			return err
		}
		if !ok {
			return conflict("err.funds.decided")
		}
		if to == domain.FundApproved {
			if err := q.MoveFundAccount(ctx, o.ID, domain.FundSpending, e.AmountFen); err != nil {
				return err
			}
		}
		before := auditOf(e)
		after := before
		after.Status, after.Reason = to, reason
		action := "funds.spending.approve"
		if to == domain.FundReturned {
			action = "funds.spending.return"
		}
		return record(ctx, q, a, action, o, e.ID, before, after)
	})
	if err != nil {
		return nil, err
	}
	return s.DB.Read().FundEntry(ctx, id)
}

// Approvals lists the spending requests waiting for the caller's decision: submitted, in the
// organisations where the caller holds funds.approve, filed by someone else; oldest first.
// Who: holders of funds.approve. Errors: EForbidden for anyone else.
func (s *Service) Approvals(ctx context.Context, a *auth.Actor, limit int) ([]domain.FundEntry, error) {
	scopes := a.Scopes(auth.FundsApprove)
	if len(scopes) == 0 {
		return nil, domain.Forbidden()
	}
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	except := a.UserID()
	if a.System {
		except = -1
	}
	return s.DB.Read().FundApprovals(ctx, scopes, except, limit)
}
