package transfer_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
	"dangjian/internal/transfer"
)

// TestListFloatingOfOneMember: the member filter finds a member's entries whatever else
// the branch holds, ended ones included, and keeps to the caller's scope.
func TestListFloatingOfOneMember(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		other := e.f.Member(t, e.f.BranchA.ID, "周甲", "19860606")
		register := func(memberID int64, place string) *domain.Floating {
			t.Helper()
			fl, err := e.svc.RegisterFloating(ctx, e.secA, transfer.FloatingInput{Direction: domain.FloatingOut, MemberID: memberID,
				Place: place, Since: "2024-01-01"})
			if err != nil {
				t.Fatal(err)
			}
			return fl
		}
		first := register(e.m.ID, "深圳")
		if _, err := e.svc.EndFloating(ctx, e.secA, first.ID, transfer.FloatingStep{On: "2024-02-01"}); err != nil {
			t.Fatal(err)
		}
		register(other.ID, "广州")
		second := register(e.m.ID, "珠海")
		list, _, err := e.svc.ListFloating(ctx, e.secA, transfer.FloatingFilter{MemberID: e.m.ID, Direction: domain.FloatingOut})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != first.ID || list[1].ID != second.ID {
			t.Fatalf("member's entries: %+v, want %d and %d", list, first.ID, second.ID)
		}
		for _, x := range list {
			if x.MemberID != e.m.ID {
				t.Fatalf("entry %d is member %d's", x.ID, x.MemberID)
			}
		}
		list, _, err = e.svc.ListFloating(ctx, e.secA, transfer.FloatingFilter{MemberID: e.m.ID, ActiveOnly: true})
		if err != nil || len(list) != 1 || list[0].ID != second.ID {
			t.Fatalf("member's active entries: %+v %v", list, err)
		}
		// Another branch's secretary sees none of them.
		list, _, err = e.svc.ListFloating(ctx, e.secB, transfer.FloatingFilter{MemberID: e.m.ID})
		if err != nil || len(list) != 0 {
			t.Fatalf("secretary B sees %+v %v", list, err)
		}
	})
}
