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

func TestPlanMaterialisesExpectedAttendees(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a1, _ := e.member(e.f.BranchA.ID, "张一", false)
		a2, _ := e.member(e.f.BranchA.ID, "张二", true)
		gone, _ := e.member(e.f.BranchA.ID, "张走", false)
		other, _ := e.member(e.f.BranchA2.ID, "李外", false)
		if _, err := db.SQL().Exec(`UPDATE members SET left_on = '2020-01-01', left_reason = 'other' WHERE id = $1`, gone.ID); err != nil {
			t.Fatal(err)
		}
		m := e.plan(domain.MeetingBranchGeneral)
		if len(m.CheckinCode) != 6 {
			t.Fatalf("check-in code %q", m.CheckinCode)
		}
		s := e.summary(m.ID)
		if s.Expected != 2 || s.Items[0].MemberID != a1.ID || s.Items[1].MemberID != a2.ID {
			t.Fatalf("expected %+v", s.Items)
		}
		if s.Items[1].Category != domain.CategoryProbationary {
			t.Fatalf("category snapshot %+v", s.Items[1])
		}
		// A later roster change does not rewrite the list.
		e.member(e.f.BranchA.ID, "张新", false)
		if s := e.summary(m.ID); s.Expected != 2 {
			t.Fatalf("roster change rewrote history: %d", s.Expected)
		}
		// An explicit list; a member outside the org is refused.
		m2 := e.plan(domain.MeetingTalk, func(in *meeting.Input) { in.MemberIDs = []int64{a1.ID} })
		if s := e.summary(m2.ID); s.Expected != 1 {
			t.Fatalf("explicit list %d", s.Expected)
		}
		_, err := e.s.Create(e.ctx, e.secA, meeting.Input{OrgID: e.f.BranchA.ID, Kind: domain.MeetingTalk, Title: "谈话",
			StartsAt: e.start, EndsAt: e.start.Add(time.Hour), MemberIDs: []int64{a1.ID, other.ID}})
		testutil.WantField(t, err, domain.EInvalid, "member_ids", "err.meeting.member_ids")
		// A party group: its members only.
		in := e.f.MemberInput(e.f.BranchA.ID, "组员", "19900101")
		in.GroupID = &e.f.GroupA.ID
		g, err := e.f.Set.Members.Create(e.ctx, auth.SystemActor(), in)
		if err != nil {
			t.Fatal(err)
		}
		m3 := e.plan(domain.MeetingGroup, func(in *meeting.Input) { in.GroupID = e.f.GroupA.ID })
		if s := e.summary(m3.ID); s.Expected != 1 || s.Items[0].MemberID != g.ID {
			t.Fatalf("group list %+v", s.Items)
		}
		// Lectures need a lecturer; another branch's secretary may not plan here.
		_, err = e.s.Create(e.ctx, e.secA, meeting.Input{OrgID: e.f.BranchA.ID, Kind: domain.MeetingLecture, Title: "党课",
			StartsAt: e.start, EndsAt: e.start.Add(time.Hour)})
		testutil.WantField(t, err, domain.EInvalid, "lecturer_id", "err.required")
		_, err = e.s.Create(e.ctx, e.secA2, meeting.Input{OrgID: e.f.BranchA.ID, Kind: domain.MeetingPartyDay, Title: "x",
			StartsAt: e.start, EndsAt: e.start.Add(time.Hour)})
		testutil.WantCode(t, err, domain.EForbidden)
	})
}

func TestLeaveUntilTheStartAndCancelReschedule(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		_, u1 := e.member(e.f.BranchA.ID, "张一", false)
		_, u2 := e.member(e.f.BranchA.ID, "张二", false)
		_, outsider := e.member(e.f.BranchA2.ID, "李外", false)
		m := e.plan(domain.MeetingPartyDay)
		att, err := e.s.RequestLeave(e.ctx, u1, m.ID, "出差")
		if err != nil || att.Status != domain.AttendLeave || att.LeaveReason != "出差" {
			t.Fatalf("leave: %+v %v", att, err)
		}
		_, err = e.s.RequestLeave(e.ctx, u2, m.ID, " ")
		testutil.WantField(t, err, domain.EInvalid, "reason", "err.required")
		_, err = e.s.RequestLeave(e.ctx, outsider, m.ID, "出差")
		testutil.WantCode(t, err, domain.EForbidden)
		e.now = e.start
		_, err = e.s.RequestLeave(e.ctx, u2, m.ID, "生病")
		testutil.WantCode(t, err, domain.EConflict)
		if s := e.summary(m.ID); s.OnLeave != 1 {
			t.Fatalf("on leave %d", s.OnLeave)
		}

		m2 := e.plan(domain.MeetingPartyDay)
		e.now = e.start.Add(-2 * time.Hour)
		loc := "会议室二"
		r, err := e.s.Reschedule(e.ctx, e.secA, m2.ID, e.start.Add(time.Hour), e.start.Add(3*time.Hour), &loc, nil)
		if err != nil || !r.StartsAt.Equal(e.start.Add(time.Hour)) || r.Location != loc {
			t.Fatalf("reschedule %+v %v", r, err)
		}
		_, err = e.s.Reschedule(e.ctx, e.secA, m2.ID, e.start, e.start.Add(-time.Hour), nil, nil)
		testutil.WantField(t, err, domain.EInvalid, "ends_at", "err.meeting.ends_before_start")
		_, err = e.s.Cancel(e.ctx, e.secA2, m2.ID, "x")
		testutil.WantCode(t, err, domain.EForbidden)
		if _, err := e.s.Cancel(e.ctx, e.secA, m2.ID, "改期"); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.Cancel(e.ctx, e.secA, m2.ID, "again")
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.RequestLeave(e.ctx, u2, m2.ID, "x")
		testutil.WantCode(t, err, domain.EConflict)
		if testutil.AuditCount(t, db, "meeting.reschedule") != 1 || testutil.AuditCount(t, db, "meeting.cancel") != 1 {
			t.Fatal("reschedule and cancel are audited")
		}
	})
}
