package store_test

import (
	"context"
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Member lists and counts hold the members on the roster unless asked for those who left;
// a departure can be taken back, and an ordinary update keeps it.
func TestMembersWhoLeft(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var branch *domain.Org
		var stays, left *store.MemberRecord
		err := db.WriteTx(ctx, func(q *store.Q) error {
			region := insertOrg(t, q, nil, "区委", domain.OrgRegion)
			branch = insertOrg(t, q, region, "支部", domain.OrgBranch)
			stays = insertMember(t, q, branch, "在册")
			left = insertMember(t, q, branch, "离开")
			for _, r := range []*store.MemberRecord{stays, left} {
				r.JoinedOn = domain.NewDate(2000, 7, 1)
				if err := q.UpdateMember(ctx, r); err != nil {
					return err
				}
			}
			if err := q.SetMemberLeft(ctx, left, domain.NewDate(2024, 5, 6), domain.LeftDeceased); err != nil {
				return err
			}
			left.Name = "离开了" // an update of particulars leaves the departure alone
			return q.UpdateMember(ctx, left)
		})
		if err != nil {
			t.Fatal(err)
		}
		q := db.Read()
		names := func(l string) []string {
			t.Helper()
			f := store.MemberFilter{Scopes: []string{branch.Path}, Left: l}
			list, err := q.Members(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			n, err := q.CountMembers(ctx, f)
			if err != nil || n != len(list) {
				t.Fatalf("count %d for %d listed: %v", n, len(list), err)
			}
			var out []string
			for _, m := range list {
				out = append(out, m.Name)
			}
			return out
		}
		if got := names(""); len(got) != 1 || got[0] != "在册" {
			t.Fatalf("current %v", got)
		}
		if got := names(domain.LeftOnly); len(got) != 1 || got[0] != "离开了" {
			t.Fatalf("left %v", got)
		}
		if got := names(domain.LeftInclude); len(got) != 2 {
			t.Fatalf("all %v", got)
		}
		got, err := q.Member(ctx, left.ID)
		if err != nil || got.LeftOn.String() != "2024-05-06" || got.LeftReason != domain.LeftDeceased || !got.HasLeft() {
			t.Fatalf("stored departure %v %+v", err, got)
		}
		if s, _ := q.Member(ctx, stays.ID); s.HasLeft() || s.LeftReason != "" {
			t.Fatalf("member on the roster reads as left: %+v", s)
		}
		counts, err := q.MemberCategoryCounts(ctx, []string{branch.Path})
		if err != nil || counts[domain.CategoryFull] != 1 {
			t.Fatalf("category counts %v %v", counts, err)
		}
		birthdays, err := q.JoiningAnniversaries(ctx, []string{"/"}, branch.Path, 7)
		if err != nil || len(birthdays) != 1 || birthdays[0].MemberID != stays.ID {
			t.Fatalf("anniversaries %v %+v", err, birthdays)
		}
		err = db.WriteTx(ctx, func(q *store.Q) error { return q.SetMemberLeft(ctx, left, domain.Date{}, "") })
		if err != nil {
			t.Fatal(err)
		}
		if got := names(""); len(got) != 2 {
			t.Fatalf("after the undo %v", got)
		}
		if back, _ := q.Member(ctx, left.ID); back.HasLeft() || back.LeftReason != "" {
			t.Fatalf("undone departure %+v", back)
		}
	})
}
