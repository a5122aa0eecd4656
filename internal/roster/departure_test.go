package roster_test

import (
	"bytes"
	"context"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/i18n"
	"dangjian/internal/member"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// A member who left the roster is not brought back (nor edited) by an import of their ID
// number: the row is an error that says so. The export holds the members on the roster
// unless asked for those who left.
func TestImportAndExportOfMembersWhoLeft(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx, sys := context.Background(), auth.SystemActor()
		if st := e.importFile(t, sys, e.Region.ID, csvBytes(5, nil), false); st.Status != "done" || st.Imported != 5 {
			t.Fatalf("first import: %+v", st)
		}
		found, err := e.Set.Members.List(ctx, sys, member.Filter{Query: idFor(2)}, false)
		if err != nil || len(found.Items) != 1 {
			t.Fatalf("find: %v %+v", err, found)
		}
		gone := found.Items[0]
		if _, err := e.Set.Members.RecordDeparture(ctx, sys, gone.ID, member.DepartureInput{Reason: domain.LeftDeceased, On: "2024-01-02"}); err != nil {
			t.Fatal(err)
		}
		st := e.importFile(t, sys, e.Region.ID, csvBytes(5, nil), false)
		if st.Status != "failed" || st.ErrorCount != 1 || st.Errors[0].Row != 4 || st.Errors[0].Field != "id_number" ||
			st.Errors[0].Message != "roster.id_number.left" {
			t.Fatalf("re-import: %+v", st)
		}
		if m, _ := e.Set.Members.Get(ctx, sys, gone.ID, false); !m.HasLeft() {
			t.Fatal("the import brought the member back")
		}

		export := func(left string) int {
			t.Helper()
			n, err := e.svc.ExportMembers(ctx, sys, member.Filter{OrgID: e.BranchA.ID, Left: left}, false, i18n.ZH, &bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := export(""); n != 4 {
			t.Fatalf("default export: %d", n)
		}
		if n := export(domain.LeftInclude); n != 5 {
			t.Fatalf("export with those who left: %d", n)
		}
		if n := export(domain.LeftOnly); n != 1 {
			t.Fatalf("export of those who left: %d", n)
		}
	})
}
