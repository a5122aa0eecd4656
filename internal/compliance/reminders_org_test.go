package compliance_test

import (
	"testing"

	"dangjian/internal/domain"
	"dangjian/internal/meeting"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// The branch's reminders (its meetings and compliance pages, GET /orgs/{id}/reminders): the
// stored rows of the branch and below, each checked against what was held since the job ran;
// the next run of the job removes the rows met since. Readers only.
func TestOrgReminders(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		b := newBoundaries(t, db)
		svc := b.f.Set.Compliance
		A := b.f.BranchA
		today := domain.NewDate(2026, 3, 27)
		b.at(sh(2026, 3, 27, 9, 0))
		if _, err := svc.Remind(b.ctx, today); err != nil {
			t.Fatal(err)
		}
		find := func(list []store.Reminder, org int64, kind string, group int64) *store.Reminder {
			for i := range list {
				if list[i].OrgID == org && list[i].Kind == kind && list[i].GroupID == group {
					return &list[i]
				}
			}
			return nil
		}
		list, err := svc.OrgReminders(b.ctx, b.sec, A.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			if r.OrgID != A.ID {
				t.Errorf("a reminder of another organisation: %+v", r)
			}
		}
		g := find(list, A.ID, domain.MeetingGroup, b.groupB.ID)
		if g == nil || g.GroupName != "第二党小组" || g.Period != "2026-03" || g.EndsOn != domain.NewDate(2026, 3, 31) {
			t.Fatalf("group B's March reminder: %+v in %+v", g, list)
		}
		if find(list, A.ID, domain.MeetingBranchGeneral, 0) == nil || find(list, A.ID, domain.MeetingBranchCommittee, 0) == nil {
			t.Errorf("quarter and committee reminders missing: %+v", list)
		}
		// The committee reads its branches' reminders, the late branch owes nothing yet.
		all, err := svc.OrgReminders(b.ctx, b.upper, b.f.CommitteeA.ID)
		if err != nil || find(all, b.f.BranchA2.ID, domain.MeetingPartyDay, 0) == nil || find(all, b.late.ID, domain.MeetingPartyDay, 0) != nil {
			t.Errorf("committee's reminders: %+v %v", all, err)
		}

		// Group B holds March's meeting (approved); the quarter's general meeting is planned
		// with minutes submitted only. The group's reminder goes at once; the other stays.
		b.hold(A, domain.MeetingGroup, sh(2026, 3, 26, 19, 0), domain.MinutesApproved, func(in *meeting.Input) { in.GroupID = b.groupB.ID })
		b.hold(A, domain.MeetingBranchGeneral, sh(2026, 3, 26, 9, 0), domain.MinutesSubmitted)
		list, err = svc.OrgReminders(b.ctx, b.sec, A.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := find(list, A.ID, domain.MeetingGroup, b.groupB.ID); r != nil {
			t.Errorf("group B's reminder after its meeting: %+v", r)
		}
		if find(list, A.ID, domain.MeetingGroup, b.f.GroupA.ID) == nil || find(list, A.ID, domain.MeetingBranchGeneral, 0) == nil {
			t.Errorf("open reminders lost: %+v", list)
		}
		// The home page reads the stored rows: the group's is there until the job runs again.
		home, err := svc.Reminders(b.ctx, b.sec, today)
		if err != nil || find(home, A.ID, domain.MeetingGroup, b.groupB.ID) == nil {
			t.Fatalf("home before the next run: %+v %v", home, err)
		}
		if _, err := svc.Remind(b.ctx, domain.NewDate(2026, 3, 28)); err != nil {
			t.Fatal(err)
		}
		home, err = svc.Reminders(b.ctx, b.sec, domain.NewDate(2026, 3, 28))
		if err != nil || find(home, A.ID, domain.MeetingGroup, b.groupB.ID) != nil || find(home, A.ID, domain.MeetingGroup, b.f.GroupA.ID) == nil {
			t.Errorf("home after the next run: %+v %v", home, err)
		}

		// Outside the caller's scope: not found. After the periods ended: none.
		secB := b.f.User(t, "sec_b", 0, testutil.Grant(domain.RoleSecretary, b.f.BranchB.ID))
		_, err = svc.OrgReminders(b.ctx, secB, A.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = svc.OrgReminders(b.ctx, b.sec, 999999)
		testutil.WantCode(t, err, domain.ENotFound)
		b.at(sh(2026, 4, 1, 0, 10))
		if list, err := svc.OrgReminders(b.ctx, b.sec, A.ID); err != nil || len(list) != 0 {
			t.Errorf("in April: %+v %v", list, err)
		}
	})
}
