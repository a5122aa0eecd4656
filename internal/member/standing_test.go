package member_test

import (
	"context"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestStandingChanges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc := f.Set.Members
		secA := f.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
		secB := f.User(t, "sec_b", 0, testutil.Grant(domain.RoleSecretary, f.BranchB.ID))
		auditor := f.User(t, "aud", 0, testutil.Grant(domain.RoleAuditor, f.CommitteeA.ID))
		m := f.Member(t, f.BranchA.ID, "马力", "19800101")

		change := func(a *auth.Actor, action, on, reason string) error {
			_, err := svc.ChangeStanding(ctx, a, m.ID, member.StandingInput{Action: action, On: on, Reason: reason})
			return err
		}
		testutil.WantCode(t, change(secB, member.ActionSuspend, "2024-03-01", "x"), domain.EForbidden) // outside B's scope: a write answers 403
		testutil.WantCode(t, change(auditor, member.ActionSuspend, "2024-03-01", "x"), domain.EForbidden)
		testutil.WantField(t, change(secA, "promote", "2024-03-01", "x"), domain.EInvalid, "action", "err.choice")
		testutil.WantField(t, change(secA, member.ActionSuspend, "2999-01-01", "x"), domain.EInvalid, "on", "err.date_future")
		testutil.WantField(t, change(secA, member.ActionSuspend, "2024-03-01", " "), domain.EInvalid, "reason", "err.required")
		testutil.WantField(t, change(secA, member.ActionRestore, "2024-03-01", "x"), domain.EConflict, "action", "err.standing.not_allowed")
		testutil.WantField(t, change(secA, member.ActionCancelProbation, "2024-03-01", "x"), domain.EInvalid, "action", "err.choice")

		steps := []struct{ action, on, want string }{
			{member.ActionSuspend, "2024-03-01", domain.StandingSuspended},
			{member.ActionRestore, "2024-03-20", domain.StandingNormal},
			{member.ActionRetain, "2024-04-02", domain.StandingRetained},
			{member.ActionExpel, "2024-04-30", domain.StandingExpelled},
		}
		for _, s := range steps {
			if err := change(secA, s.action, s.on, "支部大会决定"); err != nil {
				t.Fatalf("%s: %v", s.action, err)
			}
			got, _ := svc.Get(ctx, secA, m.ID, false)
			if got.Standing != s.want {
				t.Fatalf("after %s: %s", s.action, got.Standing)
			}
		}
		testutil.WantCode(t, change(secA, member.ActionSuspend, "2024-05-01", "x"), domain.EConflict)
		if n := testutil.AuditCount(t, db, "member.standing"); n != 4 {
			t.Fatalf("%d standing audits", n)
		}
		events, _ := svc.Events(ctx, secA, m.ID, 0, 10)
		if events[0].Kind != "standing" || events[0].ActorID != secA.UserID() {
			t.Fatalf("last event %+v", events[0])
		}
		march, err := svc.StandingChanges(ctx, secA, f.BranchA.ID, "2024-03")
		if err != nil {
			t.Fatal(err)
		}
		if len(march) != 2 || march[0].Action != member.ActionSuspend || march[1].EffectiveOn.String() != "2024-03-20" ||
			march[1].FromStanding != domain.StandingSuspended || march[0].Reason != "支部大会决定" || march[0].MemberName != "马力" {
			t.Fatalf("March %+v", march)
		}
		april, _ := svc.StandingChanges(ctx, auditor, f.CommitteeA.ID, "2024-04")
		if len(april) != 2 {
			t.Fatalf("April %+v", april)
		}
		_, err = svc.StandingChanges(ctx, secB, f.BranchA.ID, "2024-03")
		testutil.WantCode(t, err, domain.ENotFound)
		if got, _ := svc.StandingChanges(ctx, secB, f.BranchB.ID, "2024-03"); len(got) != 0 {
			t.Fatalf("B sees %v", got)
		}
	})
}

func TestLostContactFlag(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		m := f.Member(t, f.BranchA.ID, "牛犇", "19800101")
		sys := auth.SystemActor()
		got, err := f.Set.Members.SetLostContact(ctx, sys, m.ID, true, "2024-01-15", "长期联系不上")
		if err != nil || !got.LostContact {
			t.Fatalf("%v %+v", err, got)
		}
		_, err = f.Set.Members.SetLostContact(ctx, sys, m.ID, true, "2024-01-16", "again")
		testutil.WantCode(t, err, domain.EConflict)
		if got, _ := f.Set.Members.SetLostContact(ctx, sys, m.ID, false, "2024-02-01", "已取得联系"); got.LostContact {
			t.Fatal("flag not cleared")
		}
		list, _ := f.Set.Members.StandingChanges(ctx, sys, f.Region.ID, "2024-01")
		if len(list) != 1 || list[0].Action != member.ActionLostContact || list[0].EffectiveOn.String() != "2024-01-15" {
			t.Fatalf("January %+v", list)
		}
	})
}

func TestPoliticalBirthdays(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		sys := auth.SystemActor()
		add := func(org int64, name, birth, joined string) *domain.Member {
			in := f.MemberInput(org, name, birth)
			in.JoinedOn = &joined
			m, err := f.Set.Members.Create(ctx, sys, in)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		a := add(f.BranchA.ID, "七月一", "19700101", "2001-07-01")
		b := add(f.BranchA2.ID, "七月末", "19700101", "1995-07-31")
		add(f.BranchA.ID, "八月", "19700101", "2001-08-01")
		add(f.BranchB.ID, "乙七月", "19700101", "2001-07-15")
		leap := add(f.BranchA.ID, "闰日", "19700101", "2004-02-29")
		expelled := add(f.BranchA.ID, "开除", "19700101", "2001-07-10")
		if _, err := f.Set.Members.ChangeStanding(ctx, sys, expelled.ID, member.StandingInput{Action: member.ActionExpel,
			On: "2020-01-01", Reason: "违纪"}); err != nil {
			t.Fatal(err)
		}
		list, err := f.Set.Members.PoliticalBirthdays(ctx, sys, f.CommitteeA.ID, "2024-07")
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].MemberID != a.ID || list[0].Years != 23 || list[0].On.String() != "2024-07-01" ||
			list[1].MemberID != b.ID || list[1].Years != 29 || list[1].OrgName != "甲二支部" {
			t.Fatalf("July %+v", list)
		}
		feb, _ := f.Set.Members.PoliticalBirthdays(ctx, sys, f.BranchA.ID, "2025-02")
		if len(feb) != 1 || feb[0].MemberID != leap.ID || feb[0].On.String() != "2025-02-28" || feb[0].Years != 21 {
			t.Fatalf("February %+v", feb)
		}
		secB := f.User(t, "sec_b", 0, testutil.Grant(domain.RoleSecretary, f.BranchB.ID))
		_, err = f.Set.Members.PoliticalBirthdays(ctx, secB, f.CommitteeA.ID, "2024-07")
		testutil.WantCode(t, err, domain.ENotFound)
		if got, _ := f.Set.Members.PoliticalBirthdays(ctx, secB, f.BranchB.ID, "2024-07"); len(got) != 1 {
			t.Fatalf("B's July %+v", got)
		}
		_, err = f.Set.Members.PoliticalBirthdays(ctx, sys, f.BranchA.ID, "July")
		testutil.WantField(t, err, domain.EInvalid, "month", "err.month_yyyy_mm")
	})
}
