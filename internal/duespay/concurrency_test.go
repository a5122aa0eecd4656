package duespay_test

import (
	"fmt"
	"sync"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/duespay"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// parallel runs fn n times at once and returns the errors.
func parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// Issue 6, done when: 20 parallel payments of the same bill → one payment; on both engines.
func TestTwentyParallelPaymentsOfOneBill(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.indicator()
		m, _ := e.member(e.f.BranchA.ID, "郑一")
		other, _ := e.member(e.f.BranchA.ID, "郑二")
		b := e.bill(m, e.month(0), 800)
		b2 := e.bill(other, e.month(0), 800)

		// Different requests (keys): exactly one pays, the others get a clear conflict.
		ids := make([]int64, 20)
		errs := parallel(20, func(i int) error {
			bills := []int64{b}
			if i%2 == 1 {
				bills = []int64{b2, b} // overlapping sets lock in the same order: no deadlock
			}
			res, err := e.s.Pay(e.ctx, e.sec, duespay.PayInput{BillIDs: bills, Method: domain.PayCash,
				IdempotencyKey: fmt.Sprintf("key-%d", i)})
			if err == nil {
				ids[i] = res.Payment.ID
			}
			return err
		})
		ok := 0
		for i, err := range errs {
			switch {
			case err == nil:
				ok++
			case code(err) != domain.EConflict:
				t.Fatalf("payment %d: %v (want a conflict)", i, err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d payments succeeded, want 1", ok)
		}
		if n := e.count(`SELECT COUNT(*) FROM dues_payment_items WHERE bill_id = $1`, b); n != 1 {
			t.Fatalf("bill in %d payments", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM point_entries WHERE dedup_key = $1`, "dues:"+itoa(b)); n != 1 {
			t.Fatalf("points entries %d", n)
		}

		// The same request retried 20 times at once with one key: one payment, every answer
		// the same payment.
		b3 := e.bill(m, e.month(1), 800)
		got := make([]int64, 20)
		errs = parallel(20, func(i int) error {
			res, err := e.s.Pay(e.ctx, e.sec, duespay.PayInput{BillIDs: []int64{b3}, Method: domain.PayCash, IdempotencyKey: "same"})
			if err == nil {
				got[i] = res.Payment.ID
			}
			return err
		})
		for i, err := range errs {
			if err != nil || got[i] != got[0] {
				t.Fatalf("retry %d: payment %d, %v (first %d)", i, got[i], err, got[0])
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM dues_payment_items WHERE bill_id = $1`, b3); n != 1 {
			t.Fatalf("retried bill in %d payments", n)
		}
	})
}

// 20 online orders for one bill completing at once: one pays it, 19 are overpaid (to be
// refunded); 20 copies of one notification at once: one processed, 19 already processed.
func TestParallelNotifications(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.indicator()
		m, u := e.member(e.f.BranchA.ID, "冯一")
		b := e.bill(m, e.month(0), 400)
		orders := make([]*domain.DuesPayment, 20)
		for i := range orders {
			orders[i] = e.online(u, b)
		}
		errs := parallel(20, func(i int) error {
			h, body := e.notification(orders[i], 400)
			_, err := e.notify(h, body)
			return err
		})
		for i, err := range errs {
			if err != nil {
				t.Fatalf("notification %d: %v", i, err)
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM dues_payment_items WHERE bill_id = $1 AND status = 'applied'`, b); n != 1 {
			t.Fatalf("applied %d", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM dues_payment_items WHERE bill_id = $1 AND status = 'overpaid'`, b); n != 19 {
			t.Fatalf("overpaid %d", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM dues_payments WHERE status = 'paid'`); n != 20 {
			t.Fatalf("paid payments %d", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM point_entries WHERE dedup_key = $1`, "dues:"+itoa(b)); n != 1 {
			t.Fatalf("points entries %d", n)
		}

		b2 := e.bill(m, e.month(1), 400)
		p := e.online(u, b2)
		h, body := e.notification(p, 400)
		outcomes := make([]string, 20)
		errs = parallel(20, func(i int) error {
			res, err := e.notify(h, body)
			if err == nil {
				outcomes[i] = res.Outcome
			}
			return err
		})
		processed := 0
		for i, err := range errs {
			if err != nil {
				t.Fatalf("replay %d: %v", i, err)
			}
			if outcomes[i] == duespay.OutcomeProcessed {
				processed++
			} else if outcomes[i] != duespay.OutcomeAlreadyProcessed {
				t.Fatalf("outcome %q", outcomes[i])
			}
		}
		if processed != 1 {
			t.Fatalf("processed %d times", processed)
		}
		if n := e.count(`SELECT COUNT(*) FROM dues_notifications WHERE order_no = $1`, p.OrderNo); n != 1 {
			t.Fatalf("notifications %d", n)
		}
		if st, pid := e.billStatusOf(b2); st != domain.DuesPaid || pid != p.ID {
			t.Fatalf("bill %s %d", st, pid)
		}
	})
}
