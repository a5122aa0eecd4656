package compliance_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/compliance"
	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

type heldFixture struct {
	root, a, b, group *domain.Org
}

// meetingAt stores a meeting of org starting at the Shanghai wall time given, with minutes in
// the given status ("" for none).
func meetingAt(t *testing.T, q *store.Q, o *domain.Org, kind, status, minutes string, y int, mo time.Month, d, h, mi int) {
	t.Helper()
	ctx := context.Background()
	start := time.Date(y, mo, d, h, mi, 0, 0, domain.Shanghai)
	m := &domain.Meeting{OrgID: o.ID, OrgPath: o.Path, Kind: kind, Title: kind, StartsAt: start, EndsAt: start.Add(time.Hour),
		Status: status, CheckinCode: "123456", QRKey: "k"}
	if err := q.InsertMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	if minutes != "" {
		if err := q.SaveMinutes(ctx, &domain.Minutes{MeetingID: m.ID, Content: "c", Status: minutes}); err != nil {
			t.Fatal(err)
		}
	}
}

func seedHeld(t *testing.T, db *store.DB) heldFixture {
	var f heldFixture
	err := db.WriteTx(context.Background(), func(q *store.Q) error {
		f.root = newOrg(t, q, nil, "root", domain.OrgCommittee)
		f.a = newOrg(t, q, f.root, "A", domain.OrgBranch)
		f.b = newOrg(t, q, f.root, "B", domain.OrgBranch)
		f.group = newOrg(t, q, f.a, "A group", domain.OrgGroup)
		// 23:30 on 31 March in Beijing is still Q1 although it is 15:30 UTC.
		meetingAt(t, q, f.a, domain.MeetingBranchGeneral, domain.MeetingPlanned, domain.MinutesApproved, 2025, 3, 31, 23, 30)
		// Minutes submitted but not approved do not count.
		meetingAt(t, q, f.a, domain.MeetingBranchGeneral, domain.MeetingPlanned, domain.MinutesSubmitted, 2025, 6, 10, 9, 0)
		// A cancelled meeting never counts, whatever its minutes.
		meetingAt(t, q, f.a, domain.MeetingPartyDay, domain.MeetingCancelled, domain.MinutesApproved, 2025, 1, 5, 9, 0)
		// 00:30 on 1 January 2026 in Beijing belongs to 2026, not to December 2025.
		meetingAt(t, q, f.a, domain.MeetingPartyDay, domain.MeetingPlanned, domain.MinutesApproved, 2026, 1, 1, 0, 30)
		// The group's own meeting counts for its branch and that group.
		meetingAt(t, q, f.group, domain.MeetingGroup, domain.MeetingPlanned, domain.MinutesApproved, 2025, 2, 3, 19, 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func item(items []domain.ComplianceItem, kind, period string) domain.ComplianceItem {
	for _, it := range items {
		if it.Kind == kind && it.Period == period {
			return it
		}
	}
	return domain.ComplianceItem{Status: "absent"}
}

func TestForOrgWithHeldMeetings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedHeld(t, db)
		svc := &compliance.Service{DB: db}
		items, err := svc.ForOrg(ctx, auth.SystemActor(), f.a.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		checks := []struct {
			kind, period, status string
			held                 int
		}{
			{"branch_general", "2025-Q1", domain.ComplianceOK, 1},
			{"branch_general", "2025-Q2", domain.ComplianceMissing, 0},
			{"party_day", "2025-01", domain.ComplianceMissing, 0},
			{"party_day", "2025-12", domain.ComplianceMissing, 0},
			{"group", "2025-02", domain.ComplianceOK, 1},
			{"group", "2025-03", domain.ComplianceMissing, 0},
		}
		for _, c := range checks {
			it := item(items, c.kind, c.period)
			if it.Status != c.status || it.Held != c.held {
				t.Errorf("%s %s: %+v, want %s held %d", c.kind, c.period, it, c.status, c.held)
			}
		}
		if it := item(items, "group", "2025-02"); it.GroupID != f.group.ID {
			t.Errorf("group item for group %d, want %d", it.GroupID, f.group.ID)
		}
		// No committee (no positions): no committee meetings required.
		if it := item(items, "branch_committee", "2025-01"); it.Status != "absent" {
			t.Errorf("branch committee required without a committee: %+v", it)
		}
		items26, err := svc.ForOrg(ctx, auth.SystemActor(), f.a.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if it := item(items26, "party_day", "2026-01"); it.Held != 1 || it.Status != domain.ComplianceOK {
			t.Errorf("party day of 1 January 2026 (Beijing): %+v", it)
		}

		// A secretary of A sees A but not B (404).
		sec := &auth.Actor{User: &domain.User{ID: 99, Username: "sec", Grants: []domain.Grant{{Role: domain.RoleSecretary, OrgID: f.a.ID, OrgPath: f.a.Path}}}}
		if _, err := svc.ForOrg(ctx, sec, f.a.ID, 2025); err != nil {
			t.Errorf("secretary on own branch: %v", err)
		}
		var de *domain.Error
		if _, err := svc.ForOrg(ctx, sec, f.b.ID, 2025); !errors.As(err, &de) || de.Code != domain.ENotFound {
			t.Errorf("secretary of A on B: %v, want not found", err)
		}
		if _, err := svc.RollUp(ctx, sec, f.root.ID, 2025); !errors.As(err, &de) || de.Code != domain.ENotFound {
			t.Errorf("secretary of A on the root roll-up: %v, want not found", err)
		}
		if _, err := svc.ForOrg(ctx, auth.SystemActor(), f.a.ID, 1800); !errors.As(err, &de) || de.Code != domain.EInvalid {
			t.Errorf("year 1800: %v", err)
		}
	})
}

func TestRollUpWithHeldMeetings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seedHeld(t, db)
		svc := &compliance.Service{DB: db}
		r, err := svc.RollUp(ctx, auth.SystemActor(), f.root.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range r.Orgs {
			names = append(names, o.OrgName)
		}
		if !slices.Equal(names, []string{"A", "B"}) {
			t.Fatalf("orgs in the roll-up: %v", names)
		}
		found := false
		for _, tl := range r.Tallies {
			if tl.Kind == "branch_general" && tl.Period == "2025-Q1" {
				found = true
				if tl.OK != 1 || tl.Missing != 1 || !slices.Equal(tl.MissingBy, []int64{f.b.ID}) {
					t.Errorf("branch general Q1 tally: %+v", tl)
				}
			}
			if tl.Kind == "branch_general" && tl.Period == "2025-Q2" && (tl.Missing != 2 || tl.OK != 0) {
				t.Errorf("branch general Q2 tally (submitted minutes do not count): %+v", tl)
			}
		}
		if !found {
			t.Error("no branch general Q1 tally")
		}
		// The roll-up of one branch is that branch alone.
		r, err = svc.RollUp(ctx, auth.SystemActor(), f.b.ID, 2025)
		if err != nil || len(r.Orgs) != 1 || r.Orgs[0].OrgID != f.b.ID {
			t.Fatalf("roll-up of B: %+v, %v", r, err)
		}
	})
}
