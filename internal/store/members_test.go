package store_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Keyset pagination walks every member of the scope once, in id order, and nothing else.
func TestMembersKeysetPagination(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var a, b *domain.Org
		var want []int64
		err := db.WriteTx(ctx, func(q *store.Q) error {
			root := insertOrg(t, q, nil, "root", domain.OrgRegion)
			a = insertOrg(t, q, root, "a", domain.OrgBranch)
			b = insertOrg(t, q, root, "b", domain.OrgBranch)
			for i := range 11 {
				// Interleave two branches so the pages of a skip ids of b.
				want = append(want, insertMember(t, q, a, "a"+strconv.Itoa(i)).ID)
				insertMember(t, q, b, "b"+strconv.Itoa(i))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		var after int64
		pages := 0
		for {
			page, err := db.Read().Members(ctx, store.MemberFilter{Scopes: []string{a.Path}, AfterID: after, Limit: 4})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			pages++
			for _, m := range page {
				got = append(got, m.ID)
				if m.OrgID != a.ID || m.OrgName != "a" || m.Positions == nil {
					t.Fatalf("member %+v", m.Member)
				}
			}
			after = page[len(page)-1].ID
		}
		if !slices.Equal(got, want) || pages != 3 {
			t.Fatalf("walked %v in %d pages, want %v", got, pages, want)
		}
		n, _ := db.Read().CountMembers(ctx, store.MemberFilter{Scopes: []string{"/"}, OrgID: b.ID, AfterID: want[5], Limit: 1})
		if n != 11 {
			t.Fatalf("count ignores paging: %d", n)
		}
	})
}

// A member's positions are those in their current org; the committee size of the org counts
// the distinct members who hold committee positions there.
func TestPositionsAndCommitteeSize(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var b *domain.Org
		err := db.WriteTx(ctx, func(q *store.Q) error {
			root := insertOrg(t, q, nil, "root", domain.OrgRegion)
			b = insertOrg(t, q, root, "b", domain.OrgBranch)
			for i, pos := range [][]string{{"secretary"}, {"deputy_secretary", "organization_member"}, {"group_leader"}} {
				m := insertMember(t, q, b, "m"+strconv.Itoa(i))
				if err := q.SetPositions(ctx, m.ID, b.ID, pos); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		o, _ := db.Read().Org(ctx, b.ID)
		if err := db.Read().FillOrgCounts(ctx, o); err != nil {
			t.Fatal(err)
		}
		if o.CommitteeSize != 2 || o.MemberCount != 3 || o.FullMemberCount != 3 {
			t.Fatalf("counts: committee %d members %d full %d", o.CommitteeSize, o.MemberCount, o.FullMemberCount)
		}
		ms, _ := db.Read().Members(ctx, store.MemberFilter{Scopes: []string{"/"}})
		if !slices.Equal(ms[1].Positions, []string{"deputy_secretary", "organization_member"}) {
			t.Fatalf("positions %v", ms[1].Positions)
		}
	})
}
