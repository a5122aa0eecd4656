package roster_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/roster"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// TestWriteRechecksWhatMayHaveChanged: the write transaction does not trust the check pass
// for anything another writer can change in between. The organisation lookups are cached
// per pass, so each case here fails if the write pass reused the check pass's answers.
// Every case checks clean, then imports nothing.
func TestWriteRechecksWhatMayHaveChanged(t *testing.T) {
	ctx := context.Background()
	sys := auth.SystemActor()
	cases := []struct {
		name   string
		change func(t *testing.T, e *env)
		want   []string // row errors of the write pass
	}{
		{"branch moved out of the importer's scope", func(t *testing.T, e *env) {
			if _, err := e.Set.Orgs.Move(ctx, sys, e.BranchA.ID, e.CommitteeB.ID); err != nil {
				t.Fatal(err)
			}
		}, []string{"2 org roster.org.not_found", "3 org roster.org.not_found", "4 org roster.org.not_found",
			"5 org roster.org.not_found", "6 org roster.org.not_found"}},
		{"group moved to another branch", func(t *testing.T, e *env) {
			if _, err := e.Set.Orgs.Move(ctx, sys, e.GroupA.ID, e.BranchA2.ID); err != nil {
				t.Fatal(err)
			}
		}, []string{"2 group roster.group.not_found", "5 group roster.group.not_found"}},
		{"an ID number taken outside the importer's scope", func(t *testing.T, e *env) {
			in := e.MemberInput(e.BranchB.ID, "抢先者", "19800101")
			id := idFor(2)
			in.IDNumber = &id
			if _, err := e.Set.Members.Create(ctx, sys, in); err != nil {
				t.Fatal(err)
			}
		}, []string{"4 id_number roster.id_number.unavailable"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
				e := newEnv(t, db)
				secretary := e.User(t, "sec", 0, testutil.Grant(domain.RoleSecretary, e.CommitteeA.ID))
				data := csvBytes(5, nil)
				if dry := e.importFile(t, secretary, e.CommitteeA.ID, data, true); dry.ErrorCount != 0 || dry.Imported != 5 {
					t.Fatalf("the file should check clean: %+v", dry)
				}
				roster.SetBeforeWrite(e.svc, func() { c.change(t, e) })
				st := e.importFile(t, secretary, e.CommitteeA.ID, data, false)
				var got []string
				for _, er := range st.Errors {
					got = append(got, fmt.Sprintf("%d %s %s", er.Row, er.Field, er.Message))
				}
				if st.Status != store.JobFailed || st.Imported != 0 || !slices.Equal(got, c.want) {
					t.Fatalf("status %s imported %d errors %q, want failed with %q", st.Status, st.Imported, got, c.want)
				}
				if n := countRows(t, db, `SELECT COUNT(*) FROM members WHERE name LIKE '党员%'`); n != 0 {
					t.Fatalf("the failed import wrote %d members", n)
				}
			})
		})
	}
}
