package transfer_test

import (
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
	"dangjian/internal/transfer"
)

// TestWriteOutsideScopeIsForbidden: API.md answers a write to a resource outside the
// caller's scope with 403 and a read with 404; the service itself says so, for every
// caller (API, web console, CLI). Only what does not exist is ENotFound.
func TestWriteOutsideScopeIsForbidden(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mB := e.f.Member(t, e.f.BranchB.ID, "赵乙", "19800202")
		mB2 := e.f.Member(t, e.f.BranchB.ID, "钱乙", "19810303")
		tr, err := e.svc.Create(ctx, e.secB, transfer.CreateInput{MemberID: mB.ID, ToExternalName: "外省某党委",
			Reason: "调动", DuesPaidThrough: "2024-02"})
		if err != nil {
			t.Fatal(err)
		}
		fl, err := e.svc.RegisterFloating(ctx, e.secB, transfer.FloatingInput{Direction: domain.FloatingOut, MemberID: mB.ID,
			Place: "广州", Since: "2024-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		const missing = 999999
		step := transfer.StepInput{On: "2024-03-01", Reason: "x"}
		fstep := transfer.FloatingStep{On: "2024-02-01", Note: "x"}
		writes := map[string]func(id int64) error{
			"Accept":  func(id int64) error { _, err := e.svc.Accept(ctx, e.secA, id, step); return err },
			"Reject":  func(id int64) error { _, err := e.svc.Reject(ctx, e.secA, id, step); return err },
			"Receipt": func(id int64) error { _, err := e.svc.Receipt(ctx, e.secA, id, step); return err },
		}
		for name, write := range writes {
			if got := domain.ErrorCode(write(tr.ID)); got != domain.EForbidden {
				t.Errorf("%s on branch B's transfer by secretary A: %q, want forbidden", name, got)
			}
			if got := domain.ErrorCode(write(missing)); got != domain.ENotFound {
				t.Errorf("%s on a missing transfer: %q, want not_found", name, got)
			}
		}
		floatingWrites := map[string]func(id int64) error{
			"Report":      func(id int64) error { _, err := e.svc.Report(ctx, e.secA, id, fstep); return err },
			"EndFloating": func(id int64) error { _, err := e.svc.EndFloating(ctx, e.secA, id, fstep); return err },
			"LostContact": func(id int64) error { _, err := e.svc.LostContact(ctx, e.secA, id, fstep); return err },
		}
		for name, write := range floatingWrites {
			if got := domain.ErrorCode(write(fl.ID)); got != domain.EForbidden {
				t.Errorf("%s on branch B's floating entry by secretary A: %q, want forbidden", name, got)
			}
			if got := domain.ErrorCode(write(missing)); got != domain.ENotFound {
				t.Errorf("%s on a missing floating entry: %q, want not_found", name, got)
			}
		}
		// Starting a transfer or an out-flow entry for a member: B's member → 403, none → 404.
		for _, c := range []struct {
			member int64
			want   string
		}{{mB2.ID, domain.EForbidden}, {missing, domain.ENotFound}} {
			_, err := e.svc.Create(ctx, e.secA, transfer.CreateInput{MemberID: c.member, ToExternalName: "某地", Reason: "x",
				DuesPaidThrough: "2024-02"})
			testutil.WantCode(t, err, c.want)
			_, err = e.svc.RegisterFloating(ctx, e.secA, transfer.FloatingInput{Direction: domain.FloatingOut, MemberID: c.member,
				Place: "x", Since: "2024-01-01"})
			testutil.WantCode(t, err, c.want)
		}
		_, err = e.svc.RegisterFloating(ctx, e.secA, transfer.FloatingInput{Direction: domain.FloatingIn, OrgID: e.f.BranchB.ID,
			Name: "x", HomeOrgName: "x", Place: "x", Since: "2024-01-01"})
		testutil.WantCode(t, err, domain.EForbidden)
		// Reads keep 404, the letter included (printing it is a read).
		_, err = e.svc.Get(ctx, e.secA, tr.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.svc.Letter(ctx, e.secA, tr.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.svc.GetFloating(ctx, e.secA, fl.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		// Nothing was written by the refused calls.
		got, _ := e.svc.Get(ctx, e.sys, tr.ID)
		gotFl, _ := e.svc.GetFloating(ctx, e.sys, fl.ID)
		if got.Status != domain.TransferPending || !gotFl.EndedOn.IsZero() || !gotFl.LastReportOn.IsZero() {
			t.Fatalf("branch B's records changed: %+v %+v", got, gotFl)
		}
		if n := testutil.AuditCount(t, db, "transfer.create") + testutil.AuditCount(t, db, "floating.create"); n != 2 {
			t.Fatalf("%d creations audited, want the 2 of the fixture", n)
		}
	})
}

// TestStepThatNobodyMayTake: a letter sent outside the system has no receiver here, so
// accepting or rejecting it is a conflict of its state (409) for whoever may write at its
// sending end — the admin included — and forbidden (403) for everyone else.
func TestStepThatNobodyMayTake(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tr, err := e.svc.Create(ctx, e.secA, transfer.CreateInput{MemberID: e.m.ID, ToExternalName: "外省某党委",
			Reason: "调动", DuesPaidThrough: "2024-02"})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			actor *auth.Actor
			want  string
		}{{"system", e.sys, domain.EConflict}, {"secA", e.secA, domain.EConflict}, {"adminA", e.adminA, domain.EConflict},
			{"auditorA", e.auditorA, domain.EForbidden}, {"secB", e.secB, domain.EForbidden}} {
			if _, err := e.svc.Accept(ctx, c.actor, tr.ID, transfer.StepInput{}); domain.ErrorCode(err) != c.want {
				t.Errorf("%s accepts: %v, want %s", c.name, err, c.want)
			}
			if _, err := e.svc.Reject(ctx, c.actor, tr.ID, transfer.StepInput{Reason: "x"}); domain.ErrorCode(err) != c.want {
				t.Errorf("%s rejects: %v, want %s", c.name, err, c.want)
			}
		}
		// A pending transfer in the system: the sender is not the receiver (403), the
		// receiver may act, and a state conflict is 409 for them.
		m2 := e.f.Member(t, e.f.BranchA.ID, "孙甲", "19820404")
		sys, err := e.svc.Create(ctx, e.secA, transfer.CreateInput{MemberID: m2.ID, ToOrgID: e.f.BranchB.ID, Reason: "调动",
			DuesPaidThrough: "2024-02"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Accept(ctx, e.secA, sys.ID, transfer.StepInput{})
		testutil.WantCode(t, err, domain.EForbidden)
		if _, err := e.svc.Accept(ctx, e.secB, sys.ID, transfer.StepInput{}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Accept(ctx, e.secB, sys.ID, transfer.StepInput{})
		testutil.WantCode(t, err, domain.EConflict)
	})
}

// TestLetterOfATransferFromOutside: a transfer received from outside has no letter of
// ours; every reader of it is told so (409), whatever their reveal right, as for an
// internal transfer. Someone who cannot read it gets 404.
func TestLetterOfATransferFromOutside(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		in := transfer.IncomingInput{Member: e.f.MemberInput(e.f.BranchA2.ID, "陈静", "19900720"),
			FromExternalName: "中共某市某局机关委员会", IssuedOn: "2024-02-10", DuesPaidThrough: "2024-01", ReportedOn: "2024-02-15"}
		tr, err := e.svc.Incoming(ctx, e.secA2, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []*auth.Actor{e.secA2, e.adminA, e.auditorA, e.sys} {
			_, err := e.svc.Letter(ctx, a, tr.ID)
			testutil.WantCode(t, err, domain.EConflict)
		}
		_, err = e.svc.Letter(ctx, e.secB, tr.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.svc.Letter(ctx, e.secA2, 999999)
		testutil.WantCode(t, err, domain.ENotFound)
		if n := testutil.AuditCount(t, db, "transfer.letter"); n != 0 {
			t.Fatalf("%d letters audited, none was printed", n)
		}
	})
}
