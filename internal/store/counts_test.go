package store_test

import (
	"context"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// A whole-tree listing sums member counts up the tree from one grouped scan; a paginated
// listing counts each organisation's range. Both must agree, expelled members and members who
// left the roster excluded, and
// a picker listing (NoCounts) must carry none.
func TestTreeCountsRollUpLikeRangeCounts(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.WriteTx(ctx, func(q *store.Q) error {
			region := insertOrg(t, q, nil, "区委", domain.OrgRegion)
			town := insertOrg(t, q, region, "镇党委", domain.OrgRegion)
			committee := insertOrg(t, q, town, "党委", domain.OrgCommittee)
			b1 := insertOrg(t, q, committee, "一支部", domain.OrgBranch)
			b2 := insertOrg(t, q, town, "二支部", domain.OrgBranch)
			insertOrg(t, q, b1, "一组", domain.OrgGroup)
			for i := 0; i < 5; i++ {
				insertMember(t, q, b1, "甲")
			}
			for i := 0; i < 3; i++ {
				insertMember(t, q, b2, "乙")
			}
			p := insertMember(t, q, b2, "丙")
			p.Category = domain.CategoryProbationary
			if err := q.UpdateMember(ctx, p); err != nil {
				return err
			}
			gone := insertMember(t, q, b1, "丁")
			gone.Standing = domain.StandingExpelled
			if err := q.UpdateMember(ctx, gone); err != nil {
				return err
			}
			// Members who left the roster count nowhere either, whatever their category.
			left := insertMember(t, q, b2, "戊")
			if err := q.SetMemberLeft(ctx, left, domain.NewDate(2024, 3, 1), domain.LeftTransferredOut); err != nil {
				return err
			}
			cancelled := insertMember(t, q, b1, "己")
			cancelled.Category = domain.CategoryProbationary
			if err := q.UpdateMember(ctx, cancelled); err != nil {
				return err
			}
			return q.SetMemberLeft(ctx, cancelled, domain.NewDate(2024, 3, 2), domain.LeftProbationCancelled)
		})
		if err != nil {
			t.Fatal(err)
		}
		q := db.Read()
		whole, err := q.Orgs(ctx, store.OrgFilter{Scopes: []string{"/"}})
		if err != nil {
			t.Fatal(err)
		}
		paged, err := q.Orgs(ctx, store.OrgFilter{Scopes: []string{"/"}, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]domain.Org{}
		for _, o := range paged {
			byID[o.ID] = o
		}
		want := map[string][2]int{"区委": {9, 8}, "镇党委": {9, 8}, "党委": {5, 5}, "一支部": {5, 5}, "二支部": {4, 3}, "一组": {0, 0}}
		for _, o := range whole {
			p := byID[o.ID]
			if o.MemberCount != p.MemberCount || o.FullMemberCount != p.FullMemberCount || o.ChildCount != p.ChildCount {
				t.Errorf("%s: rolled up %d/%d children %d, ranged %d/%d children %d", o.Name, o.MemberCount, o.FullMemberCount,
					o.ChildCount, p.MemberCount, p.FullMemberCount, p.ChildCount)
			}
			if w := want[o.Name]; o.MemberCount != w[0] || o.FullMemberCount != w[1] {
				t.Errorf("%s: %d members (%d full), want %d (%d)", o.Name, o.MemberCount, o.FullMemberCount, w[0], w[1])
			}
		}
		outline, err := q.Orgs(ctx, store.OrgFilter{Scopes: []string{"/"}, NoCounts: true})
		if err != nil || len(outline) != len(whole) {
			t.Fatalf("outline: %d orgs, %v", len(outline), err)
		}
		for _, o := range outline {
			if o.MemberCount != 0 || o.ChildCount != 0 {
				t.Errorf("outline carries counts: %+v", o)
			}
		}
	})
}
