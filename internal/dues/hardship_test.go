package dues_test

import (
	"sync"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/dues"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// TestHardshipFlow: the member applies, the branch agrees, the committee above approves; the
// open bills in the range are repriced and later bills apply it. Each step only by whom the
// rule names, once.
func TestHardshipFlow(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.profile(e.m1, "in_service", 654321, "2024-01") // 98.20
		e.profile(e.m2, "in_service", 300000, "2024-01") // 15.00
		if _, err := e.s.Generate(e.ctx, e.secA, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: "2024-06"}); err != nil {
			t.Fatal(err)
		}

		// m1 applies for a reduction to 1.00 a month for June to August.
		h, err := e.s.ApplyHardship(e.ctx, e.member, dues.HardshipInput{MemberID: e.m1.ID, Kind: "reduce", AmountFen: 100,
			FromMonth: "2024-06", ToMonth: "2024-08", Reason: "家庭困难"})
		if err != nil {
			t.Fatal(err)
		}
		if h.Status != domain.HardshipApplied || h.OrgID != e.f.BranchA.ID {
			t.Fatalf("applied: %+v", h)
		}
		// m1 cannot apply for m2; the secretary can apply for m2 (exempt).
		_, err = e.s.ApplyHardship(e.ctx, e.member, dues.HardshipInput{MemberID: e.m2.ID, Kind: "exempt", FromMonth: "2024-06", ToMonth: "2024-06", Reason: "x"})
		testutil.WantCode(t, err, domain.ENotFound)
		h2, err := e.s.ApplyHardship(e.ctx, e.secA, dues.HardshipInput{MemberID: e.m2.ID, Kind: "exempt", FromMonth: "2024-06", ToMonth: "2024-07", Reason: "失业"})
		if err != nil {
			t.Fatal(err)
		}
		// Overlapping months: conflict.
		_, err = e.s.ApplyHardship(e.ctx, e.member, dues.HardshipInput{MemberID: e.m1.ID, Kind: "exempt", FromMonth: "2024-08", ToMonth: "2024-09", Reason: "x"})
		testutil.WantCode(t, err, domain.EConflict)
		// Validation.
		_, err = e.s.ApplyHardship(e.ctx, e.member, dues.HardshipInput{MemberID: e.m1.ID, Kind: "reduce", AmountFen: 100, FromMonth: "2024-10", ToMonth: "2024-09", Reason: "x"})
		testutil.WantField(t, err, domain.EInvalid, "to_month", "err.dues.months_order")
		_, err = e.s.ApplyHardship(e.ctx, e.member, dues.HardshipInput{MemberID: e.m1.ID, Kind: "reduce", AmountFen: 100, FromMonth: "2024-10", ToMonth: "2024-11"})
		testutil.WantField(t, err, domain.EInvalid, "reason", "err.required")
		_, err = e.s.ApplyHardship(e.ctx, e.member, dues.HardshipInput{MemberID: e.m1.ID, Kind: "waive", FromMonth: "2024-10", ToMonth: "2024-11", Reason: "x"})
		testutil.WantField(t, err, domain.EInvalid, "kind", "err.choice")

		// The approval step is not open yet; the branch step is the branch's: secCA covers
		// BranchA too (its subtree), the member and another committee do not.
		_, err = e.s.ApproveHardship(e.ctx, e.secCA, h.ID, dues.DecideInput{})
		testutil.WantCode(t, err, domain.EConflict) // it waits for the branch
		_, err = e.s.AgreeHardship(e.ctx, e.member, h.ID, dues.DecideInput{})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.AgreeHardship(e.ctx, e.orgadmB, h.ID, dues.DecideInput{})
		testutil.WantCode(t, err, domain.ENotFound)

		// Pending lists: the branch secretary sees both applications; the committee none yet.
		if p, _, _ := e.s.Hardships(e.ctx, e.secA, dues.HardshipFilter{Pending: true}); len(p) != 2 {
			t.Fatalf("secA pending: %v", p)
		}
		if p, _, _ := e.s.Hardships(e.ctx, e.secCA, dues.HardshipFilter{Pending: true, Status: ""}); len(p) != 2 {
			// secCA holds dues.manage over BranchA as well (the committee's subtree).
			t.Fatalf("secCA pending (branch step through the subtree): %v", p)
		}

		// Ten concurrent agreements: one wins, the rest conflict.
		var wg sync.WaitGroup
		errs := make([]error, 10)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.s.AgreeHardship(e.ctx, e.secA, h.ID, dues.DecideInput{Note: "支委会同意"})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch domain.ErrorCode(err) {
			case "":
				ok++
			case domain.EConflict:
			default:
				t.Fatalf("agree: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d agreements succeeded", ok)
		}

		// The branch's secretary cannot approve its own branch's application.
		_, err = e.s.ApproveHardship(e.ctx, e.secA, h.ID, dues.DecideInput{})
		testutil.WantCode(t, err, domain.EForbidden)
		if p, _, _ := e.s.Hardships(e.ctx, e.secA, dues.HardshipFilter{Pending: true}); len(p) != 1 || p[0].ID != h2.ID {
			t.Fatalf("secA pending after agreeing: %v", p)
		}
		if p, _, _ := e.s.Hardships(e.ctx, e.secCA, dues.HardshipFilter{Pending: true}); len(p) != 2 {
			t.Fatalf("secCA pending: %v", p)
		}
		got, err := e.s.ApproveHardship(e.ctx, e.secCA, h.ID, dues.DecideInput{Note: "同意"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != domain.HardshipApproved || got.ApprovedBy != e.secCA.UserID() || got.BranchBy != e.secA.UserID() || got.ApprovedAt.IsZero() {
			t.Fatalf("approved: %+v", got)
		}
		// June's bill is repriced; July is generated with the reduction.
		if b := e.bills(e.f.BranchA.ID, "2024-06")[e.m1.ID]; b.AmountFen != 100 || b.StandardFen != 9820 || b.HardshipID != h.ID || b.Status != domain.DuesUnpaid {
			t.Fatalf("June after approval: %+v", b)
		}

		// m2's exemption: rejected by the branch needs a note; then approval path for a second one.
		_, err = e.s.RejectHardship(e.ctx, e.secA, h2.ID, dues.DecideInput{})
		testutil.WantField(t, err, domain.EInvalid, "note", "err.required")
		if _, err := e.s.AgreeHardship(e.ctx, e.secA, h2.ID, dues.DecideInput{}); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.RejectHardship(e.ctx, e.secA, h2.ID, dues.DecideInput{Note: "不同意"})
		testutil.WantCode(t, err, domain.EForbidden) // at the approval step only the next level decides
		if _, err := e.s.ApproveHardship(e.ctx, e.admin, h2.ID, dues.DecideInput{}); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.ApproveHardship(e.ctx, e.admin, h2.ID, dues.DecideInput{})
		testutil.WantCode(t, err, domain.EConflict)
		if b := e.bills(e.f.BranchA.ID, "2024-06")[e.m2.ID]; b.AmountFen != 0 || b.Status != domain.DuesExempt || b.StandardFen != 1500 {
			t.Fatalf("m2's June after exemption: %+v", b)
		}
		res, err := e.s.Generate(e.ctx, e.secA, dues.GenerateInput{OrgID: e.f.BranchA.ID, Month: "2024-07"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Exempt != 1 || res.Reduced != 1 || res.AmountFen != 100 {
			t.Fatalf("July: %+v", res)
		}
		july := e.bills(e.f.BranchA.ID, "2024-07")
		if july[e.m1.ID].AmountFen != 100 || july[e.m2.ID].Status != domain.DuesExempt {
			t.Fatalf("July bills: %+v", july)
		}

		// Reads: the member sees their own; another committee does not.
		if _, err := e.s.Hardship(e.ctx, e.member, h.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.Hardship(e.ctx, e.member, h2.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.s.Hardship(e.ctx, e.orgadmB, h.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		mine, _, err := e.s.Hardships(e.ctx, e.member, dues.HardshipFilter{})
		if err != nil || len(mine) != 1 || mine[0].ID != h.ID {
			t.Fatalf("member's list: %v %v", mine, err)
		}
		for action, n := range map[string]int{"dues.hardship.apply": 2, "dues.hardship.agree": 2, "dues.hardship.approve": 2} {
			if got := testutil.AuditCount(t, db, action); got != n {
				t.Errorf("%s: %d audit entries", action, got)
			}
		}
	})
}

func TestHardshipReject(t *testing.T) {
	db := testutil.MustOpen(t, store.SQLite)
	e := newEnv(t, db)
	h, err := e.s.ApplyHardship(e.ctx, e.member, dues.HardshipInput{MemberID: e.m1.ID, Kind: "exempt", FromMonth: "2024-06", ToMonth: "2024-06", Reason: "x"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.s.RejectHardship(e.ctx, e.secA, h.ID, dues.DecideInput{Note: "条件不符"})
	if err != nil || got.Status != domain.HardshipRejected || got.RejectedNote != "条件不符" {
		t.Fatalf("%+v %v", got, err)
	}
	_, err = e.s.AgreeHardship(e.ctx, e.secA, h.ID, dues.DecideInput{})
	testutil.WantCode(t, err, domain.EConflict)
	// A rejected application does not block a new one for the same months.
	if _, err := e.s.ApplyHardship(e.ctx, e.member, dues.HardshipInput{MemberID: e.m1.ID, Kind: "exempt", FromMonth: "2024-06", ToMonth: "2024-06", Reason: "再申请"}); err != nil {
		t.Fatal(err)
	}
}
