package meeting_test

import (
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/meeting"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// A party-group meeting belongs to one group: planned at the branch it must name one of the
// branch's own groups (stored with the meeting, its members expected); planned at the group
// org it is that group's. Other kinds may name a group for their attendees.
func TestPlanGroupMeetings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		in := e.f.MemberInput(e.f.BranchA.ID, "组员", "19900101")
		in.GroupID = &e.f.GroupA.ID
		g, err := e.f.Set.Members.Create(e.ctx, auth.SystemActor(), in)
		if err != nil {
			t.Fatal(err)
		}
		e.member(e.f.BranchA.ID, "非组员", false)
		otherGroup := e.f.Org(t, e.f.BranchA2.ID, "二支部小组", domain.OrgGroup)

		_, err = e.s.Create(e.ctx, e.secA, meeting.Input{OrgID: e.f.BranchA.ID, Kind: domain.MeetingGroup, Title: "小组会",
			StartsAt: e.start, EndsAt: e.start.Add(time.Hour)})
		testutil.WantField(t, err, domain.EInvalid, "group_id", "err.meeting.group_required")
		// Another branch's group, a branch instead of a group: refused.
		for _, id := range []int64{otherGroup.ID, e.f.BranchA2.ID, 999999} {
			_, err = e.s.Create(e.ctx, e.secA, meeting.Input{OrgID: e.f.BranchA.ID, Kind: domain.MeetingGroup, Title: "小组会", StartsAt: e.start,
				EndsAt: e.start.Add(time.Hour), GroupID: id})
			testutil.WantField(t, err, domain.EInvalid, "group_id", "err.meeting.group")
		}

		m := e.plan(domain.MeetingGroup, func(in *meeting.Input) { in.GroupID = e.f.GroupA.ID })
		if m.GroupID != e.f.GroupA.ID || m.GroupName != "第一党小组" {
			t.Fatalf("planned: group %d %q", m.GroupID, m.GroupName)
		}
		if s := e.summary(m.ID); s.Expected != 1 || s.Items[0].MemberID != g.ID {
			t.Fatalf("expected %+v", s.Items)
		}
		back, err := e.s.Get(e.ctx, e.secA, m.ID)
		if err != nil || back.GroupID != e.f.GroupA.ID || back.GroupName != "第一党小组" {
			t.Fatalf("read back: %+v %v", back, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.create' AND after_data LIKE $1`, `%"group_id":`+itoa(e.f.GroupA.ID)+`%`); n != 1 {
			t.Errorf("audited with the group: %d", n)
		}

		// At the group org itself: the group is implied, whatever the kind.
		at, err := e.s.Create(e.ctx, e.secA, meeting.Input{OrgID: e.f.GroupA.ID, Kind: domain.MeetingGroup, Title: "组内",
			StartsAt: e.start, EndsAt: e.start.Add(time.Hour)})
		if err != nil || at.GroupID != e.f.GroupA.ID {
			t.Fatalf("at the group: %+v %v", at, err)
		}
		// A themed party day without a group: none stored, every member expected.
		day := e.plan(domain.MeetingPartyDay)
		if day.GroupID != 0 {
			t.Errorf("party day with group %d", day.GroupID)
		}
		if s := e.summary(day.ID); s.Expected != 2 {
			t.Errorf("party day expects %d", s.Expected)
		}
		list, err := e.s.List(e.ctx, e.secA, meeting.ListFilter{OrgID: e.f.BranchA.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range list {
			if x.ID == m.ID && x.GroupName != "第一党小组" {
				t.Errorf("listed without its group: %+v", x)
			}
		}
		// The group's own list: the meetings held at the group and those planned for it.
		list, err = e.s.List(e.ctx, e.secA, meeting.ListFilter{OrgID: e.f.GroupA.ID})
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]bool{}
		for _, x := range list {
			got[x.ID] = true
		}
		if len(list) != 2 || !got[m.ID] || !got[at.ID] {
			t.Errorf("group A's meetings: %+v", list)
		}
	})
}

// 我的会议 starts with what is still to come: not ended, not cancelled, soonest first; a
// meeting under way is still there, one that ended or was cancelled is not.
func TestMyUpcomingMeetings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		_, u := e.member(e.f.BranchA.ID, "李四", false)
		_, outsider := e.member(e.f.BranchA2.ID, "王五", false)
		later := e.plan(domain.MeetingPartyDay, func(in *meeting.Input) { in.StartsAt, in.EndsAt = e.start.Add(48*time.Hour), e.start.Add(49*time.Hour) })
		soon := e.plan(domain.MeetingBranchGeneral)
		gone := e.plan(domain.MeetingTalk)
		if _, err := e.s.Cancel(e.ctx, e.secA, gone.ID, "改期"); err != nil {
			t.Fatal(err)
		}
		ids := func(list []meeting.MyMeeting) []int64 {
			var out []int64
			for _, m := range list {
				out = append(out, m.ID)
			}
			return out
		}
		up, err := e.s.MyUpcoming(e.ctx, u, 0)
		if err != nil || len(up) != 2 || up[0].ID != soon.ID || up[1].ID != later.ID || up[0].Attendance.Status != domain.AttendExpected {
			t.Fatalf("upcoming: %v %v", ids(up), err)
		}
		// Under way (started, not ended): still listed. Ended: gone.
		e.now = e.start.Add(30 * time.Minute)
		if up, _ := e.s.MyUpcoming(e.ctx, u, 0); len(up) != 2 || up[0].ID != soon.ID {
			t.Errorf("during the meeting: %v", ids(up))
		}
		e.now = e.start.Add(3 * time.Hour)
		if up, _ := e.s.MyUpcoming(e.ctx, u, 0); len(up) != 1 || up[0].ID != later.ID {
			t.Errorf("after the meeting: %v", ids(up))
		}
		if up, err := e.s.MyUpcoming(e.ctx, outsider, 0); err != nil || len(up) != 0 {
			t.Errorf("outsider: %v %v", ids(up), err)
		}
	})
}
