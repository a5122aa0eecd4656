package redemption

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/schedule"
	"dangjian/internal/store"
)

// Confirm fulfils a held redemption by id (the merchant's list); the points stay spent. A
// second confirmation returns the fulfilled redemption. A hold past its expiry is expired
// there and then (the points return) and the confirmation fails.
// Who: an operator of the redemption's merchant (and the system). Errors: ENotFound,
// EForbidden (another merchant's), EConflict (err.redemption.not_held, .expired,
// .merchant_suspended).
func (s *Service) Confirm(ctx context.Context, a *auth.Actor, id int64) (*domain.Redemption, error) {
	return s.confirm(ctx, a, false, func(q *store.Q) (*domain.Redemption, error) { return q.Redemption(ctx, id) })
}

// ConfirmCode is Confirm by the code the operator typed or scanned (spaces, dashes, case and
// a scanned URL's path are forgiven). A code of another merchant answers ENotFound, as an
// unknown one does: the answer must not tell which codes exist.
func (s *Service) ConfirmCode(ctx context.Context, a *auth.Actor, code string) (*domain.Redemption, error) {
	code = domain.NormalizeRedemptionCode(code)
	if code == "" {
		return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"code": "err.required"}}
	}
	return s.confirm(ctx, a, true, func(q *store.Q) (*domain.Redemption, error) { return q.RedemptionByCode(ctx, code) })
}

func (s *Service) confirm(ctx context.Context, a *auth.Actor, byCode bool, find func(*store.Q) (*domain.Redemption, error)) (*domain.Redemption, error) {
	var out *domain.Redemption
	expired := false
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		r, err := find(q)
		if err == sql.ErrNoRows {
			return domain.NotFound("redemption")
		}
		if err != nil {
			return err
		}
		m, err := loadMerchant(ctx, q, r.MerchantID)
		if err != nil {
			return err
		}
		op, err := isOperator(ctx, q, a, m)
		if err != nil {
			return err
		}
		if !op && !a.System {
			if byCode {
				return domain.NotFound("redemption")
			}
			return domain.Forbidden()
		}
		if m.Status != domain.MerchantActive {
			return conflict("err.redemption.merchant_suspended")
		}
		switch r.Status {
		case domain.RedemptionFulfilled:
			out = r
			return nil
		case domain.RedemptionHeld:
		default:
			return conflict("err.redemption.not_held")
		}
		now := s.now()
		if !now.Before(r.ExpiresAt) {
			expired, err = s.release(ctx, q, nil, r, store.Settlement{Status: domain.RedemptionExpired, At: now,
				ByName: "system", ExpiredBy: now})
			if err != nil || expired {
				return err
			}
			return conflict("err.redemption.not_held") // settled by someone else meanwhile
		}
		done, err := q.SettleRedemption(ctx, store.Settlement{ID: r.ID, Status: domain.RedemptionFulfilled, At: now,
			By: a.UserID(), ByName: a.Name()})
		if err != nil {
			return err
		}
		if out, err = q.Redemption(ctx, r.ID); err != nil {
			return err
		}
		if !done {
			if out.Status == domain.RedemptionFulfilled {
				return nil // a concurrent confirmation did it
			}
			return conflict("err.redemption.not_held")
		}
		return record(ctx, q, a, "redemption.confirm", "redemption", r.ID, r.OrgPath, auditOf(r), auditOf(out))
	})
	if err != nil {
		return nil, err
	}
	if expired {
		// Committed: the hold is expired and its points are back; the confirmation itself fails.
		return nil, conflict("err.redemption.expired")
	}
	return out, nil
}

// Cancel cancels a held redemption: the points are released (once, however many calls race)
// and the stock restored. Cancelling a cancelled redemption returns it unchanged.
// Who: the member themself, an operator of the merchant, the alliance's managers.
// Errors: ENotFound, EForbidden, EInvalid (reason), EConflict (err.redemption.not_held:
// fulfilled or expired).
func (s *Service) Cancel(ctx context.Context, a *auth.Actor, id int64, reason string) (*domain.Redemption, error) {
	reason, err := text(reason, 200, false)
	if err != nil {
		return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"reason": err.Error()}}
	}
	var out *domain.Redemption
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		r, err := q.Redemption(ctx, id)
		if err == sql.ErrNoRows {
			return domain.NotFound("redemption")
		}
		if err != nil {
			return err
		}
		m, err := loadMerchant(ctx, q, r.MerchantID)
		if err != nil {
			return err
		}
		allowed := r.MemberID == a.MemberID() || canManage(a, m)
		if !allowed {
			if allowed, err = isOperator(ctx, q, a, m); err != nil {
				return err
			}
		}
		if !allowed {
			return domain.Forbidden()
		}
		done, err := s.release(ctx, q, a, r, store.Settlement{Status: domain.RedemptionCancelled, At: s.now(),
			By: a.UserID(), ByName: a.Name(), Reason: reason})
		if err != nil {
			return err
		}
		if out, err = q.Redemption(ctx, r.ID); err != nil {
			return err
		}
		if !done && out.Status != domain.RedemptionCancelled {
			return conflict("err.redemption.not_held")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// release settles a held redemption as cancelled or expired inside q and, only when this
// call made the transition, returns the points and the stock and audits it. The reward row is
// locked first (the lock order of every redemption transaction: reward, redemption, points
// account), then the conditional UPDATE decides who settles; the release's de-duplication key
// is a second guard that the points come back once.
func (s *Service) release(ctx context.Context, q *store.Q, a *auth.Actor, r *domain.Redemption, st store.Settlement) (bool, error) {
	if _, err := q.LockReward(ctx, r.RewardID); err != nil {
		return false, err
	}
	st.ID = r.ID
	done, err := q.SettleRedemption(ctx, st)
	if err != nil || !done {
		return false, err
	}
	e, err := s.Points.PostReward(ctx, q, points.RewardPosting{SubjectType: domain.SubjectMember, SubjectID: r.MemberID,
		Amount: r.Cost, Source: domain.SourceRelease, SourceRef: ref(r.ID), DedupKey: ref(r.ID) + ":release", Actor: a,
		Note: st.Status})
	if err != nil {
		return false, err
	}
	if err := q.SetRedemptionEntries(ctx, r.ID, 0, e.ID); err != nil {
		return false, err
	}
	if err := q.AddRewardStock(ctx, r.RewardID, 1); err != nil {
		return false, err
	}
	after := *r
	after.Status, after.ReleaseEntryID, after.Reason = st.Status, e.ID, st.Reason
	action := "redemption.cancel"
	if st.Status == domain.RedemptionExpired {
		action = "redemption.expire"
	}
	return true, record(ctx, q, a, action, "redemption", r.ID, r.OrgPath, auditOf(r), auditOf(&after))
}

// expiryBatch is how many holds one pass of the sweep reads at a time.
const expiryBatch = 200

// ExpireHolds expires every hold past its expiry, each in its own transaction, returning the
// points and the stock, and reports how many this call expired. Any number of instances may
// run it at once: each redemption is expired by exactly one of them (the others' conditional
// UPDATE finds it settled), so its points come back once.
// Who: the system (a ticker in every instance). Errors: database errors only.
func (s *Service) ExpireHolds(ctx context.Context) (int, error) {
	now := s.now()
	total := 0
	for range 10_000 { // a bound, not a limit in practice: 2 million holds a pass
		ids, err := s.DB.Read().ExpiredHolds(ctx, now, expiryBatch)
		if err != nil {
			return total, err
		}
		for _, id := range ids {
			done := false
			err := s.DB.WriteTx(ctx, func(q *store.Q) error {
				r, err := q.Redemption(ctx, id)
				if err != nil {
					return err
				}
				done, err = s.release(ctx, q, nil, r, store.Settlement{Status: domain.RedemptionExpired, At: now,
					ByName: "system", ExpiredBy: now})
				return err
			})
			if err != nil {
				return total, err
			}
			if done {
				total++
			}
		}
		if len(ids) < expiryBatch {
			break
		}
	}
	return total, nil
}

// RunExpiry runs ExpireHolds now and then every interval until ctx ends (every instance runs
// it; see ExpireHolds for why that is safe). Failures are logged and retried next time.
func (s *Service) RunExpiry(ctx context.Context, every time.Duration, log *slog.Logger) {
	schedule.Every(ctx, every, log, "redemption holds", s.ExpireHolds)
}
