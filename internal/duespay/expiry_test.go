package duespay_test

import (
	"sync"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/duespay"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// An order past its expiry is expired once, by one of several sweeping instances at once; an
// order still in time stays pending; the bill stays unpaid and can be ordered again.
func TestExpireOrdersOnce(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m, ma := e.member(e.f.BranchA.ID, "王过期")
		b1, b2 := e.bill(m, e.month(0), 1000), e.bill(m, e.month(1), 1000)
		old := e.online(ma, b1)
		e.now = e.now.Add(e.s.OrderTTL + time.Minute)
		fresh := e.online(ma, b2)

		// Four instances sweep at the same moment, each with its own service over the database.
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for range 4 {
			s := duespay.New(db, nil)
			s.Now = func() time.Time { return e.now }
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := s.ExpireOrders(e.ctx)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				total += n
				mu.Unlock()
			}()
		}
		wg.Wait()
		if total != 1 {
			t.Fatalf("expired %d orders in all, want 1", total)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'dues.payment.expire' AND entity_id = $1`, old.ID); n != 1 {
			t.Errorf("expire audited %d times", n)
		}
		if n, err := e.s.ExpireOrders(e.ctx); err != nil || n != 0 {
			t.Errorf("second sweep: %d %v", n, err)
		}
		p, err := e.s.Payment(e.ctx, ma, old.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.PaymentExpired || p.Items[0].Status != domain.ItemCancelled {
			t.Errorf("expired order: %s, item %s", p.Status, p.Items[0].Status)
		}
		if p, _ := e.s.Payment(e.ctx, ma, fresh.ID); p.Status != domain.PaymentPending {
			t.Errorf("order in time: %s", p.Status)
		}
		if st, _ := e.billStatusOf(b1); st != domain.DuesUnpaid {
			t.Errorf("bill after expiry: %s", st)
		}
		again := e.online(ma, b1)
		if again.Status != domain.PaymentPending {
			t.Errorf("new order: %s", again.Status)
		}
	})
}

// The payer cancels their own pending order; others may not; a closed order cannot be
// cancelled again, and the bill can be ordered anew.
func TestCancelOwnOrder(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m, ma := e.member(e.f.BranchA.ID, "李取消")
		_, pa := e.member(e.f.BranchA.ID, "赵代缴")
		_, outsider := e.member(e.f.BranchB.ID, "钱无关")
		b1 := e.bill(m, e.month(0), 1000)
		own := e.online(ma, b1)

		_, err := e.s.Cancel(e.ctx, e.sec, own.ID)
		testutil.WantCode(t, err, domain.EForbidden) // reads it, did not start it
		_, err = e.s.Cancel(e.ctx, outsider, own.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.s.Cancel(e.ctx, ma, 999999)
		testutil.WantCode(t, err, domain.ENotFound)
		p, err := e.s.Cancel(e.ctx, ma, own.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.PaymentCancelled || p.Items[0].Status != domain.ItemCancelled || p.PayURL == "" {
			t.Errorf("cancelled: %+v", p)
		}
		_, err = e.s.Cancel(e.ctx, ma, own.ID)
		testutil.WantCode(t, err, domain.EConflict)
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'dues.payment.cancel' AND entity_id = $1`, own.ID); n != 1 {
			t.Errorf("cancel audited %d times", n)
		}

		// 代缴: the payer cancels; the bill's member reads the order but may not cancel it.
		res, err := e.s.Pay(e.ctx, pa, duespay.PayInput{BillIDs: []int64{b1}, Method: domain.PayOnline, PayeeName: m.Name,
			BaseURL: "http://dj.test"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.Cancel(e.ctx, ma, res.Payment.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		if _, err := e.s.Cancel(e.ctx, pa, res.Payment.ID); err != nil {
			t.Fatal(err)
		}

		// A cash payment is no order.
		cash, err := e.cash(e.sec, e.bill(m, e.month(1), 1000))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.Cancel(e.ctx, e.sec, cash.ID)
		testutil.WantCode(t, err, domain.EForbidden)
		// An expired order cannot be cancelled.
		late := e.online(ma, b1)
		e.now = e.now.Add(e.s.OrderTTL + time.Minute)
		if n, err := e.s.ExpireOrders(e.ctx); err != nil || n != 1 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		_, err = e.s.Cancel(e.ctx, ma, late.ID)
		testutil.WantCode(t, err, domain.EConflict)
	})
}

// A notification that an expired or cancelled order was paid after all is honoured: the bill
// is paid if still unpaid, else the item is left overpaid for a refund; a replay changes
// nothing.
func TestLateNotificationAfterExpiry(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m, ma := e.member(e.f.BranchA.ID, "孙迟到")
		b1, b2 := e.bill(m, e.month(0), 1000), e.bill(m, e.month(1), 1200)
		p1, p2 := e.online(ma, b1), e.online(ma, b2)
		e.now = e.now.Add(e.s.OrderTTL + time.Minute)
		if n, err := e.s.ExpireOrders(e.ctx); err != nil || n != 2 {
			t.Fatalf("sweep: %d %v", n, err)
		}

		// p1: the bill is still unpaid, so the late money pays it.
		h, body := e.notification(p1, 1000)
		res, err := e.notify(h, body)
		if err != nil || res.Outcome != duespay.OutcomeProcessed {
			t.Fatalf("late notification: %+v %v", res, err)
		}
		if st, pid := e.billStatusOf(b1); st != domain.DuesPaid || pid != p1.ID {
			t.Errorf("bill after late payment: %s by %d", st, pid)
		}
		got, _ := e.s.Payment(e.ctx, ma, p1.ID)
		if got.Status != domain.PaymentPaid || got.Items[0].Status != domain.ItemApplied || got.ProviderTxn == "" {
			t.Errorf("late-paid order: %s item %s", got.Status, got.Items[0].Status)
		}
		if res, err := e.notify(h, body); err != nil || res.Outcome != duespay.OutcomeAlreadyProcessed {
			t.Errorf("replay: %+v %v", res, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM dues_notifications WHERE payment_id = $1 AND outcome = 'paid_late'`, p1.ID); n != 1 {
			t.Errorf("paid_late notifications: %d", n)
		}

		// p2: the branch took cash for the bill meanwhile, so the late money is overpaid.
		if _, err := e.cash(e.sec, b2); err != nil {
			t.Fatal(err)
		}
		h, body = e.notification(p2, 1200)
		if _, err := e.notify(h, body); err != nil {
			t.Fatal(err)
		}
		got, _ = e.s.Payment(e.ctx, ma, p2.ID)
		if got.Status != domain.PaymentPaid || got.Items[0].Status != domain.ItemOverpaid || got.OverpaidFen() != 1200 {
			t.Errorf("overpaid late order: %s item %s overpaid %d", got.Status, got.Items[0].Status, got.OverpaidFen())
		}
		if st, pid := e.billStatusOf(b2); st != domain.DuesPaid || pid == p2.ID {
			t.Errorf("bill b2: %s by %d", st, pid)
		}
		// A paid order is not swept again.
		if n, err := e.s.ExpireOrders(e.ctx); err != nil || n != 0 {
			t.Errorf("sweep after payment: %d %v", n, err)
		}
	})
}
