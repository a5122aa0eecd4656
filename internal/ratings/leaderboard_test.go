package ratings_test

import (
	"slices"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/ratings"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Four members of BranchA with 10, 8, 8 and 5 points (the first 8 reached earlier), ranked
// under each tie rule, across pages, and one member's own rank.
func TestTieRules(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(e.f.Region.ID, 2024, "ACT", domain.CategoryActivity, domain.SubjectMember, false)
		ma, mb, mc, md := e.member(e.f.BranchA.ID, "甲"), e.member(e.f.BranchA.ID, "乙"), e.member(e.f.BranchA.ID, "丙"), e.member(e.f.BranchA.ID, "丁")
		e.give(ind, domain.SubjectMember, ma.ID, 10, "2024-02-01")
		e.give(ind, domain.SubjectMember, mc.ID, 8, "2024-02-01") // c reaches 8 before b
		time.Sleep(2 * time.Millisecond)
		e.give(ind, domain.SubjectMember, mb.ID, 8, "2024-02-01")
		e.give(ind, domain.SubjectMember, md.ID, 5, "2024-02-01")

		for _, c := range []struct {
			tie   string
			ranks []int
		}{{store.TieCompetition, []int{1, 2, 2, 4}}, {store.TieDense, []int{1, 2, 2, 3}}, {store.TieEarliestFirst, []int{1, 2, 3, 4}}} {
			err := db.WriteTx(e.ctx, func(q *store.Q) error {
				return q.InsertRule(e.ctx, ratings.RuleTie, e.f.BranchA.ID, c.tie, domain.NewDate(2024, 1, 1), "test", "test")
			})
			if err != nil {
				t.Fatal(err)
			}
			lb, err := e.r.Leaderboard(e.ctx, e.admin, ratings.LeaderboardQuery{OrgID: e.f.BranchA.ID, Year: 2024})
			if err != nil {
				t.Fatal(err)
			}
			if lb.TieRule != c.tie || !slices.Equal(ranksOf(lb), c.ranks) {
				t.Fatalf("%s: ranks %v, want %v", lb.TieRule, ranksOf(lb), c.ranks)
			}
			// The order is points, then who reached them first, whatever the rule.
			if lb.Items[1].SubjectID != mc.ID || lb.Items[2].SubjectID != mb.ID {
				t.Fatalf("%s: order %+v", c.tie, lb.Items)
			}
			// Pages of two: the second page's first rank counts those ahead on the first.
			p1, err := e.r.Leaderboard(e.ctx, e.admin, ratings.LeaderboardQuery{OrgID: e.f.BranchA.ID, Year: 2024, Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			p2, err := e.r.Leaderboard(e.ctx, e.admin, ratings.LeaderboardQuery{OrgID: e.f.BranchA.ID, Year: 2024, Limit: 2, Cursor: p1.NextCursor})
			if err != nil {
				t.Fatal(err)
			}
			if got := append(ranksOf(p1), ranksOf(p2)...); !slices.Equal(got, c.ranks) || p2.NextCursor != "" {
				t.Fatalf("%s paged: %v (next %q), want %v", c.tie, got, p2.NextCursor, c.ranks)
			}
			// The same pages read by walking the ranking order (large subtrees).
			restore := ratings.ForceWalk()
			w1, err1 := e.r.Leaderboard(e.ctx, e.admin, ratings.LeaderboardQuery{OrgID: e.f.BranchA.ID, Year: 2024, Limit: 2})
			w2, err2 := e.r.Leaderboard(e.ctx, e.admin, ratings.LeaderboardQuery{OrgID: e.f.BranchA.ID, Year: 2024, Limit: 2, Cursor: "2"})
			restore()
			if err1 != nil || err2 != nil || !slices.Equal(append(ranksOf(w1), ranksOf(w2)...), c.ranks) || w1.Of != 4 {
				t.Fatalf("%s walked: %v %v %v %v", c.tie, ranksOf(w1), ranksOf(w2), err1, err2)
			}
			// b's own rank: competition and dense 2; earliest_first 3 (c reached 8 first).
			r, err := e.r.Rank(e.ctx, e.admin, ratings.RankQuery{OrgID: e.f.BranchA.ID, Year: 2024,
				SubjectType: domain.SubjectMember, SubjectID: mb.ID})
			if err != nil {
				t.Fatal(err)
			}
			if r.Rank != c.ranks[2] || r.Of != 4 || r.Points != pts("8") {
				t.Fatalf("%s: b's rank %+v", c.tie, r)
			}
		}
		e.clean()
	})
}

// A member's rank in the branch and in the whole region; members see their own rank but not
// another's; a member without points has none.
func TestMemberRank(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(e.f.Region.ID, 2024, "ACT", domain.CategoryActivity, domain.SubjectMember, false)
		exp := e.indicator(e.f.Region.ID, 2024, "EXP", domain.CategoryExperience, domain.SubjectMember, false)
		var inA []*domain.Member
		for i := range 6 {
			m := e.member(e.f.BranchA.ID, "甲"+string(rune('一'+i)))
			e.give(ind, domain.SubjectMember, m.ID, int64(10+i), "2024-02-01")
			inA = append(inA, m)
		}
		for i := range 4 {
			m := e.member(e.f.BranchB.ID, "乙"+string(rune('一'+i)))
			e.give(ind, domain.SubjectMember, m.ID, int64(12+2*i), "2024-02-01") // 12 14 16 18
		}
		me := inA[2] // 12 activity
		e.give(exp, domain.SubjectMember, me.ID, 5, "2024-02-02")
		actor := e.f.User(t, "me", me.ID)
		r, err := e.r.Rank(e.ctx, actor, ratings.RankQuery{OrgID: e.f.BranchA.ID, SubjectType: domain.SubjectMember, SubjectID: me.ID})
		if err != nil {
			t.Fatal(err)
		}
		// Total 17: the others of BranchA have 10, 11, 13, 14, 15 → first of 6.
		if r.Rank != 1 || r.Of != 6 || r.Points != pts("17") || r.Year != 2024 {
			t.Fatalf("rank in branch %+v", r)
		}
		r, err = e.r.Rank(e.ctx, actor, ratings.RankQuery{OrgID: e.f.Region.ID, SubjectType: domain.SubjectMember, SubjectID: me.ID})
		if err != nil {
			t.Fatal(err)
		}
		if r.Rank != 2 || r.Of != 10 { // only B's 18 is above 17
			t.Fatalf("rank in region %+v", r)
		}
		// In activity only: 12 → ahead 13, 14, 15 (A) and 14, 16, 18 (B) → 7th, shared with B's 12.
		r, err = e.r.Rank(e.ctx, actor, ratings.RankQuery{OrgID: e.f.Region.ID, SubjectType: domain.SubjectMember,
			SubjectID: me.ID, Category: domain.CategoryActivity})
		if err != nil {
			t.Fatal(err)
		}
		if r.Rank != 7 || r.Points != pts("12") {
			t.Fatalf("activity rank in region %+v", r)
		}
		// Composite: 12 activity (cap 30) + 5 experience = 17.
		r, err = e.r.Rank(e.ctx, actor, ratings.RankQuery{OrgID: e.f.BranchA.ID, SubjectType: domain.SubjectMember,
			SubjectID: me.ID, Category: ratings.CategoryComposite})
		if err != nil || r.Points != pts("17") || r.Rank != 1 {
			t.Fatalf("composite rank %+v %v", r, err)
		}
		_, err = e.r.Rank(e.ctx, actor, ratings.RankQuery{OrgID: e.f.BranchA.ID, SubjectType: domain.SubjectMember, SubjectID: inA[0].ID})
		wantCode(t, err, domain.ENotFound, "")
		// A member outside the subtree has no rank there.
		_, err = e.r.Rank(e.ctx, actor, ratings.RankQuery{OrgID: e.f.BranchB.ID, SubjectType: domain.SubjectMember, SubjectID: me.ID})
		wantCode(t, err, domain.ENotFound, "")
		nobody := e.member(e.f.BranchA.ID, "无分")
		r, err = e.r.Rank(e.ctx, e.admin, ratings.RankQuery{OrgID: e.f.BranchA.ID, SubjectType: domain.SubjectMember, SubjectID: nobody.ID})
		if err != nil || r.Rank != 0 || r.Of != 6 {
			t.Fatalf("no points: %+v %v", r, err)
		}
		// The member reads their own branch's leaderboard, not another's.
		if _, err := e.r.Leaderboard(e.ctx, actor, ratings.LeaderboardQuery{OrgID: e.f.BranchA.ID}); err != nil {
			t.Fatal(err)
		}
		_, err = e.r.Leaderboard(e.ctx, actor, ratings.LeaderboardQuery{OrgID: e.f.BranchB.ID})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.r.Leaderboard(e.ctx, e.admin, ratings.LeaderboardQuery{OrgID: e.f.Region.ID, Category: "nope"})
		testutil.WantField(t, err, domain.EInvalid, "category", "err.choice")
	})
}

// After a member moves to another branch, rankings and eligibility place them in the new one
// at once (before any new posting), and an organisation moved with its members takes its
// rankings along; the ledger stays sound.
func TestMoveKeepsRankingsCurrent(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ind := e.indicator(e.f.Region.ID, 2024, "ACT", domain.CategoryActivity, domain.SubjectMember, false)
		orgInd := e.indicator(e.f.Region.ID, 2024, "ORG", domain.CategoryActivity, domain.SubjectOrg, false)
		mover := e.member(e.f.BranchA.ID, "调动")
		stay := e.member(e.f.BranchA2.ID, "留下")
		e.give(ind, domain.SubjectMember, mover.ID, 20, "2024-02-01")
		e.give(ind, domain.SubjectMember, stay.ID, 7, "2024-02-01")
		e.give(orgInd, domain.SubjectOrg, e.f.BranchA2.ID, 3, "2024-02-01")

		to := e.f.BranchB.ID
		if _, err := e.f.Set.Members.Update(e.ctx, e.admin, mover.ID, member.Input{OrgID: &to}); err != nil {
			t.Fatal(err)
		}
		ids := func(orgID int64, typ string) []int64 {
			lb, err := e.r.Leaderboard(e.ctx, e.admin, ratings.LeaderboardQuery{OrgID: orgID, Year: 2024, SubjectType: typ})
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, it := range lb.Items {
				out = append(out, it.SubjectID)
			}
			return out
		}
		if got := ids(e.f.BranchA.ID, ""); len(got) != 0 {
			t.Fatalf("old branch still ranks %v", got)
		}
		if got := ids(e.f.BranchB.ID, ""); !slices.Equal(got, []int64{mover.ID}) {
			t.Fatalf("new branch ranks %v", got)
		}
		for _, cat := range []string{domain.CategoryActivity, ratings.CategoryComposite} {
			r, err := e.r.Rank(e.ctx, e.admin, ratings.RankQuery{OrgID: e.f.CommitteeB.ID, SubjectType: domain.SubjectMember,
				SubjectID: mover.ID, Category: cat})
			if err != nil || r.Rank != 1 {
				t.Fatalf("%s rank in new committee %+v %v", cat, r, err)
			}
		}
		el, err := e.r.Eligibility(e.ctx, e.admin, e.f.Region.ID, 2024, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range el.Items {
			for _, m := range it.Members {
				if m.MemberID == mover.ID && it.OrgID != e.f.BranchB.ID {
					t.Fatalf("mover eligible in %d", it.OrgID)
				}
			}
		}
		// Move BranchA2 (with its member and its own points) under CommitteeB.
		if _, err := e.f.Set.Orgs.Move(e.ctx, e.admin, e.f.BranchA2.ID, e.f.CommitteeB.ID); err != nil {
			t.Fatal(err)
		}
		if got := ids(e.f.CommitteeB.ID, ""); !slices.Equal(got, []int64{mover.ID, stay.ID}) {
			t.Fatalf("committee B ranks %v", got)
		}
		if got := ids(e.f.CommitteeA.ID, ""); len(got) != 0 {
			t.Fatalf("committee A still ranks %v", got)
		}
		if got := ids(e.f.CommitteeB.ID, domain.SubjectOrg); !slices.Equal(got, []int64{e.f.BranchA2.ID}) {
			t.Fatalf("org ranking %v", got)
		}
		// The next posting agrees with the trigger's path.
		e.give(ind, domain.SubjectMember, mover.ID, 1, "2024-02-03")
		e.clean()
	})
}

// Seed 001 (Focused Photonics): a committee of 16 branches; only the top 5 members by yearly
// points of each branch may compete for excellent member.
func TestSeed001Eligibility(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		act := e.indicator(e.f.Region.ID, 2023, "ACT", domain.CategoryActivity, domain.SubjectMember, false)
		con := e.indicator(e.f.Region.ID, 2023, "CON", domain.CategoryContribution, domain.SubjectMember, false)
		committee := e.f.Org(t, e.f.Region.ID, "聚光科技党委", domain.OrgCommittee)
		wants := map[int64][]int64{} // branch → eligible members, best first
		for b := range 16 {
			br := e.f.Org(t, committee.ID, "第"+string(rune('A'+b))+"党支部", domain.OrgBranch)
			var ids []int64
			for i := range 7 {
				m := e.member(br.ID, "员"+string(rune('A'+b))+string(rune('a'+i)))
				// i-th member: 3 + i activity, 2 contribution; the last has none.
				if i < 6 {
					e.give(act, domain.SubjectMember, m.ID, int64(3+i), "2023-05-01")
					e.give(con, domain.SubjectMember, m.ID, 2, "2023-06-01")
				}
				ids = append(ids, m.ID)
			}
			// Best first: members 5, 4, 3, 2, 1 (member 0 is sixth; member 6 has no points).
			wants[br.ID] = []int64{ids[5], ids[4], ids[3], ids[2], ids[1]}
		}
		el, err := e.r.Eligibility(e.ctx, e.admin, committee.ID, 2023, 0)
		if err != nil {
			t.Fatal(err)
		}
		if el.Top != 5 || len(el.Items) != 16 {
			t.Fatalf("top %d, %d branches", el.Top, len(el.Items))
		}
		for i, it := range el.Items {
			var got []int64
			for j, m := range it.Members {
				got = append(got, m.MemberID)
				if m.Rank != j+1 || m.Points != domain.Whole(int64(10-j)) {
					t.Fatalf("branch %d member %d: %+v", i, j, m)
				}
			}
			if !slices.Equal(got, wants[it.OrgID]) {
				t.Fatalf("branch %d: %v, want %v", it.OrgID, got, wants[it.OrgID])
			}
		}
		// A tie at fifth place lets both in under competition ranking.
		first := el.Items[0]
		sixth := e.member(first.OrgID, "并列")
		e.give(act, domain.SubjectMember, sixth.ID, 6, "2023-07-01") // 6 = fifth place's points
		el, err = e.r.Eligibility(e.ctx, e.admin, committee.ID, 2023, 0)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(el.Items[0].Members); n != 6 || el.Items[0].Members[5].Rank != 5 {
			t.Fatalf("tie at fifth: %+v", el.Items[0].Members)
		}
		// Top 3 on request; readers outside the subtree see nothing.
		el, err = e.r.Eligibility(e.ctx, e.admin, committee.ID, 2023, 3)
		if err != nil || len(el.Items[1].Members) != 3 {
			t.Fatalf("top 3: %v", err)
		}
		secB := e.f.User(t, "secb", 0, testutil.Grant(domain.RoleSecretary, e.f.BranchB.ID))
		_, err = e.r.Eligibility(e.ctx, secB, committee.ID, 2023, 0)
		wantCode(t, err, domain.ENotFound, "")
		e.clean()
	})
}
