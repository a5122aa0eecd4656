package dues_test

import (
	"fmt"
	"sync"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// TestGenerateBills checks who is billed what for a month across CommitteeA's subtree, and
// that a second run changes nothing.
func TestGenerateBills(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.profile(e.m1, "in_service", 654321, "2024-01")               // 98.20
		e.profile(e.m2, "retired", 500001, "2024-01")                  // 50.10
		e.profile(e.mB, "in_service", 300000, "2024-01")               // other committee: not in scope
		student := e.newMember(e.f.BranchA2.ID, "赵学", "19980101", nil) // joined 2023
		e.profile(student, "student", 0, "2024-03")
		noProfile := e.newMember(e.f.BranchA2.ID, "孙无", "19700101", nil)
		later := e.newMember(e.f.BranchA2.ID, "周后", "19950505", func(in *member.Input) {
			cat, joined := domain.CategoryProbationary, "2024-07-02" // admitted next month
			in.Category, in.JoinedOn = &cat, &joined
		})
		e.profile(later, "in_service", 400000, "2024-06")
		probation := e.newMember(e.f.BranchA2.ID, "吴新", "19960606", func(in *member.Input) {
			cat, joined := domain.CategoryProbationary, "2024-06-28" // admitted this month: pays for it
			in.Category, in.JoinedOn = &cat, &joined
		})
		e.profile(probation, "in_service", 400000, "2024-06")
		left := e.newMember(e.f.BranchA2.ID, "郑走", "19750707", nil)
		e.profile(left, "in_service", 400000, "2024-01")
		leftLater := e.newMember(e.f.BranchA2.ID, "冯迟", "19760808", nil)
		e.profile(leftLater, "in_service", 400000, "2024-01")
		suspended := e.newMember(e.f.BranchA2.ID, "陈停", "19770909", nil)
		e.profile(suspended, "in_service", 400000, "2024-01")
		for _, stmt := range []string{
			fmt.Sprintf(`UPDATE members SET left_on = '2024-06-10', left_reason = 'deceased' WHERE id = %d`, left.ID),
			fmt.Sprintf(`UPDATE members SET left_on = '2024-07-03', left_reason = 'other' WHERE id = %d`, leftLater.ID),
			fmt.Sprintf(`UPDATE members SET standing = 'suspended' WHERE id = %d`, suspended.ID),
		} {
			if _, err := db.SQL().Exec(stmt); err != nil {
				t.Fatal(err)
			}
		}

		res, err := e.s.Generate(e.ctx, e.secCA, dues.GenerateInput{OrgID: e.f.CommitteeA.ID, Month: "2024-06"})
		if err != nil {
			t.Fatal(err)
		}
		// m1, m2, student, probation, leftLater billed; noProfile skipped; later and suspended
		// not due; left not counted at all.
		if res.Status != "done" || res.Members != 8 || res.Billed != 5 || res.Existed != 0 || res.NoProfile != 1 || res.NotDue != 2 {
			t.Fatalf("first run: %+v", res)
		}
		got := e.bills(e.f.CommitteeA.ID, "2024-06")
		want := map[int64]int64{e.m1.ID: 9820, e.m2.ID: 5010, student.ID: 20, probation.ID: 4000, leftLater.ID: 4000}
		if len(got) != len(want) {
			t.Fatalf("bills: %v", got)
		}
		for id, amount := range want {
			b, ok := got[id]
			if !ok || b.AmountFen != amount || b.StandardFen != amount || b.Status != domain.DuesUnpaid || b.Month != "2024-06" {
				t.Errorf("member %d: %+v, want %d", id, b, amount)
			}
		}
		if b := got[e.m1.ID]; b.OrgID != e.f.BranchA.ID || b.Category != domain.DuesInService || b.BaseFen != 654321 ||
			b.RuleRef != "in_service:150bp" || b.MemberName != "张一" || b.OrgName != "甲一支部" {
			t.Errorf("m1's bill: %+v", b)
		}
		if res.Bills != 5 || res.AmountFen != 9820+5010+20+4000+4000 {
			t.Errorf("totals: %+v", res)
		}

		// Again: idempotent.
		again, err := e.s.Generate(e.ctx, e.secCA, dues.GenerateInput{OrgID: e.f.CommitteeA.ID, Month: "2024-06"})
		if err != nil {
			t.Fatal(err)
		}
		if again.Billed != 0 || again.Existed != 5 || again.NoProfile != 1 || again.Bills != 5 {
			t.Fatalf("second run: %+v", again)
		}
		if n := countBills(t, db, "2024-06"); n != 5 {
			t.Fatalf("%d bills in the table", n)
		}
		// After setting the missing profile, a third run bills just that member.
		e.profile(noProfile, "farmer", 0, "2024-06")
		third, err := e.s.Generate(e.ctx, e.secA, dues.GenerateInput{OrgID: e.f.BranchA2.ID, Month: "2024-06"})
		if err == nil {
			t.Fatalf("BranchA's secretary generated for BranchA2: %+v", third)
		}
		testutil.WantCode(t, err, domain.EForbidden)
		third, err = e.s.Generate(e.ctx, e.admin, dues.GenerateInput{OrgID: e.f.BranchA2.ID, Month: "2024-06"})
		if err != nil || third.Billed != 1 || third.Existed != 3 {
			t.Fatalf("third run: %+v %v", third, err)
		}
		if n := testutil.AuditCount(t, db, "dues.bills.generate"); n != 3 {
			t.Errorf("%d generate audit entries", n)
		}
		// Status filter and the member's own view.
		items, _, err := e.s.Bills(e.ctx, e.member, dues.BillFilter{})
		if err != nil || len(items) != 1 || items[0].MemberID != e.m1.ID {
			t.Fatalf("member's own bills: %v %v", items, err)
		}
		if _, _, err := e.s.Bills(e.ctx, e.member, dues.BillFilter{OrgID: e.f.BranchA.ID}); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("member reads the branch's bills: %v", err)
		}
		if _, _, err := e.s.Bills(e.ctx, e.orgadmB, dues.BillFilter{OrgID: e.f.CommitteeA.ID}); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("other committee reads: %v", err)
		}
		ex, _, err := e.s.Bills(e.ctx, e.auditor, dues.BillFilter{OrgID: e.f.Region.ID, Month: "2024-06", Status: "exempt"})
		if err != nil || len(ex) != 0 {
			t.Fatalf("exempt filter: %v %v", ex, err)
		}
		_, _, err = e.s.Bills(e.ctx, e.auditor, dues.BillFilter{Status: "bogus"})
		testutil.WantField(t, err, domain.EInvalid, "status", "err.choice")
	})
}

func TestGenerateValidation(t *testing.T) {
	db := testutil.MustOpen(t, store.SQLite)
	e := newEnv(t, db)
	_, err := e.s.Generate(e.ctx, e.admin, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: "2024-13"})
	testutil.WantField(t, err, domain.EInvalid, "month", "err.month_yyyy_mm")
	_, err = e.s.Generate(e.ctx, e.admin, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: "2024-08"})
	testutil.WantField(t, err, domain.EInvalid, "month", "err.dues.month_future")
	_, err = e.s.Generate(e.ctx, e.admin, dues.GenerateInput{OrgID: 999999, Month: "2024-06"})
	testutil.WantCode(t, err, domain.ENotFound)
	_, err = e.s.Generate(e.ctx, e.member, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: "2024-06"})
	testutil.WantCode(t, err, domain.EForbidden)
	_, err = e.s.Generate(e.ctx, e.auditor, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: "2024-06"})
	testutil.WantCode(t, err, domain.EForbidden)
	if _, err := e.s.Generate(e.ctx, e.admin, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: "2024-07"}); err != nil {
		t.Fatalf("next month: %v", err)
	}
}

// TestGenerateConcurrent runs two generations of the same org and month at the same time,
// through two database handles (two instances): every member is billed exactly once and the
// two runs' counts add up.
func TestGenerateConcurrent(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		db2, err := store.Open(e.ctx, db.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		s2 := dues.New(db2, e.f.Set.Members, nil)
		s2.Now = e.s.Now
		// 1,200 members across two branches, all with profiles.
		for i := range 1200 {
			org := e.f.BranchA.ID
			if i%2 == 1 {
				org = e.f.BranchA2.ID
			}
			in := e.f.MemberInput(org, fmt.Sprintf("党员%04d", i), fmt.Sprintf("1988%02d%02d", i%12+1, i/12%28+1))
			m, err := e.f.Set.Members.Create(e.ctx, e.admin, in)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.WriteTx(e.ctx, func(q *store.Q) error {
				_, err := q.SaveDuesProfile(e.ctx, &domain.DuesProfile{MemberID: m.ID, Category: "in_service", BaseFen: int64(100000 + i*1000), FromMonth: "2024-01"})
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		e.profile(e.m1, "retired", 300000, "2024-01")
		e.profile(e.m2, "retired", 300000, "2024-01")
		for round := range 2 {
			month := []string{"2024-05", "2024-06"}[round]
			var wg sync.WaitGroup
			results := make([]*dues.GenerateResult, 2)
			errs := make([]error, 2)
			for i, svc := range []*dues.Service{e.s, s2} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					results[i], errs[i] = svc.GenerateNow(e.ctx, e.secCA, dues.GenerateInput{OrgID: e.f.CommitteeA.ID, Month: month})
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if results[0].Billed+results[1].Billed != 1202 || results[0].Existed+results[1].Existed != 1202 {
				t.Fatalf("%s: runs %+v and %+v", month, results[0], results[1])
			}
			if n := countBills(t, db, month); n != 1202 {
				t.Fatalf("%s: %d bills", month, n)
			}
			var dups int
			if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM (SELECT member_id FROM dues_bills GROUP BY member_id, month HAVING COUNT(*) > 1) d`).Scan(&dups); err != nil || dups != 0 {
				t.Fatalf("duplicates: %d %v", dups, err)
			}
		}
	})
}

// TestGenerateAsJob: a scope above the inline limit is queued and done by the job runner,
// with the same result.
func TestGenerateAsJob(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.s.InlineLimit = 1
		e.profile(e.m1, "in_service", 100000, "2024-01")
		e.profile(e.m2, "in_service", 100000, "2024-01")
		res, err := e.s.Generate(e.ctx, e.secA, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: "2024-06"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != "queued" || res.JobID == 0 || res.Members != 2 {
			t.Fatalf("queued: %+v", res)
		}
		if n := countBills(t, db, "2024-06"); n != 0 {
			t.Fatalf("%d bills before the job ran", n)
		}
		if ok, err := e.runner.RunJob(e.ctx, res.JobID); !ok || err != nil {
			t.Fatalf("run job: %v %v", ok, err)
		}
		st, err := e.s.Job(e.ctx, e.secA, res.JobID)
		if err != nil || st.Status != "done" || st.Percent != 100 || len(st.Result) == 0 {
			t.Fatalf("job: %+v %v", st, err)
		}
		if n := countBills(t, db, "2024-06"); n != 2 {
			t.Fatalf("%d bills after the job", n)
		}
		if _, err := e.s.Job(e.ctx, e.secCA, res.JobID); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("another user sees the job: %v", err)
		}
	})
}
