package demo

import (
	"context"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/duespay"
	"dangjian/internal/duesstats"
	"dangjian/internal/funds"
	"dangjian/internal/points"
	"dangjian/internal/services"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// duesSet is the demo's set with the dues services, as the application wires them.
func duesSet(t *testing.T, db *store.DB) *services.Set {
	t.Helper()
	set := newSet(t, db)
	set.Points = points.NewService(db)
	set.Dues = dues.New(db, set.Members, nil)
	set.DuesPay = duespay.New(db, set.Points)
	set.DuesStats = duesstats.New(db)
	set.Funds = funds.New(db)
	return set
}

// The demo's dues, end to end: a profile for everyone on the roster (all categories, in-service
// bases in all four brackets, pay rises), twelve months of bills that are exactly what the
// generator makes — priced by the service's calculator, the hardships applied, and a
// generation of each month finding every bill made already —, payments consistent with what
// the payment service writes, most months paid, this month mostly not, members flagged for
// six months unpaid, collection rates, this month's first payments scoring points (and the
// ledger verifying), reminders, and the dues booked into the fund pool.
func TestDemoDues(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		set := duesSet(t, db)
		start := time.Now()
		res, err := Load(ctx, set, Options{Members: 300, DuesMonths: 12})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("loaded with %d dues bills and %d payments in %v", res.DuesBills, res.DuesPayments, time.Since(start))
		sys := auth.SystemActor()
		today := set.Orgs.Today()
		cur := domain.DuesMonthOf(today)
		months := map[string]bool{}
		for i := range 12 {
			months[domain.DuesMonthAdd(cur, -i)] = true
		}
		roots := map[string]*domain.Org{}
		for _, name := range []string{EnterpriseName, DistrictName, SyntheticName} {
			var o domain.Org
			if err := db.SQL().QueryRowContext(ctx, `SELECT id, path FROM orgs WHERE name = $1`, name).Scan(&o.ID, &o.Path); err != nil {
				t.Fatal(err)
			}
			roots[name] = &o
		}
		if res.DuesBills == 0 || res.DuesPayments == 0 {
			t.Fatalf("result: %d bills, %d payments", res.DuesBills, res.DuesPayments)
		}

		// Every member on the roster has a profile; every category and in-service bracket occurs.
		var without int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM members m WHERE m.left_on IS NULL
			AND NOT EXISTS (SELECT 1 FROM dues_profiles p WHERE p.member_id = m.id)`).Scan(&without); err != nil || without != 0 {
			t.Errorf("%d members on the roster without a dues profile (%v)", without, err)
		}
		profiles := map[int64][]domain.DuesProfile{} // by member, oldest first
		cats, brackets := map[string]int{}, map[int]int{}
		rs, err := db.SQL().QueryContext(ctx, `SELECT member_id, category, base_fen, from_month FROM dues_profiles ORDER BY member_id, from_month`)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var p domain.DuesProfile
			if err := rs.Scan(&p.MemberID, &p.Category, &p.BaseFen, &p.FromMonth); err != nil {
				t.Fatal(err)
			}
			profiles[p.MemberID] = append(profiles[p.MemberID], p)
			cats[string(p.Category)]++
			if p.Category == domain.DuesInService {
				a, _ := domain.CalculateDues(domain.DefaultDuesRates(), string(p.Category), p.BaseFen)
				brackets[a.Bracket]++
			}
		}
		rs.Close()
		raises := 0
		for _, list := range profiles {
			if len(list) > 1 {
				raises++
			}
		}
		for _, c := range domain.DuesCategories {
			if cats[string(c)] == 0 {
				t.Errorf("no profile of category %s: %v", c, cats)
			}
		}
		if len(brackets) != 4 || raises == 0 || cats["in_service"] < len(profiles)/2 || cats["retired"] > cats["in_service"] {
			t.Errorf("in-service brackets %v, %d pay rises, categories %v", brackets, raises, cats)
		}

		// The bills: twelve months up to this one, priced by the service's calculator with the
		// profile and hardship in force, and paid consistently.
		type hardship struct {
			kind      string
			amountFen int64
		}
		hardships := map[int64]hardship{}
		rs, err = db.SQL().QueryContext(ctx, `SELECT id, kind, amount_fen FROM dues_hardship WHERE status = 'approved'`)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var id int64
			var h hardship
			if err := rs.Scan(&id, &h.kind, &h.amountFen); err != nil {
				t.Fatal(err)
			}
			hardships[id] = h
		}
		rs.Close()
		type priceKey struct {
			path, month, cat string
			base             int64
		}
		calc := map[priceKey]domain.DuesAmount{}
		rates := map[string]domain.DuesRates{}
		for m := range months {
			if rates[m], err = set.Dues.Rates(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		checked := 0
		perMonth := map[string]int{}
		paidMonth := map[string]int{}
		exempt, reduced := 0, 0
		rs, err = db.SQL().QueryContext(ctx, `SELECT b.id, b.member_id, b.org_id, m.org_id, b.org_path, b.month, b.category,
			b.base_fen, b.standard_fen, b.amount_fen, b.rule_ref, COALESCE(b.hardship_id, 0), b.status, b.paid_fen,
			COALESCE(b.payment_id, 0), b.created_at, b.paid_at FROM dues_bills b JOIN members m ON m.id = b.member_id ORDER BY b.id`)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		n := 0
		for rs.Next() {
			var b domain.DuesBill
			var memberOrg int64
			var paidAt *time.Time
			if err := rs.Scan(&b.ID, &b.MemberID, &b.OrgID, &memberOrg, &b.OrgPath, &b.Month, &b.Category, &b.BaseFen,
				&b.StandardFen, &b.AmountFen, &b.RuleRef, &b.HardshipID, &b.Status, &b.PaidFen, &b.PaymentID, &b.CreatedAt,
				&paidAt); err != nil {
				t.Fatal(err)
			}
			n++
			perMonth[b.Month]++
			if !months[b.Month] || b.OrgID != memberOrg {
				t.Fatalf("bill %d: month %s, org %d (member's %d)", b.ID, b.Month, b.OrgID, memberOrg)
			}
			var prof *domain.DuesProfile
			for i, p := range profiles[b.MemberID] {
				if p.FromMonth <= b.Month {
					prof = &profiles[b.MemberID][i]
				}
			}
			if prof == nil || prof.Category != b.Category || prof.BaseFen != b.BaseFen {
				t.Fatalf("bill %d (%s): %s %d, profile %+v", b.ID, b.Month, b.Category, b.BaseFen, prof)
			}
			// The enterprise's and the synthetic region's bills against the service's calculator
			// with the rule of the bill's organisation; the district's (thousands of bases, a
			// rule read each) against the service's rule of the month and the same calculator.
			a, err := domain.CalculateDues(rates[b.Month], string(b.Category), b.BaseFen)
			if err != nil {
				t.Fatal(err)
			}
			if !domain.InSubtree(b.OrgPath, roots[DistrictName].Path) {
				k := priceKey{b.OrgPath, b.Month, string(b.Category), b.BaseFen}
				c, ok := calc[k]
				if !ok {
					if c, err = set.Dues.CalculateFor(ctx, b.OrgPath, string(b.Category), b.BaseFen, b.Month); err != nil {
						t.Fatal(err)
					}
					calc[k] = c
				}
				if c.AmountFen != a.AmountFen || c.RuleRef != a.RuleRef {
					t.Fatalf("bill %d: the service calculates %d %s, the month's rule %d %s", b.ID, c.AmountFen, c.RuleRef,
						a.AmountFen, a.RuleRef)
				}
				checked++
			}
			wantAmount, wantStatus := a.AmountFen, domain.DuesUnpaid
			if b.HardshipID != 0 {
				h, ok := hardships[b.HardshipID]
				if !ok {
					t.Fatalf("bill %d: hardship %d is not approved", b.ID, b.HardshipID)
				}
				hs := domain.DuesHardship{Kind: h.kind, AmountFen: h.amountFen}
				wantAmount, wantStatus = hs.Apply(a.AmountFen)
				if wantStatus == domain.DuesExempt {
					exempt++
				} else {
					reduced++
				}
			}
			if b.StandardFen != a.AmountFen || b.RuleRef != a.RuleRef || b.AmountFen != wantAmount {
				t.Fatalf("bill %d: standard %d %s amount %d, calculator %d %s, want amount %d", b.ID, b.StandardFen,
					b.RuleRef, b.AmountFen, a.AmountFen, a.RuleRef, wantAmount)
			}
			switch b.Status {
			case domain.DuesPaid:
				paidMonth[b.Month]++
				if b.PaidFen != b.AmountFen || b.PaymentID == 0 || paidAt == nil || paidAt.Before(b.CreatedAt) || paidAt.After(now) {
					t.Fatalf("paid bill %d: paid %d of %d, payment %d, at %v (made %v)", b.ID, b.PaidFen, b.AmountFen,
						b.PaymentID, paidAt, b.CreatedAt)
				}
			case wantStatus:
				if b.PaidFen != 0 || b.PaymentID != 0 || paidAt != nil {
					t.Fatalf("%s bill %d has a payment", b.Status, b.ID)
				}
			default:
				t.Fatalf("bill %d: status %s, want %s or paid", b.ID, b.Status, wantStatus)
			}
		}
		rs.Close()
		if len(perMonth) != 12 || n != res.DuesBills || exempt == 0 || reduced == 0 || checked < 2000 {
			t.Fatalf("bills per month %v (%d, result %d), %d exempt, %d reduced, %d checked by the service", perMonth, n,
				res.DuesBills, exempt, reduced, checked)
		}
		last := domain.DuesMonthAdd(cur, -1)
		if paidMonth[cur]*2 > perMonth[cur] || paidMonth[cur] == 0 && today.Time().Day() > 1 ||
			paidMonth[last]*10 < perMonth[last]*7 {
			t.Errorf("paid this month %d of %d, last month %d of %d", paidMonth[cur], perMonth[cur], paidMonth[last], perMonth[last])
		}

		// The payments are what the payment service writes: the sum of their items, each paid
		// bill applied by its payment, on time as the rule says, online ones notified.
		for _, c := range []struct{ what, query string }{
			{"payments whose amount is not their items'", `SELECT COUNT(*) FROM dues_payments p WHERE p.status <> 'paid'
				OR p.paid_at IS NULL OR p.amount_fen <> (SELECT COALESCE(SUM(i.amount_fen), 0) FROM dues_payment_items i WHERE i.payment_id = p.id)`},
			{"paid bills without their applied item", `SELECT COUNT(*) FROM dues_bills b WHERE b.status = 'paid' AND NOT EXISTS
				(SELECT 1 FROM dues_payment_items i WHERE i.bill_id = b.id AND i.payment_id = b.payment_id AND i.status = 'applied'
				AND i.amount_fen = b.amount_fen AND i.member_id = b.member_id AND i.month = b.month AND i.org_path = b.org_path)`},
			{"items of bills not paid by their payment", `SELECT COUNT(*) FROM dues_payment_items i JOIN dues_bills b ON b.id = i.bill_id
				WHERE b.payment_id IS NULL OR b.payment_id <> i.payment_id`},
			{"bills paid at another time than their payment", `SELECT COUNT(*) FROM dues_bills b JOIN dues_payments p ON p.id = b.payment_id
				WHERE b.paid_at <> p.paid_at`},
			{"online payments without their order", `SELECT COUNT(*) FROM dues_payments p WHERE p.method = 'online' AND
				(p.provider <> 'test' OR p.order_no IS NULL OR p.payer_member_id IS NULL OR p.provider_txn = '')`},
			{"online payments without their notification", `SELECT COUNT(*) FROM dues_payments p LEFT JOIN (SELECT n.payment_id,
				n.order_no, n.amount_fen FROM dues_notifications n WHERE n.outcome = 'paid') n ON n.payment_id = p.id
				WHERE p.method = 'online' AND (n.order_no IS NULL OR n.order_no <> p.order_no OR n.amount_fen <> p.amount_fen)`},
			{"cash or transfer payments with a provider", `SELECT COUNT(*) FROM dues_payments p WHERE p.method <> 'online'
				AND (p.provider <> '' OR p.order_no IS NOT NULL)`},
		} {
			var bad int
			if err := db.SQL().QueryRowContext(ctx, c.query).Scan(&bad); err != nil || bad != 0 {
				t.Errorf("%d %s (%v)", bad, c.what, err)
			}
		}
		late, onTime := 0, 0
		rs, err = db.SQL().QueryContext(ctx, `SELECT i.month, i.on_time, p.paid_at FROM dues_payment_items i
			JOIN dues_payments p ON p.id = i.payment_id`)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var month string
			var ok bool
			var at time.Time
			if err := rs.Scan(&month, &ok, &at); err != nil {
				t.Fatal(err)
			}
			if want := domain.DuesPaidOnTime(month, domain.Today(at), 0); ok != want {
				t.Fatalf("item of %s paid %v: on time %v, want %v", month, at, ok, want)
			}
			if ok {
				onTime++
			} else {
				late++
			}
		}
		rs.Close()
		var methods []string
		rs, err = db.SQL().QueryContext(ctx, `SELECT DISTINCT method FROM dues_payments ORDER BY method`)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var m string
			rs.Scan(&m)
			methods = append(methods, m)
		}
		rs.Close()
		if late == 0 || onTime < 10*late || len(methods) != 3 {
			t.Errorf("%d items on time, %d late; methods %v", onTime, late, methods)
		}

		// Arrears: the enterprise shows at least two members flagged (one in the demo branch),
		// the demo member owes two months; collection rates lie between 0 and 100 %.
		ent := roots[EnterpriseName]
		arr, err := set.DuesStats.Arrears(ctx, sys, ent.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		branchName := enterpriseBranches[6].name
		flaggedHome := 0
		for _, m := range arr.Members {
			if m.Flagged && m.OrgName == branchName {
				flaggedHome++
			}
			if m.Flagged && m.Consecutive < 6 {
				t.Errorf("%s flagged after %d months", m.Name, m.Consecutive)
			}
		}
		if arr.Flagged < 2 || flaggedHome == 0 {
			t.Errorf("enterprise arrears: %d flagged, %d in %s", arr.Flagged, flaggedHome, branchName)
		}
		for _, root := range roots {
			for _, month := range []string{cur, last, domain.DuesMonthAdd(cur, -6)} {
				st, err := set.DuesStats.Stats(ctx, sys, root.ID, month)
				if err != nil {
					t.Fatal(err)
				}
				if st.Total.RateBP == nil || *st.Total.RateBP < 0 || *st.Total.RateBP > 10000 ||
					(month != cur && (*st.Total.RateBP == 0 || *st.Total.RateBP == 10000)) {
					t.Errorf("%s %s: rate %v (%+v)", root.Path, month, st.Total.RateBP, st.Total)
				}
			}
		}
		var reminders int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM dues_reminders WHERE kind = 'member' AND flagged = 1`).
			Scan(&reminders); err != nil || reminders < 2 {
			t.Errorf("%d flagged member reminders (%v)", reminders, err)
		}

		// Hardship: an exemption and a reduction approved, one application waiting.
		var approved, waiting int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN status = 'approved' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN status = 'applied' THEN 1 ELSE 0 END), 0) FROM dues_hardship`).Scan(&approved, &waiting); err != nil ||
			approved != 2 || waiting != 1 {
			t.Errorf("hardship: %d approved, %d waiting (%v)", approved, waiting, err)
		}

		// This month's first payments in the enterprise scored the dues item; the ledger verifies.
		var scored int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM point_entries e JOIN point_indicators i ON i.id = e.indicator_id
			WHERE i.code = 'DUES-ON-TIME'`).Scan(&scored); err != nil || scored == 0 {
			t.Errorf("%d entries of DUES-ON-TIME (%v)", scored, err)
		}
		breaches, err := set.Points.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range breaches {
			t.Errorf("breach %s %s %d: %s", b.Check, b.SubjectType, b.SubjectID, b.Detail)
		}

		// The fund pool booked this year's dues collected.
		rep, err := set.Funds.Report(ctx, sys, ent.ID, today.Time().Year())
		if err != nil {
			t.Fatal(err)
		}
		var booked int64
		for _, l := range rep.Income {
			if l.Code == domain.FundSourceDues {
				booked = l.AmountFen
			}
		}
		if booked <= 0 {
			t.Errorf("enterprise fund %d: no dues retained (%+v)", today.Time().Year(), rep.Income)
		}

		// The generator agrees: each month of each region, it finds every bill made and makes
		// none (run last: it would add any bill the demo missed).
		for name, root := range roots {
			for month := range months {
				g, err := set.Dues.GenerateNow(ctx, sys, dues.GenerateInput{OrgID: root.ID, Month: month})
				if err != nil {
					t.Fatal(err)
				}
				var have int
				if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM dues_bills b JOIN members m ON m.id = b.member_id
					WHERE b.month = $1 AND m.org_path LIKE $2`, month, root.Path+"%").Scan(&have); err != nil {
					t.Fatal(err)
				}
				if g.Billed != 0 || g.NoProfile != 0 || g.Existed != have || have == 0 {
					t.Fatalf("%s %s: the generator billed %d, found %d (the demo made %d), %d without a profile",
						name, month, g.Billed, g.Existed, have, g.NoProfile)
				}
			}
		}
	})
}
