package meeting_test

import (
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/meeting"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// A member reads their own line of a meeting and their meetings with their own status;
// someone not expected gets ENotFound and none of the meetings.
func TestMyAttendanceAndMeetings(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		_, u := e.member(e.f.BranchA.ID, "李四", false)
		_, outsider := e.member(e.f.BranchA2.ID, "王五", false)
		general := e.plan(domain.MeetingBranchGeneral)
		day := e.plan(domain.MeetingPartyDay, func(in *meeting.Input) { in.StartsAt, in.EndsAt = e.start.Add(time.Hour), e.start.Add(2*time.Hour) })

		at, err := e.s.MyAttendance(e.ctx, u, general.ID)
		if err != nil || at.Status != domain.AttendExpected || !at.CheckedInAt.IsZero() || at.Name != "李四" {
			t.Fatalf("before check-in: %+v %v", at, err)
		}
		_, err = e.s.MyAttendance(e.ctx, outsider, general.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, err = e.s.MyAttendance(e.ctx, e.secA, general.ID) // an officer without a member
		testutil.WantCode(t, err, domain.ENotFound)

		if _, err := e.s.RequestLeave(e.ctx, u, day.ID, "出差"); err != nil {
			t.Fatal(err)
		}
		e.now = e.start
		if _, _, err := e.s.CheckIn(e.ctx, u, general.ID, general.CheckinCode); err != nil {
			t.Fatal(err)
		}
		at, err = e.s.MyAttendance(e.ctx, u, general.ID)
		if err != nil || at.Status != domain.AttendPresent || at.CheckedInAt.IsZero() {
			t.Fatalf("after check-in: %+v %v", at, err)
		}

		mine, err := e.s.MyMeetings(e.ctx, u, 0)
		if err != nil || len(mine) != 2 {
			t.Fatalf("my meetings: %+v %v", mine, err)
		}
		got := map[int64]string{}
		for _, m := range mine {
			got[m.ID] = m.Attendance.Status
			if m.CheckinCode != "" || m.QRKey != "" {
				t.Errorf("my meetings leak the check-in code of %d", m.ID)
			}
		}
		if got[general.ID] != domain.AttendPresent || got[day.ID] != domain.AttendLeave {
			t.Fatalf("my statuses %v", got)
		}
		if list, err := e.s.MyMeetings(e.ctx, outsider, 0); err != nil || len(list) != 0 {
			t.Fatalf("outsider's meetings: %+v %v", list, err)
		}
	})
}
