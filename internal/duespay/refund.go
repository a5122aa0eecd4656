package duespay

import (
	"context"
	"slices"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// RefundInput refunds overpaid bills of a payment.
type RefundInput struct {
	PaymentID int64 `json:"payment_id"`
	// BillIDs are the overpaid bills to refund; empty: every overpaid bill of the payment.
	BillIDs        []int64 `json:"bill_ids"`
	Reason         string  `json:"reason"`
	IdempotencyKey string  `json:"-"`
}

// Refund gives back the money of overpaid items of a payment — bills the payment found paid
// already, e.g. when two online orders for the same bill both completed. Each item is refunded
// once: its status moves overpaid → refunded with a conditional update. Online payments are
// refunded through their provider after the transaction (the refund stays pending until the
// provider answers; a failure puts the item back to overpaid and records why); cash and
// transfer refunds are handed back by the branch and done at once. Audited.
// Who: dues.manage over every bill of the payment. Errors: ENotFound (payment), EForbidden,
// EInvalid (reason, bill_ids not of the payment), EConflict (a bill not overpaid, nothing to
// refund, key reused with another input).
func (s *Service) Refund(ctx context.Context, a *auth.Actor, in RefundInput) (*PayResult, error) {
	if len(a.Scopes(auth.DuesManage)) == 0 {
		return nil, domain.Forbidden()
	}
	v := &domain.Validation{}
	reason, ok := text(in.Reason, 500)
	switch {
	case reason == "":
		v.Add("reason", "err.required")
	case !ok:
		v.Add("reason", "err.too_long")
	}
	if in.PaymentID <= 0 {
		v.Add("payment_id", "err.required")
	}
	if len(in.BillIDs) > MaxBills {
		v.Add("bill_ids", "err.duespay.too_many")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	in.Reason = reason
	id, replayed, err := s.once(ctx, a, scopeRefund, in.IdempotencyKey, in, func(q *store.Q) (int64, error) {
		return s.refund(ctx, q, a, in)
	})
	if err != nil {
		return nil, err
	}
	// Drive the payment's pending refunds to the provider (a replay finishes what a crash
	// interrupted: the provider refunds a refund number once).
	if err := s.settleRefunds(ctx, a, id); err != nil {
		return nil, err
	}
	p, err := loadPayment(ctx, s.DB.Read(), id)
	if err != nil {
		return nil, err
	}
	return &PayResult{Payment: p, Replayed: replayed}, nil
}

func (s *Service) refund(ctx context.Context, q *store.Q, a *auth.Actor, in RefundInput) (int64, error) {
	p, err := loadPayment(ctx, q, in.PaymentID)
	if err != nil {
		return 0, err
	}
	if !canManage(a, p) { // outside the scope: 403 on a write (API.md)
		return 0, domain.Forbidden()
	}
	var targets []domain.DuesPaymentItem
	for _, bid := range in.BillIDs {
		i := slices.IndexFunc(p.Items, func(it domain.DuesPaymentItem) bool { return it.BillID == bid })
		if i < 0 {
			return 0, invalid("bill_ids", "err.duespay.not_in_payment")
		}
		if p.Items[i].Status != domain.ItemOverpaid {
			return 0, conflict("err.duespay.not_overpaid", p.Items[i].MemberName, p.Items[i].Month)
		}
	}
	for _, it := range p.Items {
		if it.Status == domain.ItemOverpaid && (len(in.BillIDs) == 0 || slices.Contains(in.BillIDs, it.BillID)) {
			targets = append(targets, it)
		}
	}
	if len(targets) == 0 {
		return 0, conflict("err.duespay.nothing_to_refund")
	}
	now := s.Now()
	var done int64
	var refunds []map[string]any
	for _, it := range targets {
		moved, err := q.SetDuesItemStatus(ctx, it.ID, domain.ItemOverpaid, domain.ItemRefunded, false)
		if err != nil {
			return 0, err
		}
		if !moved {
			return 0, conflict("err.duespay.not_overpaid", it.MemberName, it.Month)
		}
		r := &domain.DuesRefund{PaymentID: p.ID, ItemID: it.ID, BillID: it.BillID, OrgPath: it.OrgPath,
			AmountFen: it.AmountFen, Reason: in.Reason, Status: domain.RefundDone, RefundNo: newNumber("RF", now),
			CreatedBy: a.UserID(), CreatedByName: a.Name()}
		if p.Method == domain.PayOnline {
			r.Status, r.Provider = domain.RefundPending, p.Provider
		} else {
			done += it.AmountFen
		}
		if err := q.InsertDuesRefund(ctx, r); err != nil {
			return 0, err
		}
		refunds = append(refunds, map[string]any{"refund_no": r.RefundNo, "bill_id": it.BillID, "month": it.Month,
			"amount_fen": it.AmountFen, "status": r.Status})
	}
	if done > 0 {
		if err := q.AddDuesRefunded(ctx, p.ID, done); err != nil {
			return 0, err
		}
	}
	return p.ID, record(ctx, q, a, "dues.refund.create", p, nil, map[string]any{"reason": in.Reason, "refunds": refunds})
}

// settleRefunds asks the provider for each pending refund of a payment and records the answer.
func (s *Service) settleRefunds(ctx context.Context, a *auth.Actor, paymentID int64) error {
	p, err := loadPayment(ctx, s.DB.Read(), paymentID)
	if err != nil {
		return err
	}
	for _, r := range p.Refunds {
		if r.Status != domain.RefundPending {
			continue
		}
		prov, ok := s.Provider(r.Provider)
		var refundID, failure string
		if !ok {
			failure = "provider " + r.Provider + " is not configured"
		} else {
			total := p.AmountFen
			refundID, err = prov.Refund(ctx, RefundRequest{RefundNo: r.RefundNo, OrderNo: p.OrderNo,
				ProviderTxn: p.ProviderTxn, AmountFen: r.AmountFen, TotalFen: total, Reason: r.Reason})
			if err != nil {
				failure = err.Error()
			}
		}
		err := s.DB.WriteTx(ctx, func(q *store.Q) error {
			status := domain.RefundDone
			if failure != "" {
				status = domain.RefundFailed
			}
			moved, err := q.FinishDuesRefund(ctx, r.ID, status, refundID, failure)
			if err != nil || !moved {
				return err
			}
			after := map[string]any{"refund_no": r.RefundNo, "bill_id": r.BillID, "amount_fen": r.AmountFen,
				"status": status, "provider_refund_id": refundID, "failure": failure}
			if failure != "" {
				if _, err := q.SetDuesItemStatus(ctx, r.ItemID, domain.ItemRefunded, domain.ItemOverpaid, false); err != nil {
					return err
				}
				return record(ctx, q, a, "dues.refund.failed", p, nil, after)
			}
			if err := q.AddDuesRefunded(ctx, p.ID, r.AmountFen); err != nil {
				return err
			}
			return record(ctx, q, a, "dues.refund.done", p, nil, after)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
