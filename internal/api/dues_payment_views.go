package api

import (
	"dangjian/internal/domain"
	"dangjian/internal/duespay"
)

// duesPaymentView is a payment with its bills and refunds (the receipt).
type duesPaymentView struct {
	ID             jsonID                `json:"id"`
	OrgID          jsonID                `json:"org_id"`
	Method         string                `json:"method"`
	Status         string                `json:"status"`
	AmountFen      int64                 `json:"amount_fen"`
	RefundedFen    int64                 `json:"refunded_fen"`
	OverpaidFen    int64                 `json:"overpaid_fen"`
	PayerMemberID  nullID                `json:"payer_member_id"`
	PayerName      string                `json:"payer_name"`
	RecordedBy     string                `json:"recorded_by"`
	Provider       string                `json:"provider"`
	OrderNo        string                `json:"order_no"`
	ProviderTxn    string                `json:"provider_txn"`
	PayURL         string                `json:"pay_url"`
	OverrideReason string                `json:"override_reason"`
	Note           string                `json:"note"`
	ExpiresAt      *stamp                `json:"expires_at"`
	PaidAt         *stamp                `json:"paid_at"`
	CreatedAt      stamp                 `json:"created_at"`
	Bills          []duesPaymentItemView `json:"bills"`
	Refunds        []duesRefundView      `json:"refunds"`
}

type duesPaymentItemView struct {
	BillID     jsonID `json:"bill_id"`
	MemberID   jsonID `json:"member_id"`
	MemberName string `json:"member_name"`
	Month      string `json:"month"`
	AmountFen  int64  `json:"amount_fen"`
	Status     string `json:"status"`
	OnTime     bool   `json:"on_time"`
}

type duesRefundView struct {
	ID               jsonID `json:"id"`
	BillID           jsonID `json:"bill_id"`
	AmountFen        int64  `json:"amount_fen"`
	Reason           string `json:"reason"`
	Status           string `json:"status"`
	RefundNo         string `json:"refund_no"`
	ProviderRefundID string `json:"provider_refund_id"`
	Failure          string `json:"failure"`
	CreatedBy        string `json:"created_by"`
	CreatedAt        stamp  `json:"created_at"`
}

func viewDuesPayment(p *domain.DuesPayment) duesPaymentView {
	v := duesPaymentView{ID: jsonID(p.ID), OrgID: jsonID(p.OrgID), Method: p.Method, Status: p.Status,
		AmountFen: p.AmountFen, RefundedFen: p.RefundedFen, OverpaidFen: p.OverpaidFen(),
		PayerMemberID: nullID(p.PayerMemberID), PayerName: p.PayerName, RecordedBy: p.RecordedByName,
		Provider: p.Provider, OrderNo: p.OrderNo, ProviderTxn: p.ProviderTxn, OverrideReason: p.OverrideReason,
		Note: p.Note, ExpiresAt: optStamp(p.ExpiresAt), PaidAt: optStamp(p.PaidAt), CreatedAt: stamp(p.CreatedAt),
		Bills: make([]duesPaymentItemView, len(p.Items)), Refunds: make([]duesRefundView, len(p.Refunds))}
	if p.Status == domain.PaymentPending {
		v.PayURL = p.PayURL // where the payer pays; of no use once paid
	}
	for i, it := range p.Items {
		v.Bills[i] = duesPaymentItemView{BillID: jsonID(it.BillID), MemberID: jsonID(it.MemberID), MemberName: it.MemberName,
			Month: it.Month, AmountFen: it.AmountFen, Status: it.Status, OnTime: it.OnTime}
	}
	for i, r := range p.Refunds {
		v.Refunds[i] = duesRefundView{ID: jsonID(r.ID), BillID: jsonID(r.BillID), AmountFen: r.AmountFen, Reason: r.Reason,
			Status: r.Status, RefundNo: r.RefundNo, ProviderRefundID: r.ProviderRefundID, Failure: r.Failure,
			CreatedBy: r.CreatedByName, CreatedAt: stamp(r.CreatedAt)}
	}
	return v
}

// payBillView is a bill as its member (or a payer for them) sees it.
type payBillView struct {
	ID            jsonID `json:"id"`
	MemberID      jsonID `json:"member_id"`
	MemberName    string `json:"member_name"`
	OrgID         jsonID `json:"org_id"`
	OrgName       string `json:"org_name"`
	Month         string `json:"month"`
	AmountFen     int64  `json:"amount_fen"`
	Status        string `json:"status"`
	PaidFen       int64  `json:"paid_fen"`
	PaidAt        *stamp `json:"paid_at"`
	PaymentID     nullID `json:"payment_id"`
	Payable       bool   `json:"payable"`
	NeedsOverride bool   `json:"needs_override"`
}

func viewPayBills(list []duespay.Bill) []payBillView {
	out := make([]payBillView, len(list))
	for i, b := range list {
		out[i] = payBillView{ID: jsonID(b.ID), MemberID: jsonID(b.MemberID), MemberName: b.MemberName, OrgID: jsonID(b.OrgID),
			OrgName: b.OrgName, Month: b.Month, AmountFen: b.AmountFen, Status: b.Status, PaidFen: b.PaidFen,
			PaidAt: optStamp(b.PaidAt), PaymentID: nullID(b.PaymentID), Payable: b.Payable, NeedsOverride: b.NeedsOverride}
	}
	return out
}

// notifyView answers a provider notification.
type notifyView struct {
	Result    string `json:"result"`
	PaymentID nullID `json:"payment_id"`
}
