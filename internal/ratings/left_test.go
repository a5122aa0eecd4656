package ratings_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/points"
	"dangjian/internal/ratings"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// A member who leaves the roster leaves every ranking, at the branch and at the whole
// database's scope, earns nothing new while gone, and comes back when the departure is undone.
func TestLeftMembersLeaveRankings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(e.f.Region.ID, 2024, "ACT", domain.CategoryActivity, domain.SubjectMember, false)
		stay, gone := e.member(e.f.BranchA.ID, "留"), e.member(e.f.BranchA.ID, "去")
		e.give(ind, domain.SubjectMember, stay.ID, 3, "2024-02-01")
		e.give(ind, domain.SubjectMember, gone.ID, 9, "2024-02-01")
		ids := func(orgID int64) []int64 {
			lb, err := e.r.Leaderboard(e.ctx, e.admin, ratings.LeaderboardQuery{OrgID: orgID, Year: 2024})
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, it := range lb.Items {
				out = append(out, it.SubjectID)
			}
			return out
		}
		if got := ids(e.f.BranchA.ID); len(got) != 2 || got[0] != gone.ID {
			t.Fatalf("before: %v", got)
		}
		members := e.f.Set.Members
		members.Now = e.pts.Now
		if _, err := members.RecordDeparture(e.ctx, e.admin, gone.ID, member.DepartureInput{Reason: domain.LeftDeceased, On: "2024-02-20"}); err != nil {
			t.Fatal(err)
		}
		for _, org := range []int64{e.f.BranchA.ID, e.f.Region.ID} {
			if got := ids(org); len(got) != 1 || got[0] != stay.ID {
				t.Fatalf("after departure, org %d ranks %v", org, got)
			}
		}
		_, err := e.pts.Award(e.ctx, e.admin, points.AwardInput{IndicatorID: ind.ID, SubjectType: domain.SubjectMember,
			SubjectID: gone.ID, Quantity: domain.Whole(1), OccurredOn: "2024-02-25"})
		wantCode(t, err, domain.EConflict, "err.member.left")
		if _, err := members.UndoDeparture(e.ctx, e.admin, gone.ID, "登记有误"); err != nil {
			t.Fatal(err)
		}
		if got := ids(e.f.BranchA.ID); len(got) != 2 || got[0] != gone.ID {
			t.Fatalf("after undo: %v", got)
		}
		e.clean()
	})
}
