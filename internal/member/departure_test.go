package member_test

import (
	"context"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestRecordAndUndoDeparture(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc := f.Set.Members
		secA := f.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
		secB := f.User(t, "sec_b", 0, testutil.Grant(domain.RoleSecretary, f.BranchB.ID))
		adminA := f.User(t, "org_admin_a", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeA.ID))
		adminB := f.User(t, "org_admin_b", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeB.ID))
		auditor := f.User(t, "aud", 0, testutil.Grant(domain.RoleAuditor, f.CommitteeA.ID))
		m := f.Member(t, f.BranchA.ID, "赵刚", "19500101") // joined 1975-01-01

		depart := func(in member.DepartureInput) error {
			_, err := svc.RecordDeparture(ctx, secA, m.ID, in)
			return err
		}
		_, err := svc.RecordDeparture(ctx, secB, m.ID, member.DepartureInput{Reason: domain.LeftDeceased, On: "2024-01-05"})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.RecordDeparture(ctx, auditor, m.ID, member.DepartureInput{Reason: domain.LeftDeceased, On: "2024-01-05"})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.RecordDeparture(ctx, secA, 999999, member.DepartureInput{Reason: domain.LeftDeceased, On: "2024-01-05"})
		testutil.WantCode(t, err, domain.ENotFound)
		testutil.WantField(t, depart(member.DepartureInput{On: "2024-01-05"}), domain.EInvalid, "reason", "err.required")
		testutil.WantField(t, depart(member.DepartureInput{Reason: "retired", On: "2024-01-05"}), domain.EInvalid, "reason", "err.choice")
		testutil.WantField(t, depart(member.DepartureInput{Reason: domain.LeftTransferredOut, On: "2024-01-05"}), domain.EInvalid,
			"reason", "err.member.departure_by_process")
		testutil.WantField(t, depart(member.DepartureInput{Reason: domain.LeftDeceased}), domain.EInvalid, "on", "err.required")
		testutil.WantField(t, depart(member.DepartureInput{Reason: domain.LeftDeceased, On: "2999-01-01"}), domain.EInvalid, "on", "err.date_future")
		testutil.WantField(t, depart(member.DepartureInput{Reason: domain.LeftDeceased, On: "1974-12-31"}), domain.EInvalid, "on", "err.member.left_before_joined")
		testutil.WantField(t, depart(member.DepartureInput{Reason: domain.LeftOther, On: "2024-01-05"}), domain.EInvalid, "note", "err.required")

		got, err := svc.RecordDeparture(ctx, secA, m.ID, member.DepartureInput{Reason: domain.LeftDeceased, On: "2024-01-05", Note: "病故"})
		if err != nil {
			t.Fatal(err)
		}
		if got.LeftOn.String() != "2024-01-05" || got.LeftReason != domain.LeftDeceased || got.Standing != domain.StandingNormal {
			t.Fatalf("departed %+v", got)
		}
		if a := testutil.LastAudit(t, db); a.Action != "member.leave" || a.EntityID != m.ID {
			t.Fatalf("audit %+v", a)
		}
		events, _ := svc.Events(ctx, secA, m.ID, 0, 1)
		if events[0].Kind != "left" {
			t.Fatalf("event %+v", events[0])
		}
		testutil.WantCode(t, depart(member.DepartureInput{Reason: domain.LeftOther, On: "2024-01-06", Note: "x"}), domain.EConflict)

		// The record of a member who left is history: no edits, standing changes or flags.
		name := "赵钢"
		_, err = svc.Update(ctx, secA, m.ID, member.Input{Name: &name})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = svc.ChangeStanding(ctx, secA, m.ID, member.StandingInput{Action: member.ActionSuspend, On: "2024-02-01", Reason: "x"})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = svc.SetLostContact(ctx, secA, m.ID, true, "2024-02-01", "x")
		testutil.WantCode(t, err, domain.EConflict)
		res, err := svc.List(ctx, secA, member.Filter{}, true)
		if err != nil || res.Total != 0 {
			t.Fatalf("current list %v %+v", err, res)
		}
		res, _ = svc.List(ctx, secA, member.Filter{Left: domain.LeftOnly}, true)
		if res.Total != 1 || res.Items[0].ID != m.ID || !res.Items[0].HasLeft() {
			t.Fatalf("left list %+v", res)
		}

		// Undoing is for admins and org admins over the member, with a note.
		if member.CanUndoDeparture(secA, got) || !member.CanUndoDeparture(adminA, got) || member.CanUndoDeparture(adminB, got) {
			t.Fatal("CanUndoDeparture disagrees with the roles")
		}
		_, err = svc.UndoDeparture(ctx, secA, m.ID, "误录")
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.UndoDeparture(ctx, adminB, m.ID, "误录")
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = svc.UndoDeparture(ctx, adminA, m.ID, " ")
		testutil.WantField(t, err, domain.EInvalid, "note", "err.required")
		back, err := svc.UndoDeparture(ctx, adminA, m.ID, "误录，本人健在")
		if err != nil {
			t.Fatal(err)
		}
		if back.HasLeft() || back.LeftReason != "" {
			t.Fatalf("undone %+v", back)
		}
		if a := testutil.LastAudit(t, db); a.Action != "member.leave_undo" {
			t.Fatalf("audit %+v", a)
		}
		_, err = svc.UndoDeparture(ctx, adminA, m.ID, "again")
		testutil.WantCode(t, err, domain.EConflict)
		if _, err := svc.Update(ctx, secA, m.ID, member.Input{Name: &name}); err != nil {
			t.Fatalf("edit after the undo: %v", err)
		}
		kinds := []string{}
		events, _ = svc.Events(ctx, secA, m.ID, 0, 10)
		for _, e := range events {
			kinds = append(kinds, e.Kind)
		}
		if len(kinds) != 4 || kinds[0] != "updated" || kinds[1] != "left_undone" || kinds[2] != "left" {
			t.Fatalf("history %v", kinds)
		}
	})
}

// A departure that a transfer or a cancelled probation recorded belongs to that record: it
// cannot be undone here, and the import does not bring the member back either.
func TestDepartureByProcessIsNotUndone(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc := f.Set.Members
		admin := f.User(t, "admin", 0, testutil.Grant(domain.RoleAdmin, 0))
		in := f.MemberInput(f.BranchA.ID, "钱进", "19900101")
		cat := domain.CategoryProbationary
		in.Category = &cat
		m, err := svc.Create(ctx, admin, in)
		if err != nil {
			t.Fatal(err)
		}
		err = db.WriteTx(ctx, func(q *store.Q) error {
			return svc.CancelProbationTx(ctx, q, admin, m.ID, domain.NewDate(2024, 6, 1), "不具备党员条件")
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := svc.Get(ctx, admin, m.ID, false)
		if got.LeftReason != domain.LeftProbationCancelled || got.Standing != domain.StandingNormal || member.CanUndoDeparture(admin, got) {
			t.Fatalf("cancelled %+v", got)
		}
		_, err = svc.UndoDeparture(ctx, admin, m.ID, "误录")
		testutil.WantField(t, err, domain.EConflict, "reason", "err.member.departure_by_process")
		// Creating the same ID number again says the number belongs to someone who left.
		_, err = svc.Create(ctx, admin, in)
		testutil.WantField(t, err, domain.EConflict, "id_number", "err.member.left_id_number")
		// Only probationary members on the roster can have their probation cancelled.
		full := f.Member(t, f.BranchA.ID, "孙立", "19800101")
		err = db.WriteTx(ctx, func(q *store.Q) error {
			return svc.CancelProbationTx(ctx, q, admin, full.ID, domain.NewDate(2024, 6, 1), "x")
		})
		testutil.WantCode(t, err, domain.EConflict)
		err = db.WriteTx(ctx, func(q *store.Q) error {
			return svc.CancelProbationTx(ctx, q, admin, m.ID, domain.NewDate(2024, 6, 2), "x")
		})
		testutil.WantCode(t, err, domain.EConflict)
	})
}
