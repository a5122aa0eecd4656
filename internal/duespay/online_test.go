package duespay_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/duespay"
	"dangjian/internal/duespay/testpay"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestOnlinePaymentNotifications(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m, u := e.member(e.f.BranchA.ID, "钱一")
		b1, b2 := e.bill(m, e.month(0), 300), e.bill(m, e.month(1), 300)

		// Only members pay online, for themselves; the payer cannot be someone else.
		if _, err := e.s.Pay(e.ctx, e.sec, duespay.PayInput{BillIDs: []int64{b1}, Method: domain.PayOnline}); code(err) != domain.EForbidden {
			t.Fatalf("online without a member: %v", err)
		}
		_, err := e.s.Pay(e.ctx, u, duespay.PayInput{BillIDs: []int64{b1}, Method: domain.PayOnline, PayerMemberID: m.ID + 1000})
		if code(err) != domain.EInvalid {
			t.Fatalf("payer not self: %v", err)
		}
		_, err = e.s.Pay(e.ctx, u, duespay.PayInput{BillIDs: []int64{b1}, Method: domain.PayOnline, ReturnURL: "https://evil.example/"})
		if code(err) != domain.EInvalid {
			t.Fatalf("foreign return URL: %v", err)
		}

		p := e.online(u, b1, b2)
		if p.Status != domain.PaymentPending || p.AmountFen != 600 || p.OrderNo == "" || p.Provider != "test" ||
			!strings.HasPrefix(p.PayURL, "http://dj.test/testpay/pay?order=") || p.PayerMemberID != m.ID {
			t.Fatalf("pending payment: %+v", p)
		}
		if st, _ := e.billStatusOf(b1); st != domain.DuesUnpaid {
			t.Fatalf("a pending order paid the bill: %s", st)
		}
		order, err := e.prov.P.DecodeOrder(queryOf(t, p.PayURL, "order"), queryOf(t, p.PayURL, "sig"))
		if err != nil || order.AmountFen != 600 || order.NotifyURL != "http://dj.test/api/v1/dues/notify/test" ||
			order.ReturnURL != "http://dj.test/my/dues" {
			t.Fatalf("order in the pay URL: %+v %v", order, err)
		}

		notifications := func() int { return e.count(`SELECT COUNT(*) FROM dues_notifications`) }
		audits := func() int { return e.count(`SELECT COUNT(*) FROM audit_log`) }

		// A bad signature, a stale or future timestamp and a wrong amount are rejected and
		// change nothing.
		h, body := e.notification(p, 600)
		bad := h.Clone()
		bad.Set(testpay.HeaderSignature, strings.Repeat("0", 64))
		if _, err := e.notify(bad, body); code(err) != domain.EUnauthorized {
			t.Fatalf("bad signature: %v", err)
		}
		tampered := []byte(strings.Replace(string(body), `"amount_fen":600`, `"amount_fen":1`, 1))
		if _, err := e.notify(h, tampered); code(err) != domain.EUnauthorized {
			t.Fatalf("body changed after signing: %v", err)
		}
		missing := h.Clone()
		missing.Del(testpay.HeaderNonce)
		if _, err := e.notify(missing, body); code(err) != domain.EUnauthorized {
			t.Fatalf("no nonce: %v", err)
		}
		if _, err := e.s.Notify(e.ctx, "wechat", h, body, ""); code(err) != domain.ENotFound {
			t.Fatalf("unknown provider: %v", err)
		}
		for _, skew := range []time.Duration{-10 * time.Minute, 10 * time.Minute} {
			e.prov.P.Now = func() time.Time { return e.now.Add(skew) }
			sh, sbody := e.notification(p, 600)
			if _, err := e.notify(sh, sbody); code(err) != domain.EUnauthorized {
				t.Fatalf("timestamp %v off: %v", skew, err)
			}
		}
		e.prov.P.Now = func() time.Time { return e.now }
		before := audits()
		wh, wbody := e.notification(p, 599)
		_, err = e.notify(wh, wbody)
		if ve, _ := domain.AsError(err); code(err) != domain.EInvalid || ve.Fields["amount_fen"] == "" {
			t.Fatalf("amount mismatch: %v", err)
		}
		if audits() != before+1 || e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'dues.notify.rejected'`) != 1 {
			t.Fatal("the rejected notification is not audited")
		}
		if notifications() != 0 {
			t.Fatalf("rejected notifications recorded: %d", notifications())
		}
		if st, _ := e.billStatusOf(b1); st != domain.DuesUnpaid {
			t.Fatal("a rejected notification paid the bill")
		}
		unknown := *p
		unknown.OrderNo = "DJ-nope"
		uh, ubody := e.notification(&unknown, 600)
		if _, err := e.notify(uh, ubody); code(err) != domain.ENotFound {
			t.Fatalf("unknown order: %v", err)
		}

		// The good one pays both bills.
		res, err := e.notify(h, body)
		if err != nil || res.Outcome != duespay.OutcomeProcessed || res.PaymentID != p.ID {
			t.Fatalf("notify: %+v %v", res, err)
		}
		got, err := e.s.Payment(e.ctx, u, p.ID)
		if err != nil || got.Status != domain.PaymentPaid || got.ProviderTxn == "" || got.PaidAt.IsZero() {
			t.Fatalf("paid: %+v %v", got, err)
		}
		for _, b := range []int64{b1, b2} {
			if st, pid := e.billStatusOf(b); st != domain.DuesPaid || pid != p.ID {
				t.Fatalf("bill %d %s %d", b, st, pid)
			}
		}
		state := audits()

		// A replay — the same notification again — changes nothing and is answered as
		// already processed; so is a new notification of the paid order (a provider retry)
		// and one that reuses a nonce.
		res, err = e.notify(h, body)
		if err != nil || res.Outcome != duespay.OutcomeAlreadyProcessed {
			t.Fatalf("replay: %+v %v", res, err)
		}
		h2, body2 := e.notification(p, 600)
		if res, err := e.notify(h2, body2); err != nil || res.Outcome != duespay.OutcomeAlreadyProcessed {
			t.Fatalf("second notification: %+v %v", res, err)
		}
		reuse := e.prov.P.Sign(body2, e.now) // a fresh nonce, but body2's id was seen
		if res, err := e.notify(reuse, body2); err != nil || res.Outcome != duespay.OutcomeAlreadyProcessed {
			t.Fatalf("same id, new nonce: %+v %v", res, err)
		}
		_, body3 := e.notification(p, 600)
		sameNonce := e.prov.P.Sign(body3, e.now)
		sameNonce.Set(testpay.HeaderNonce, h.Get(testpay.HeaderNonce))
		sameNonce.Set(testpay.HeaderSignature, testpay.Sign([]byte("test-secret"), sameNonce.Get(testpay.HeaderTimestamp), h.Get(testpay.HeaderNonce), body3))
		if res, err := e.notify(sameNonce, body3); err != nil || res.Outcome != duespay.OutcomeAlreadyProcessed {
			t.Fatalf("same nonce, new id: %+v %v", res, err)
		}
		if audits() != state || notifications() != 2 {
			t.Fatalf("a replay changed something: audits %d → %d, notifications %d", state, audits(), notifications())
		}
		after, _ := e.s.Payment(e.ctx, u, p.ID)
		if after.UpdatedAt != got.UpdatedAt || after.Status != domain.PaymentPaid {
			t.Fatal("a replay touched the payment")
		}
	})
}

func queryOf(t *testing.T, raw, key string) string {
	t.Helper()
	i := strings.Index(raw, "?")
	for _, kv := range strings.Split(raw[i+1:], "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k == key {
			return v
		}
	}
	t.Fatalf("%s has no %s", raw, key)
	return ""
}

func TestTwoOrdersForOneBillOverpayAndRefund(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m, u := e.member(e.f.BranchA.ID, "孙一")
		b := e.bill(m, e.month(0), 500)
		first, second := e.online(u, b), e.online(u, b)
		for _, p := range []*domain.DuesPayment{first, second} {
			h, body := e.notification(p, 500)
			if _, err := e.notify(h, body); err != nil {
				t.Fatal(err)
			}
		}
		p1, _ := e.s.Payment(e.ctx, u, first.ID)
		p2, _ := e.s.Payment(e.ctx, u, second.ID)
		if p1.Items[0].Status != domain.ItemApplied || p2.Items[0].Status != domain.ItemOverpaid || p2.OverpaidFen() != 500 {
			t.Fatalf("items: %+v / %+v", p1.Items, p2.Items)
		}
		if _, pid := e.billStatusOf(b); pid != first.ID {
			t.Fatalf("bill paid by %d", pid)
		}
		if e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'dues.payment.overpaid'`) != 1 {
			t.Fatal("overpayment not audited")
		}

		// Who refunds: the branch, with a reason; nothing that is not overpaid.
		in := duespay.RefundInput{PaymentID: second.ID, Reason: "两笔订单重复支付"}
		if _, err := e.s.Refund(e.ctx, u, in); code(err) != domain.EForbidden {
			t.Fatalf("member refunds: %v", err)
		}
		if _, err := e.s.Refund(e.ctx, e.secB, in); code(err) != domain.EForbidden {
			t.Fatalf("other branch refunds: %v", err)
		}
		if _, err := e.s.Refund(e.ctx, e.sec, duespay.RefundInput{PaymentID: second.ID}); code(err) != domain.EInvalid {
			t.Fatalf("no reason: %v", err)
		}
		if _, err := e.s.Refund(e.ctx, e.sec, duespay.RefundInput{PaymentID: first.ID, Reason: "x"}); code(err) != domain.EConflict {
			t.Fatalf("refund of an applied payment: %v", err)
		}
		if _, err := e.s.Refund(e.ctx, e.sec, duespay.RefundInput{PaymentID: second.ID, BillIDs: []int64{b + 99}, Reason: "x"}); code(err) != domain.EInvalid {
			t.Fatalf("bill not in the payment: %v", err)
		}
		in.IdempotencyKey = "refund-1"
		res, err := e.s.Refund(e.ctx, e.sec, in)
		if err != nil {
			t.Fatal(err)
		}
		r := res.Payment
		if len(r.Refunds) != 1 || r.Refunds[0].Status != domain.RefundDone || r.Refunds[0].ProviderRefundID == "" ||
			r.RefundedFen != 500 || r.Items[0].Status != domain.ItemRefunded || r.Refunds[0].Reason != "两笔订单重复支付" {
			t.Fatalf("refund: %+v %+v", r, r.Refunds)
		}
		// The same key answers the same; a new request finds nothing to refund.
		again, err := e.s.Refund(e.ctx, e.sec, in)
		if err != nil || !again.Replayed || len(again.Payment.Refunds) != 1 {
			t.Fatalf("replayed refund: %+v %v", again, err)
		}
		if _, err := e.s.Refund(e.ctx, e.sec, duespay.RefundInput{PaymentID: second.ID, Reason: "again"}); code(err) != domain.EConflict {
			t.Fatalf("second refund: %v", err)
		}
		for _, action := range []string{"dues.refund.create", "dues.refund.done"} {
			if e.count(`SELECT COUNT(*) FROM audit_log WHERE action = $1`, action) != 1 {
				t.Fatalf("%s not audited once", action)
			}
		}
		if st, _ := e.billStatusOf(b); st != domain.DuesPaid {
			t.Fatal("the refund touched the bill")
		}
	})
}

func TestPayForAnotherMember(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		payee, payeeU := e.member(e.f.BranchA.ID, "周老")
		_, payer := e.member(e.f.BranchB.ID, "周小")
		_, stranger := e.member(e.f.BranchB.ID, "路人")
		b := e.bill(payee, e.month(0), 200)

		if _, err := e.s.Payable(e.ctx, payer, payee.ID, "周"); code(err) != domain.ENotFound {
			t.Fatalf("wrong name: %v", err)
		}
		if _, err := e.s.Payable(e.ctx, e.sec, payee.ID, "周老"); code(err) != domain.EForbidden {
			t.Fatalf("no member record: %v", err)
		}
		list, err := e.s.Payable(e.ctx, payer, payee.ID, "周老")
		if err != nil || len(list) != 1 || list[0].ID != b || !list[0].Payable {
			t.Fatalf("payable: %+v %v", list, err)
		}
		// Without the payee's name, another member's bill is not the caller's to pay.
		_, err = e.s.Pay(e.ctx, payer, duespay.PayInput{BillIDs: []int64{b}, Method: domain.PayOnline, BaseURL: "http://x"})
		if code(err) != domain.EForbidden {
			t.Fatalf("pay without the name: %v", err)
		}
		res, err := e.s.Pay(e.ctx, payer, duespay.PayInput{BillIDs: []int64{b}, Method: domain.PayOnline, PayeeName: "周老",
			BaseURL: "http://x"})
		if err != nil {
			t.Fatal(err)
		}
		h, body := e.notification(res.Payment, 200)
		if _, err := e.notify(h, body); err != nil {
			t.Fatal(err)
		}
		p, err := e.s.Payment(e.ctx, payeeU, res.Payment.ID)
		if err != nil || p.PayerName != "周小" || p.Items[0].MemberName != "周老" || p.Status != domain.PaymentPaid {
			t.Fatalf("payee sees: %+v %v", p, err)
		}
		// Both see it in their history; a stranger and another branch's secretary do not.
		mine, _ := e.s.MyPayments(e.ctx, payer, 0, 0)
		theirs, _ := e.s.MyPayments(e.ctx, payeeU, 0, 0)
		none, _ := e.s.MyPayments(e.ctx, stranger, 0, 0)
		if len(mine) != 1 || len(theirs) != 1 || len(none) != 0 {
			t.Fatalf("histories: %d %d %d", len(mine), len(theirs), len(none))
		}
		if _, err := e.s.Payment(e.ctx, stranger, p.ID); code(err) != domain.ENotFound {
			t.Fatalf("stranger reads: %v", err)
		}
		if _, err := e.s.Payment(e.ctx, e.secB, p.ID); code(err) != domain.ENotFound {
			t.Fatalf("other branch reads: %v", err)
		}
		if _, err := e.s.Payment(e.ctx, e.upper, p.ID); err != nil {
			t.Fatalf("upper reads: %v", err)
		}
		list2, err := e.s.Payments(e.ctx, e.sec, duespay.PaymentFilter{})
		if err != nil || len(list2) != 1 {
			t.Fatalf("secretary's list: %d %v", len(list2), err)
		}
		if l, err := e.s.Payments(e.ctx, e.secB, duespay.PaymentFilter{}); err != nil || len(l) != 0 {
			t.Fatalf("other branch's list: %d %v", len(l), err)
		}
		if _, err := e.s.Payments(e.ctx, e.secB, duespay.PaymentFilter{OrgID: e.f.BranchA.ID}); code(err) != domain.ENotFound {
			t.Fatalf("other branch's org: %v", err)
		}
		if _, err := e.s.Payments(e.ctx, payer, duespay.PaymentFilter{}); code(err) != domain.EForbidden {
			t.Fatalf("member lists all: %v", err)
		}
	})
}

func TestRefundFailureLeavesTheItemOverpaid(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m, u := e.member(e.f.BranchA.ID, "吴一")
		b := e.bill(m, e.month(0), 500)
		first, second := e.online(u, b), e.online(u, b)
		for _, p := range []*domain.DuesPayment{first, second} {
			h, body := e.notification(p, 500)
			if _, err := e.notify(h, body); err != nil {
				t.Fatal(err)
			}
		}
		e.s.Register(refusing{e.prov})
		res, err := e.s.Refund(e.ctx, e.sec, duespay.RefundInput{PaymentID: second.ID, Reason: "重复"})
		if err != nil {
			t.Fatal(err)
		}
		p := res.Payment
		if p.Items[0].Status != domain.ItemOverpaid || p.RefundedFen != 0 || p.Refunds[0].Status != domain.RefundFailed ||
			p.Refunds[0].Failure != "refund window closed" {
			t.Fatalf("failed refund: %+v %+v", p.Items, p.Refunds)
		}
		e.s.Register(e.prov)
		res, err = e.s.Refund(e.ctx, e.sec, duespay.RefundInput{PaymentID: second.ID, Reason: "重复"})
		if err != nil || res.Payment.RefundedFen != 500 || len(res.Payment.Refunds) != 2 {
			t.Fatalf("retry: %+v %v", res, err)
		}
	})
}

// refusing is the test provider refusing every refund.
type refusing struct{ *duespay.TestProvider }

func (refusing) Refund(context.Context, duespay.RefundRequest) (string, error) {
	return "", errors.New("refund window closed")
}
