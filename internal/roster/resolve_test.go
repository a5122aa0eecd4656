package roster_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/org"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Branch and group cells are resolved a batch at a time and remembered for the pass; the
// answers must be those of one lookup per cell: a code wins over names, a repeated branch
// name is ambiguous, a group belongs to its own branch only, nothing outside the import's
// subtree is found. The special rows come in the first and the last batch (500 rows each),
// so the second answer comes from what the pass remembered.
func TestImportResolvesBranchesAndGroups(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		sys := auth.SystemActor()
		mk := func(parent int64, name, code string, typ domain.OrgType) int64 {
			ty := string(typ)
			in := org.Input{Name: &name, Type: &ty, ParentID: &parent}
			if code != "" {
				in.Code = &code
			}
			v, err := e.Set.Orgs.Create(ctx, sys, in)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return v.ID
		}
		sub := mk(e.CommitteeA.ID, "甲下属党委", "", domain.OrgCommittee)
		twin := mk(e.CommitteeA.ID, "同名支部", "TM01", domain.OrgBranch)
		mk(sub, "同名支部", "", domain.OrgBranch)
		group := mk(twin, "一组", "G1", domain.OrgGroup)
		mk(e.BranchB.ID, "一组", "", domain.OrgGroup) // same name, another branch (outside the subtree)

		const n = 1200
		cells := [][2]string{ // branch, group
			{"同名支部", ""},       // ambiguous name
			{"TM01", "G1"},     // code, group by code
			{"TM01", "一组"},     // code, group by name
			{"甲二支部", "一组"},     // the group is not this branch's
			{"乙支部", ""},        // outside the import's subtree
			{"甲党委", ""},        // not a branch
			{"甲下属党委", "第一党小组"}, // not a branch: the group is not looked at
		}
		special := func(i int) int {
			if i < len(cells) {
				return i
			}
			if j := i - (n - len(cells)); j >= 0 {
				return j
			}
			return -1
		}
		data := csvBytes(n, func(i int, rec []string) {
			if j := special(i); j >= 0 {
				rec[4], rec[5] = cells[j][0], cells[j][1]
			}
		})
		st := e.importFile(t, sys, e.CommitteeA.ID, data, true)
		var got []string
		for _, er := range st.Errors {
			got = append(got, fmt.Sprintf("%d %s %s", er.Row, er.Field, er.Message))
		}
		var want []string
		for _, first := range []int{2, n - len(cells) + 2} {
			want = append(want, fmt.Sprintf("%d org roster.org.ambiguous", first),
				fmt.Sprintf("%d group roster.group.not_found", first+3),
				fmt.Sprintf("%d org roster.org.not_found", first+4),
				fmt.Sprintf("%d org err.member.org_not_branch", first+5),
				fmt.Sprintf("%d org err.member.org_not_branch", first+6))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("errors:\n got %q\nwant %q", got, want)
		}

		// Without the bad rows the coded ones land in the twin branch, in its group.
		ok := csvBytes(n, func(i int, rec []string) {
			if j := special(i); j == 1 || j == 2 {
				rec[4], rec[5] = cells[j][0], cells[j][1]
			}
		})
		if st := e.importFile(t, sys, e.CommitteeA.ID, ok, false); st.Status != store.JobDone || st.Imported != n {
			t.Fatalf("import: %+v", st)
		}
		if c := countRows(t, db, `SELECT COUNT(*) FROM members WHERE org_id = $1 AND group_id = $2`, twin, group); c != 4 {
			t.Fatalf("%d members in the twin branch's group, want 4", c)
		}
		// The uploads' copies and the row files are gone.
		if left, _ := os.ReadDir(e.svc.TempDir); len(left) != 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})
}
