package duespay_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/duespay"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestCashPaymentPaysEachBillOnce(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m1, u1 := e.member(e.f.BranchA.ID, "张一")
		m2, _ := e.member(e.f.BranchA.ID, "张二")
		mb, _ := e.member(e.f.BranchB.ID, "李一")
		b1, b1b := e.bill(m1, e.month(0), 250), e.bill(m1, e.month(1), 250)
		b2 := e.bill(m2, e.month(0), 1500)
		bb := e.bill(mb, e.month(0), 300)
		exempt := e.billStatus(m2, e.month(1), 0, domain.DuesExempt)

		// Who may record: a secretary over every bill.
		if _, err := e.cash(u1, b1); code(err) != domain.EForbidden {
			t.Fatalf("member records cash: %v", err)
		}
		if _, err := e.cash(e.secB, b1); code(err) != domain.EForbidden {
			t.Fatalf("other branch's secretary: %v", err)
		}
		if _, err := e.cash(e.sec, b1, bb); code(err) != domain.EForbidden {
			t.Fatalf("a bill outside the scope among others: %v", err)
		}
		if _, err := e.cash(e.sec, 999999); code(err) != domain.ENotFound {
			t.Fatalf("missing bill: %v", err)
		}
		if _, err := e.cash(e.sec, b1, b1); code(err) != domain.EInvalid {
			t.Fatalf("duplicate bill: %v", err)
		}
		if _, err := e.cash(e.sec, exempt); code(err) != domain.EConflict {
			t.Fatalf("exempt bill: %v", err)
		}
		if _, err := e.s.Pay(e.ctx, e.sec, duespay.PayInput{BillIDs: []int64{b1}, Method: "cheque"}); code(err) != domain.EInvalid {
			t.Fatalf("unknown method: %v", err)
		}

		// Several months of two members at once, by the branch, with a payer named.
		res, err := e.s.Pay(e.ctx, e.sec, duespay.PayInput{BillIDs: []int64{b2, b1, b1b}, Method: domain.PayTransfer,
			PayerMemberID: m1.ID, Note: "银行转账"})
		if err != nil {
			t.Fatal(err)
		}
		p := res.Payment
		if p.Status != domain.PaymentPaid || p.AmountFen != 2000 || len(p.Items) != 3 || p.PayerName != "张一" ||
			p.RecordedByName != "sec_a" || p.PaidAt.IsZero() || p.Method != domain.PayTransfer {
			t.Fatalf("payment: %+v", p)
		}
		for _, it := range p.Items {
			if it.Status != domain.ItemApplied {
				t.Fatalf("item %+v", it)
			}
			if st, pid := e.billStatusOf(it.BillID); st != domain.DuesPaid || pid != p.ID {
				t.Fatalf("bill %d: %s %d", it.BillID, st, pid)
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'dues.payment.record' AND entity_id = $1`, p.ID); n != 1 {
			t.Fatalf("audit entries %d", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM dues_bills WHERE paid_fen = amount_fen AND status = 'paid'`); n != 3 {
			t.Fatalf("paid_fen not set: %d", n)
		}

		// Paid once: again, or in another payment with an unpaid one, is a conflict that
		// changes nothing.
		if _, err := e.cash(e.sec, b1); code(err) != domain.EConflict {
			t.Fatalf("second payment: %v", err)
		}
		b3 := e.bill(m2, e.month(2), 1500)
		if _, err := e.cash(e.sec, b3, b2); code(err) != domain.EConflict {
			t.Fatalf("second payment with another bill: %v", err)
		}
		if st, _ := e.billStatusOf(b3); st != domain.DuesUnpaid {
			t.Fatalf("rolled-back bill is %s", st)
		}
		// The upper organisation's officer may record for the branch below.
		if _, err := e.cash(e.upper, b3); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`SELECT COUNT(*) FROM dues_payments`); n != 2 {
			t.Fatalf("payments %d", n)
		}
	})
}

func TestBackPaymentLimitNeedsASecretarysOverride(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m, u := e.member(e.f.BranchA.ID, "王五")
		six := e.bill(m, e.month(6), 100)
		seven := e.bill(m, e.month(7), 100)
		eight := e.bill(m, e.month(8), 100)

		bills, err := e.s.MyBills(e.ctx, u, "")
		if err != nil || len(bills) != 3 || !bills[0].Payable || bills[1].Payable || !bills[1].NeedsOverride {
			t.Fatalf("my bills: %+v %v", bills, err)
		}
		// Six months back is within the limit, online too.
		p := e.online(u, six)
		if p.Status != domain.PaymentPending || p.PayURL == "" {
			t.Fatalf("online: %+v", p)
		}
		// Seven is beyond: not online, and the branch needs a reason.
		_, err = e.s.Pay(e.ctx, u, duespay.PayInput{BillIDs: []int64{seven}, Method: domain.PayOnline, BaseURL: "http://x"})
		if ve, _ := domain.AsError(err); code(err) != domain.EInvalid || ve.Fields["bill_ids"] == "" {
			t.Fatalf("online beyond the limit: %v", err)
		}
		_, err = e.cash(e.sec, seven)
		if ve, _ := domain.AsError(err); code(err) != domain.EInvalid || ve.Fields["override_reason"] == "" {
			t.Fatalf("cash beyond the limit without a reason: %v", err)
		}
		res, err := e.s.Pay(e.ctx, e.sec, duespay.PayInput{BillIDs: []int64{seven}, Method: domain.PayCash,
			OverrideReason: "外派援疆期间无法缴纳，支委会同意补缴"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Payment.OverrideReason == "" {
			t.Fatal("override reason not recorded")
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'dues.payment.backpay_override' AND entity_id = $1`, res.Payment.ID); n != 1 {
			t.Fatalf("override audit %d", n)
		}
		// A reason on a payment within the limit is not an override and is not kept as one.
		in := e.bill(m, e.month(0), 100)
		res, err = e.s.Pay(e.ctx, e.sec, duespay.PayInput{BillIDs: []int64{in}, Method: domain.PayCash, OverrideReason: "无"})
		if err != nil || res.Payment.OverrideReason != "" {
			t.Fatalf("reason within the limit: %+v %v", res, err)
		}

		// The limit is a rule with a validity date: twelve months from today lets the member pay
		// eight months back online.
		err = db.WriteTx(e.ctx, func(q *store.Q) error {
			return q.InsertRule(e.ctx, "dues.backpay", 0, duespay.BackpayRule{MaxMonths: 12}, domain.Today(e.now), "test", "test")
		})
		if err != nil {
			t.Fatal(err)
		}
		if p := e.online(u, eight); p.AmountFen != 100 {
			t.Fatalf("after the rule change: %+v", p)
		}
	})
}

func TestOnTimePaymentsScorePointsOncePerBill(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m, u := e.member(e.f.BranchA.ID, "赵六")
		// Without the item in the catalogue, a payment records no points and still succeeds.
		early := e.bill(m, e.month(0), 100)
		if _, err := e.cash(e.sec, early); err != nil {
			t.Fatal(err)
		}
		entries := func() int {
			return e.count(`SELECT COUNT(*) FROM point_entries WHERE subject_type = 'member' AND subject_id = $1`, m.ID)
		}
		if entries() != 0 {
			t.Fatal("points without an indicator")
		}
		e.indicator()
		cur := e.bill(m, e.month(-1), 100) // next month, paid ahead: on time
		late := e.bill(m, e.month(1), 100) // last month, paid now: late
		p, err := e.cash(e.sec, cur, late)
		if err != nil {
			t.Fatal(err)
		}
		onTime := map[int64]bool{}
		for _, it := range p.Items {
			onTime[it.BillID] = it.OnTime
		}
		if !onTime[cur] || onTime[late] {
			t.Fatalf("on time: %v", onTime)
		}
		if n := e.count(`SELECT COUNT(*) FROM point_entries WHERE subject_id = $1 AND dedup_key = $2`, m.ID, "dues:"+itoa(cur)); n != 1 {
			t.Fatalf("on-time entry %d", n)
		}
		if entries() != 1 {
			t.Fatalf("entries %d", entries())
		}
		// Online, paid when the notification arrives within the month: on time, once, even
		// when the notification is replayed.
		this := e.bill(m, e.month(-2), 100)
		op := e.online(u, this)
		h, body := e.notification(op, op.AmountFen)
		for range 3 {
			if _, err := e.notify(h, body); err != nil {
				t.Fatal(err)
			}
		}
		if entries() != 2 {
			t.Fatalf("entries after online %d", entries())
		}

		// A grace period is a rule: forty days after its month, last month's bill is on time.
		err = db.WriteTx(e.ctx, func(q *store.Q) error {
			return q.InsertRule(e.ctx, "dues.on_time", 0, duespay.OnTimeRule{GraceDays: 40, IndicatorCode: "DUES-ON-TIME"},
				domain.Today(e.now), "test", "test")
		})
		if err != nil {
			t.Fatal(err)
		}
		m2, _ := e.member(e.f.BranchA.ID, "赵七")
		late2 := e.bill(m2, e.month(1), 100)
		if p, err := e.cash(e.sec, late2); err != nil || !p.Items[0].OnTime {
			t.Fatalf("with grace: %+v %v", p, err)
		}

		// A member who left the roster can still have dues recorded; no points, no failure.
		m3, _ := e.member(e.f.BranchA.ID, "赵八")
		if _, err := db.SQL().ExecContext(e.ctx, `UPDATE members SET left_on = $1, left_reason = 'death' WHERE id = $2`,
			domain.Today(e.now), m3.ID); err != nil {
			t.Fatal(err)
		}
		gone := e.bill(m3, e.month(0), 100)
		if p, err := e.cash(e.sec, gone); err != nil || !p.Items[0].OnTime {
			t.Fatalf("left member: %+v %v", p, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM point_entries WHERE subject_id = $1`, m3.ID); n != 0 {
			t.Fatalf("left member scored %d", n)
		}
	})
}

func TestPaidOnTime(t *testing.T) {
	d := func(s string) domain.Date {
		v, err := domain.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		month, paid string
		grace       int
		want        bool
	}{
		{"2025-02", "2025-02-28", 0, true},
		{"2025-02", "2025-03-01", 0, false},
		{"2024-02", "2024-02-29", 0, true},
		{"2025-12", "2025-12-31", 0, true},
		{"2025-12", "2026-01-01", 0, false},
		{"2025-12", "2026-01-05", 5, true},
		{"2025-12", "2026-01-06", 5, false},
		{"2025-06", "2025-01-01", 0, true}, // ahead
		{"bad", "2025-01-01", 0, false},
	}
	for _, c := range cases {
		if got := domain.DuesPaidOnTime(c.month, d(c.paid), c.grace); got != c.want {
			t.Errorf("%s paid %s grace %d: %v, want %v", c.month, c.paid, c.grace, got, c.want)
		}
	}
	if n := domain.DuesMonthsBack("2025-01", d("2025-07-31")); n != 6 {
		t.Errorf("months back %d", n)
	}
	if n := domain.DuesMonthsBack("2024-12", d("2025-07-01")); n != 7 {
		t.Errorf("months back %d", n)
	}
}
