package roster_test

import (
	"bytes"
	"context"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/member"
	"dangjian/internal/roster"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// TestImportOutsideScopeIsForbidden: an import is a write, so an organisation outside the
// caller's scope answers EForbidden (API.md: 403) and only a missing one ENotFound; an
// export is a read and keeps ENotFound for an organisation out of scope.
func TestImportOutsideScopeIsForbidden(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		secA := e.User(t, "sec_a", 0, testutil.Grant(domain.RoleSecretary, e.BranchA.ID))
		data := csvBytes(2, nil)
		for _, c := range []struct {
			org  int64
			want string
		}{{e.BranchB.ID, domain.EForbidden}, {e.CommitteeA.ID, domain.EForbidden}, {999999, domain.ENotFound}} {
			for _, dry := range []bool{true, false} {
				_, err := e.svc.StartImport(ctx, secA, roster.ImportRequest{OrgID: c.org, Filename: "x.csv",
					Body: bytes.NewReader(data), DryRun: dry})
				testutil.WantCode(t, err, c.want)
			}
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM jobs`); n != 0 {
			t.Fatalf("%d jobs queued by refused imports", n)
		}
		_, err := e.svc.ExportSize(ctx, secA, member.Filter{OrgID: e.BranchB.ID})
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.svc.StartExport(ctx, secA, member.Filter{OrgID: e.BranchB.ID}, false, "zh-CN")
		testutil.WantCode(t, err, domain.ENotFound)
	})
}

// TestFailedImportReportsNothingWritten: a real run that fails on row errors wrote nothing,
// so its counts are 0, while a dry run of the same file forecasts what it would do.
func TestFailedImportReportsNothingWritten(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		bad := csvBytes(3, func(i int, rec []string) {
			if i == 1 {
				rec[0] = "" // a name is required
			}
		})
		dry := e.importFile(t, auth.SystemActor(), e.Region.ID, bad, true)
		if dry.Status != store.JobDone || dry.Imported != 2 || dry.ErrorCount != 1 {
			t.Fatalf("dry run: %s imported %d errors %d", dry.Status, dry.Imported, dry.ErrorCount)
		}
		st := e.importFile(t, auth.SystemActor(), e.Region.ID, bad, false)
		if st.Status != store.JobFailed || st.Imported != 0 || st.Updated != 0 || st.Unchanged != 0 ||
			st.ErrorCount != 1 || len(st.Errors) != 1 || st.Error == "" {
			t.Fatalf("failed run: %+v", st)
		}
		if n := countRows(t, db, `SELECT COUNT(*) FROM members`); n != 0 {
			t.Fatalf("a failed run wrote %d members", n)
		}
	})
}
