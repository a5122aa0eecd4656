package duespay

import (
	"context"
	"log/slog"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/schedule"
	"dangjian/internal/store"
)

// systemActor is who the expiry sweep acts as in the audit log.
func systemActor() *auth.Actor { return &auth.Actor{User: &domain.User{Username: "system"}} }

// expiryBatch is how many orders one pass of the sweep reads at a time.
const expiryBatch = 200

// ExpireOrders closes every pending online order past its ExpiresAt as expired, each in its own
// transaction (audit dues.payment.expire), and reports how many this call expired. An expired
// order never touched its bills, so the member simply starts a new one. Any number of
// instances may run it at once: each order is expired by exactly one of them (the others'
// conditional UPDATE finds it closed). A notification that such an order was paid after all
// still pays it (see Notify).
// Who: the system (a ticker in every instance). Errors: database errors only.
func (s *Service) ExpireOrders(ctx context.Context) (int, error) {
	now := s.Now().UTC()
	a := systemActor()
	total := 0
	for range 10_000 { // a bound, not a limit in practice
		ids, err := s.DB.Read().ExpiredDuesPayments(ctx, now, expiryBatch)
		if err != nil {
			return total, err
		}
		for _, id := range ids {
			done := false
			err := s.DB.WriteTx(ctx, func(q *store.Q) error {
				p, err := q.DuesPayment(ctx, id)
				if err != nil {
					return err
				}
				done, err = s.close(ctx, q, a, p, domain.PaymentExpired)
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

// RunExpiry runs ExpireOrders now and then every interval until ctx ends (every instance runs
// it; see ExpireOrders for why that is safe). Failures are logged and retried next time.
func (s *Service) RunExpiry(ctx context.Context, every time.Duration, log *slog.Logger) {
	schedule.Every(ctx, every, log, "dues orders", s.ExpireOrders)
}

// Cancel cancels a pending online payment, so that its payer can start a new one for the same
// bills. The order stays open at the provider until it expires there: a notification that it
// was paid after all still pays it (see Notify), and a bill paid twice that way is refunded.
// Who: the payer (the member who started the order). Errors: ENotFound (no such payment, or
// not one the actor may read), EForbidden (a payment the actor reads but did not start),
// EConflict (the payment is not a pending online order any more).
func (s *Service) Cancel(ctx context.Context, a *auth.Actor, id int64) (*domain.DuesPayment, error) {
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		p, err := loadPayment(ctx, q, id)
		if err != nil {
			return err
		}
		if !canRead(a, p) {
			return domain.NotFound("dues_payment")
		}
		mid := a.MemberID()
		if p.Method != domain.PayOnline || mid == 0 || p.PayerMemberID != mid {
			return domain.Forbidden()
		}
		done, err := s.close(ctx, q, a, p, domain.PaymentCancelled)
		if err != nil {
			return err
		}
		if !done {
			return conflict("err.duespay.not_pending")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return loadPayment(ctx, s.DB.Read(), id)
}

// close moves a pending payment to status (expired, cancelled) with its audit record, and
// reports whether it did (false: the payment was not pending).
func (s *Service) close(ctx context.Context, q *store.Q, a *auth.Actor, p *domain.DuesPayment, status string) (bool, error) {
	if p.Status != domain.PaymentPending {
		return false, nil
	}
	done, err := q.CloseDuesPayment(ctx, p.ID, status)
	if err != nil || !done {
		return false, err
	}
	before := auditView(p)
	p.Status = status
	for i := range p.Items {
		if p.Items[i].Status == domain.ItemPending {
			p.Items[i].Status = domain.ItemCancelled
		}
	}
	action := "dues.payment.cancel"
	if status == domain.PaymentExpired {
		action = "dues.payment.expire"
	}
	return true, record(ctx, q, a, action, p, before, auditView(p))
}
