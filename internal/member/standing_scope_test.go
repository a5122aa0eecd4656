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

// TestStandingWriteOutsideScopeIsForbidden: a change of standing or of the lost-contact
// flag on a member outside the caller's scope answers EForbidden (API.md: 403 on write),
// whether or not the caller may read the member; only a missing member is ENotFound.
func TestStandingWriteOutsideScopeIsForbidden(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		svc := f.Set.Members
		secA := f.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, f.BranchA.ID))
		mB := f.Member(t, f.BranchB.ID, "周乙", "19800101")
		const missing = 999999
		for _, c := range []struct {
			id   int64
			want string
		}{{mB.ID, domain.EForbidden}, {missing, domain.ENotFound}} {
			_, err := svc.ChangeStanding(ctx, secA, c.id, member.StandingInput{Action: member.ActionSuspend, On: "2024-03-01", Reason: "x"})
			testutil.WantCode(t, err, c.want)
			_, err = svc.SetLostContact(ctx, secA, c.id, true, "2024-03-01", "x")
			testutil.WantCode(t, err, c.want)
		}
		// Reads keep 404.
		_, err := svc.Get(ctx, secA, mB.ID, false)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = svc.StandingChanges(ctx, secA, f.BranchB.ID, "2024-03")
		testutil.WantCode(t, err, domain.ENotFound)
		// Nothing changed.
		got, err := svc.Get(ctx, auth.SystemActor(), mB.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if got.Standing != domain.StandingNormal || got.LostContact {
			t.Fatalf("branch B's member changed: %s, lost contact %v", got.Standing, got.LostContact)
		}
		if n := testutil.AuditCount(t, db, "member.standing") + testutil.AuditCount(t, db, "member.lost_contact"); n != 0 {
			t.Fatalf("%d audit entries of refused changes", n)
		}
	})
}
