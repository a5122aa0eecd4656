package member_test

import (
	"context"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// TestMemberStandingChanges: one member's changes, newest first, paged by id, with the
// lost-contact flags; nobody else's; readers of the member only.
func TestMemberStandingChanges(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc := f.Set.Members
		secA := f.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
		secB := f.User(t, "sec_b", 0, testutil.Grant(domain.RoleSecretary, f.BranchB.ID))
		m := f.Member(t, f.BranchA.ID, "马力", "19800101")
		other := f.Member(t, f.BranchA.ID, "牛顿", "19810101")
		for _, id := range []int64{m.ID, other.ID} {
			if _, err := svc.ChangeStanding(ctx, secA, id, member.StandingInput{Action: member.ActionSuspend, On: "2024-03-01", Reason: "停止党籍"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.ChangeStanding(ctx, secA, m.ID, member.StandingInput{Action: member.ActionRestore, On: "2024-04-01", Reason: "恢复"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetLostContact(ctx, secA, m.ID, true, "2024-05-01", "联系不上"); err != nil {
			t.Fatal(err)
		}

		list, err := svc.MemberStandingChanges(ctx, secA, m.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, c := range list {
			if c.MemberID != m.ID || c.MemberName != "马力" || c.OrgID != f.BranchA.ID {
				t.Fatalf("someone else's change: %+v", c)
			}
			actions = append(actions, c.Action)
		}
		want := []string{member.ActionLostContact, member.ActionRestore, member.ActionSuspend}
		if len(actions) != 3 || actions[0] != want[0] || actions[1] != want[1] || actions[2] != want[2] {
			t.Fatalf("actions %v, want %v", actions, want)
		}
		if list[1].FromStanding != domain.StandingSuspended || list[1].ToStanding != domain.StandingNormal ||
			list[1].EffectiveOn.String() != "2024-04-01" || list[1].Reason != "恢复" || list[1].Actor == "" {
			t.Fatalf("restore %+v", list[1])
		}
		// Pages: two, then the one before the second.
		page, err := svc.MemberStandingChanges(ctx, secA, m.ID, 0, 2)
		if err != nil || len(page) != 2 {
			t.Fatalf("first page %+v %v", page, err)
		}
		page, err = svc.MemberStandingChanges(ctx, secA, m.ID, page[1].ID, 2)
		if err != nil || len(page) != 1 || page[0].Action != member.ActionSuspend {
			t.Fatalf("second page %+v %v", page, err)
		}
		// Outside the reader's scope: not found; a member without changes: an empty list.
		_, err = svc.MemberStandingChanges(ctx, secB, m.ID, 0, 0)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = svc.MemberStandingChanges(ctx, secA, 999999, 0, 0)
		testutil.WantCode(t, err, domain.ENotFound)
		fresh := f.Member(t, f.BranchA.ID, "杨帆", "19820101")
		if got, err := svc.MemberStandingChanges(ctx, secA, fresh.ID, 0, 0); err != nil || got == nil || len(got) != 0 {
			t.Fatalf("fresh member: %v %v", got, err)
		}
	})
}
