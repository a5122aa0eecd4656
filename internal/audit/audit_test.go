package audit_test

import (
	"context"
	"errors"
	"testing"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Record writes in the caller's transaction: when the write fails, its entry vanishes too.
func TestRecordIsTransactional(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db)
		before := testutil.AuditCount(t, db, "")
		a := &auth.Actor{User: &domain.User{ID: 0, Username: "tester"}, IP: "203.0.113.9"}
		boom := errors.New("boom")
		err := db.WriteTx(ctx, func(q *store.Q) error {
			if err := audit.Record(ctx, q, a, "test.write", "org", f.BranchA.ID, f.BranchA.Path, nil, map[string]any{"x": 1}); err != nil {
				return err
			}
			return boom
		})
		if err != boom || testutil.AuditCount(t, db, "") != before {
			t.Fatalf("rolled-back write left an audit entry (%v)", err)
		}
		err = db.WriteTx(ctx, func(q *store.Q) error {
			return audit.Record(ctx, q, a, "test.write", "org", f.BranchA.ID, "", map[string]any{"x": 1}, map[string]any{"x": 2})
		})
		e := testutil.LastAudit(t, db)
		if err != nil || e.Action != "test.write" || e.Before != `{"x":1}` || e.After != `{"x":2}` || e.IP != "203.0.113.9" ||
			e.Username != "tester" || e.OrgPath != "/" || e.At.IsZero() {
			t.Fatalf("entry %+v %v", e, err)
		}
	})
}

func TestListScope(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := testutil.NewFixture(t, db) // 7 org.create entries, each at its org's path
		svc := f.Set.Audit
		auditorA := f.User(t, "auditorA", 0, testutil.Grant(domain.RoleAuditor, f.CommitteeA.ID))
		adminB := f.User(t, "adminB", 0, testutil.Grant(domain.RoleOrgAdmin, f.CommitteeB.ID))
		sec := f.User(t, "sec", 0, testutil.Grant(domain.RoleSecretary, f.Region.ID))

		got, err := svc.List(ctx, auditorA, audit.Filter{})
		if err != nil || len(got) != 4 { // CommitteeA, BranchA, GroupA, BranchA2
			t.Fatalf("auditor of A sees %d entries %v", len(got), err)
		}
		for _, e := range got {
			if !domain.InSubtree(e.OrgPath, f.CommitteeA.Path) {
				t.Fatalf("entry outside the scope: %+v", e)
			}
		}
		if got[0].ID < got[len(got)-1].ID {
			t.Fatal("not newest first")
		}
		got, _ = svc.List(ctx, adminB, audit.Filter{EntityID: f.BranchB.ID, EntityType: "org"})
		if len(got) != 1 || got[0].EntityID != f.BranchB.ID {
			t.Fatalf("filter by entity: %+v", got)
		}
		got, _ = svc.List(ctx, adminB, audit.Filter{EntityID: f.BranchA.ID})
		if len(got) != 0 {
			t.Fatal("org admin of B sees A's entries")
		}
		page, _ := svc.List(ctx, auth.SystemActor(), audit.Filter{Limit: 3})
		next, _ := svc.List(ctx, auth.SystemActor(), audit.Filter{Limit: 10, BeforeID: page[2].ID, Action: "org."})
		if len(page) != 3 || len(next) != 4 || next[0].ID >= page[2].ID {
			t.Fatalf("paging: %d then %d", len(page), len(next))
		}
		_, err = svc.List(ctx, sec, audit.Filter{})
		testutil.WantCode(t, err, domain.EForbidden)
	})
}
