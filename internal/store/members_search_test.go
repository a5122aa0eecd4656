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

// The whole-database scope "/" adds no condition to the member queries (so SQLite walks ids
// in order); it must still select exactly what a range over every root would, page by page,
// with the other filters applied.
func TestMembersWholeScopeLikeRootScopes(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var roots []string
		err := db.WriteTx(ctx, func(q *store.Q) error {
			for _, name := range []string{"甲", "乙"} {
				root := insertOrg(t, q, nil, name, domain.OrgRegion)
				branch := insertOrg(t, q, root, name+"支部", domain.OrgBranch)
				roots = append(roots, root.Path)
				for i := range 7 {
					m := insertMember(t, q, branch, name+strconv.Itoa(i))
					if i%3 == 0 {
						m.Category = domain.CategoryProbationary
						if err := q.UpdateMember(ctx, m); err != nil {
							return err
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		walk := func(f store.MemberFilter) ([]int64, int) {
			var ids []int64
			f.Limit = 2
			for {
				page, err := db.Read().Members(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) == 0 {
					break
				}
				for _, m := range page {
					ids = append(ids, m.ID)
				}
				f.AfterID = page[len(page)-1].ID
			}
			n, err := db.Read().CountMembers(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return ids, n
		}
		for _, f := range []store.MemberFilter{{}, {Category: domain.CategoryProbationary}, {Query: "乙"}} {
			f.Scopes = []string{"/"}
			whole, n := walk(f)
			f.Scopes = roots
			ranged, m := walk(f)
			if !slices.Equal(whole, ranged) || n != m || n != len(whole) || n == 0 || !slices.IsSorted(whole) {
				t.Errorf("filter %+v: whole scope %v (count %d), root ranges %v (count %d)", f, whole, n, ranged, m)
			}
		}
	})
}

// A query that reads as an ID number or phone matches those numbers only, through their
// hashes: the name pattern, which would scan every name, is not applied.
func TestMembersHashQueryMatchesNumbersOnly(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var byPhone, byID *store.MemberRecord
		err := db.WriteTx(ctx, func(q *store.Q) error {
			root := insertOrg(t, q, nil, "区委", domain.OrgRegion)
			byPhone = insertMember(t, q, root, "王一")
			byPhone.PhoneHash = "phone-hash"
			if err := q.UpdateMember(ctx, byPhone); err != nil {
				return err
			}
			byID = insertMember(t, q, root, "王二")
			insertMember(t, q, root, "13800138000") // a name that holds the digits
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		find := func(hashes ...string) []int64 {
			f := store.MemberFilter{Scopes: []string{"/"}, Query: "13800138000", QueryHashes: hashes}
			page, err := db.Read().Members(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			n, err := db.Read().CountMembers(ctx, f)
			if err != nil || n != len(page) {
				t.Fatalf("count %d for %d listed (%v)", n, len(page), err)
			}
			var ids []int64
			for _, m := range page {
				ids = append(ids, m.ID)
			}
			return ids
		}
		if got := find("phone-hash"); !slices.Equal(got, []int64{byPhone.ID}) {
			t.Errorf("by phone hash: %v, want [%d]", got, byPhone.ID)
		}
		if got := find("nobody", byID.IDNumberHash); !slices.Equal(got, []int64{byID.ID}) {
			t.Errorf("by ID-number hash: %v, want [%d]", got, byID.ID)
		}
		if got := find("nobody"); len(got) != 0 {
			t.Errorf("an unknown number matched %v", got)
		}
	})
}
