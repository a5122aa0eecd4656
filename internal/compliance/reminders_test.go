package compliance_test

import (
	"context"
	"testing"

	"dangjian/internal/auth"
	"dangjian/internal/compliance"
	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// Five days before Q1 2025 ends, both branches owe the quarter's branch general meeting (A's is
// planned for 31 March, not held yet) and March's party day; a second run adds nothing, and a
// secretary sees only the reminders of their branch.
func TestRemind(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedHeld(t, db)
		svc := &compliance.Service{DB: db}
		today := domain.NewDate(2025, 3, 26)
		n, err := svc.Remind(ctx, today)
		if err != nil {
			t.Fatal(err)
		}
		again, err := svc.Remind(ctx, today)
		if err != nil || again != n {
			t.Fatalf("second run: %d, %v (first %d)", again, err, n)
		}
		all, err := svc.Reminders(ctx, auth.SystemActor(), today)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != n {
			t.Errorf("%d reminders stored, %d recorded", len(all), n)
		}
		has := func(list []store.Reminder, org int64, kind, period string) bool {
			for _, r := range list {
				if r.OrgID == org && r.Kind == kind && r.Period == period {
					return true
				}
			}
			return false
		}
		for _, o := range []int64{f.a.ID, f.b.ID} {
			if !has(all, o, "branch_general", "2025-Q1") || !has(all, o, "party_day", "2025-03") {
				t.Errorf("org %d: missing reminders in %+v", o, all)
			}
		}
		if has(all, f.a.ID, "org_life", "2025") {
			t.Error("the year does not end within a week")
		}
		sec := &auth.Actor{User: &domain.User{ID: 99, Username: "sec", Grants: []domain.Grant{{Role: domain.RoleSecretary, OrgID: f.a.ID, OrgPath: f.a.Path}}}}
		mine, err := svc.Reminders(ctx, sec, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range mine {
			if r.OrgID != f.a.ID {
				t.Errorf("secretary of A sees %+v", r)
			}
		}
		if len(mine) == 0 {
			t.Error("secretary of A sees no reminder")
		}
		// After the quarter has ended, its reminders are gone from the page.
		later, err := svc.Reminders(ctx, auth.SystemActor(), domain.NewDate(2025, 4, 1))
		if err != nil || len(later) != 0 {
			t.Errorf("after the periods ended: %+v, %v", later, err)
		}
	})
}
