package transfer_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
	"dangjian/internal/transfer"
)

// The receipt of a transfer to an organisation outside the system takes the member off the
// roster in the same transaction; a transfer inside the system moves them instead.
func TestOutsideReceiptLeavesTheRoster(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		stays := e.f.Member(t, e.f.BranchA.ID, "王强", "19800101")
		count := func() int {
			t.Helper()
			o, err := e.f.Set.Orgs.Get(ctx, e.sys, e.f.BranchA.ID)
			if err != nil {
				t.Fatal(err)
			}
			return o.MemberCount
		}
		if n := count(); n != 2 {
			t.Fatalf("branch counts %d before", n)
		}
		tr, err := e.svc.Create(ctx, e.secA, transfer.CreateInput{MemberID: e.m.ID, ToExternalName: "中共某省某厅机关委员会",
			Reason: "调动", DuesPaidThrough: "2024-02"})
		if err != nil {
			t.Fatal(err)
		}
		if m, _ := e.f.Set.Members.Get(ctx, e.sys, e.m.ID, false); m.HasLeft() || count() != 2 {
			t.Fatalf("left on the letter alone: %+v", m)
		}
		if _, err := e.svc.Receipt(ctx, e.secA, tr.ID, transfer.StepInput{On: "2024-03-01"}); err != nil {
			t.Fatal(err)
		}
		m, err := e.f.Set.Members.Get(ctx, e.secA, e.m.ID, false)
		if err != nil { // the page of a member who left still opens
			t.Fatal(err)
		}
		if m.LeftReason != domain.LeftTransferredOut || m.LeftOn.String() != "2024-03-01" || m.OrgID != e.f.BranchA.ID {
			t.Fatalf("after the receipt %+v", m)
		}
		if k := e.kinds(t, e.m.ID); !equal(k, []string{"created", "transfer_out", "left", "transfer_receipt"}) {
			t.Fatalf("events %v", k)
		}
		if a := testutil.AuditCount(t, db, "member.leave"); a != 1 {
			t.Fatalf("%d leave audits", a)
		}
		if n := count(); n != 1 {
			t.Fatalf("branch counts %d after", n)
		}
		ids := func(left string) []int64 {
			res, err := e.f.Set.Members.List(ctx, e.secA, member.Filter{OrgID: e.f.BranchA.ID, Left: left}, true)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, x := range res.Items {
				out = append(out, x.ID)
			}
			if len(out) != res.Total {
				t.Fatalf("total %d for %d items", res.Total, len(out))
			}
			return out
		}
		if got := ids(""); len(got) != 1 || got[0] != stays.ID {
			t.Fatalf("current members %v", got)
		}
		if got := ids(domain.LeftOnly); len(got) != 1 || got[0] != e.m.ID {
			t.Fatalf("left members %v", got)
		}
		if got := ids(domain.LeftInclude); len(got) != 2 {
			t.Fatalf("all members %v", got)
		}

		// Nothing more happens to the record of a member who left.
		_, err = e.svc.Create(ctx, e.secA, transfer.CreateInput{MemberID: e.m.ID, ToOrgID: e.f.BranchB.ID, Reason: "x", DuesPaidThrough: "2024-02"})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.svc.RegisterFloating(ctx, e.secA, transfer.FloatingInput{Direction: domain.FloatingOut, MemberID: e.m.ID,
			Place: "上海", Since: "2024-03-01"})
		testutil.WantCode(t, err, domain.EConflict)
		// Coming back is a process of its own: the ID number names the member who left.
		in := e.f.MemberInput(e.f.BranchA2.ID, "刘洋", "19850315")
		id, err := e.f.Set.Members.Get(ctx, e.sys, e.m.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		in.IDNumber = &id.IDNumber
		_, err = e.svc.Incoming(ctx, e.secA2, transfer.IncomingInput{Member: in, FromExternalName: "中共某省某厅机关委员会",
			IssuedOn: "2024-03-01", DuesPaidThrough: "2024-02"})
		testutil.WantField(t, err, domain.EConflict, "id_number", "err.member.left_id_number")
	})
}

func TestSystemTransferDoesNotLeave(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tr, err := e.svc.Create(ctx, e.secA, transfer.CreateInput{MemberID: e.m.ID, ToOrgID: e.f.BranchB.ID, Reason: "调动", DuesPaidThrough: "2024-02"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Accept(ctx, e.secB, tr.ID, transfer.StepInput{On: "2024-03-01"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Receipt(ctx, e.secB, tr.ID, transfer.StepInput{On: "2024-03-01"}); err != nil {
			t.Fatal(err)
		}
		m, _ := e.f.Set.Members.Get(ctx, e.sys, e.m.ID, false)
		if m.HasLeft() || m.OrgID != e.f.BranchB.ID {
			t.Fatalf("after a transfer in the system %+v", m)
		}
	})
}
