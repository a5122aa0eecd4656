package duespay

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Outcomes of a notification.
const (
	// OutcomeProcessed: this notification was recorded (and paid its payment, when it was the
	// first to say so).
	OutcomeProcessed = "processed"
	// OutcomeAlreadyProcessed: a replay — the notification's id or nonce was seen before —
	// which changed nothing.
	OutcomeAlreadyProcessed = "already_processed"
)

// NotifyResult is the answer to a provider notification.
type NotifyResult struct {
	Outcome   string
	PaymentID int64
}

// providerActor is who a notification acts as in the audit log and on points entries.
func providerActor(name, ip string) *auth.Actor {
	return &auth.Actor{User: &domain.User{Username: "provider:" + name}, IP: ip}
}

// Notify processes a provider's notification (the raw headers and body of POST
// /api/v1/dues/notify/{provider}). The signature is checked with the provider's secret, a
// timestamp further than NotifyMaxAge from our clock is stale, a notification whose id or
// nonce was seen before is a replay and changes nothing (OutcomeAlreadyProcessed), and the
// amount must be the order's. The first notification that an order was paid marks the
// payment paid and pays its bills, each exactly once: a bill that another payment paid in the
// meantime becomes an overpaid item, to be refunded. A further notification of a paid order
// (a provider's retry under a new id) is recorded, changes nothing else and is answered
// OutcomeAlreadyProcessed too. A notification that an expired or cancelled order was paid
// after all (the payer finished at the cashier late, or cancelled here after paying there) is
// honoured, because the money was taken: the payment becomes paid, each of its bills still
// unpaid is paid by it and each bill paid meanwhile leaves its item overpaid for a refund
// (notification outcome paid_late, audit dues.payment.paid with the closed status before).
// A "not paid" notification of a closed order is recorded and changes nothing. Who: anyone — the signature is the authentication.
// Errors: ENotFound (provider, payment), EUnauthorized (signature, stale), EBadRequest
// (malformed), EInvalid (amount_fen differs from the order's).
func (s *Service) Notify(ctx context.Context, provider string, h http.Header, body []byte, ip string) (*NotifyResult, error) {
	prov, ok := s.Provider(provider)
	if !ok {
		return nil, domain.NotFound("dues_provider")
	}
	n, err := prov.ParseNotification(h, body)
	switch {
	case errors.Is(err, ErrSignature):
		return nil, &domain.Error{Code: domain.EUnauthorized, Message: "err.duespay.signature"}
	case err != nil:
		return nil, &domain.Error{Code: domain.EBadRequest, Message: "err.duespay.malformed"}
	}
	now := s.Now().UTC().Truncate(time.Microsecond)
	if age := now.Sub(n.SentAt); age > s.NotifyMaxAge || age < -s.NotifyMaxAge {
		return nil, &domain.Error{Code: domain.EUnauthorized, Message: "err.duespay.stale"}
	}
	a := providerActor(provider, ip)
	res := &NotifyResult{}
	var mismatch *domain.DuesPayment
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		seen, err := q.DuesNotificationSeen(ctx, provider, n.ID, n.Nonce)
		if err != nil {
			return err
		}
		if seen {
			res.Outcome = OutcomeAlreadyProcessed
			return nil
		}
		p, err := q.DuesPaymentByOrder(ctx, provider, n.OrderNo)
		if errors.Is(err, store.ErrNoRows) {
			return domain.NotFound("dues_payment")
		}
		if err != nil {
			return err
		}
		res.PaymentID = p.ID
		if n.AmountFen != p.AmountFen {
			mismatch = p
			return &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
				Fields: map[string]string{"amount_fen": "err.duespay.amount_mismatch"}}
		}
		outcome := "paid"
		switch {
		case !n.Paid:
			outcome = "not_paid"
		case p.Status == domain.PaymentPaid:
			outcome = "already_paid"
		case domain.PaymentClosed(p.Status):
			outcome = "paid_late" // the order expired or was cancelled, but the money was taken
		}
		fresh, err := q.InsertDuesNotification(ctx, &store.DuesNotification{Provider: provider, NotifyID: n.ID,
			Nonce: n.Nonce, OrderNo: n.OrderNo, AmountFen: n.AmountFen, SentAt: n.SentAt, Outcome: outcome, PaymentID: p.ID})
		if err != nil {
			return err
		}
		if !fresh { // the same notification, processed by a concurrent request
			res.Outcome = OutcomeAlreadyProcessed
			return nil
		}
		switch outcome {
		case "paid", "paid_late":
			res.Outcome = OutcomeProcessed
			return s.applyPaid(ctx, q, a, p, n.ProviderTxn, now)
		case "already_paid": // a provider's retry under a new id: recorded, nothing else
			res.Outcome = OutcomeAlreadyProcessed
		default:
			res.Outcome = OutcomeProcessed
		}
		return nil
	})
	if mismatch != nil {
		// Record the rejection for the auditors, in a transaction of its own (the failed one
		// rolled back). A failure to record it does not change the answer.
		_ = s.DB.WriteTx(ctx, func(q *store.Q) error {
			return record(ctx, q, a, "dues.notify.rejected", mismatch, nil, map[string]any{"reason": "amount_mismatch",
				"order_no": n.OrderNo, "notified_fen": n.AmountFen, "order_fen": mismatch.AmountFen, "notification_id": n.ID})
		})
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// applyPaid marks an unpaid online payment (pending, or expired or cancelled and paid late)
// paid and pays its bills: each bill still unpaid is applied, a bill paid meanwhile (or exempt)
// leaves its item overpaid for a refund.
func (s *Service) applyPaid(ctx context.Context, q *store.Q, a *auth.Actor, p *domain.DuesPayment, txn string, now time.Time) error {
	done, err := q.MarkDuesPaymentPaid(ctx, p.ID, txn, now)
	if err != nil || !done {
		return err
	}
	before := auditView(p)
	p.Status, p.ProviderTxn, p.PaidAt = domain.PaymentPaid, txn, now
	paidOn := domain.Today(now)
	onTimeRule := s.onTimeRules(ctx, q, paidOn)
	// Bills in id order, as every payment locks them.
	order := make([]int, len(p.Items))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(p.Items[x].BillID, p.Items[y].BillID) })
	var overpaid []map[string]any
	for _, i := range order {
		it := &p.Items[i]
		applied, err := q.MarkDuesBillPaid(ctx, it.BillID, p.ID, now)
		if err != nil {
			return err
		}
		status, onTime := domain.ItemOverpaid, false
		if applied {
			status = domain.ItemApplied
			if onTime, err = isOnTime(onTimeRule, it, paidOn); err != nil {
				return err
			}
		} else {
			overpaid = append(overpaid, map[string]any{"bill_id": it.BillID, "month": it.Month, "amount_fen": it.AmountFen})
		}
		// pending, or cancelled when the order was closed before the money came
		if _, err := q.SetDuesItemStatus(ctx, it.ID, it.Status, status, onTime); err != nil {
			return err
		}
		it.Status, it.OnTime = status, onTime
	}
	if err := s.awardOnTime(ctx, q, a, p, paidOn, onTimeRule); err != nil {
		return err
	}
	if err := record(ctx, q, a, "dues.payment.paid", p, before, auditView(p)); err != nil {
		return err
	}
	if len(overpaid) > 0 {
		return audit.Record(ctx, q, a, "dues.payment.overpaid", "dues_payment", p.ID, p.OrgPath, nil,
			map[string]any{"bills": overpaid})
	}
	return nil
}
