package meeting_test

import (
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/meeting"
	"dangjian/internal/points"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestAttendanceAndLecturesAwardPointsOnce(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		year := domain.Today(e.start).Time().Year()
		for _, code := range []string{meeting.IndicatorCode(domain.MeetingLecture), meeting.LecturerIndicator} {
			_, err := e.f.Set.Points.CreateIndicator(e.ctx, auth.SystemActor(), points.IndicatorInput{OrgID: e.f.Region.ID,
				Year: year, Code: code, Name: code, Category: domain.CategoryActivity, Subject: domain.SubjectMember,
				Points: domain.Whole(2), Unit: domain.UnitCount})
			if err != nil {
				t.Fatal(err)
			}
		}
		lecturer, _ := e.member(e.f.BranchA.ID, "讲师", false)
		m1, u1 := e.member(e.f.BranchA.ID, "听众一", false)
		m2, _ := e.member(e.f.BranchA.ID, "听众二", false)
		m := e.plan(domain.MeetingLecture, func(in *meeting.Input) { in.LecturerID = lecturer.ID })
		e.now = e.start
		for range 3 {
			if _, _, err := e.s.CheckIn(e.ctx, u1, m.ID, m.CheckinCode); err != nil {
				t.Fatal(err)
			}
		}
		e.now = e.start.Add(time.Hour)
		for range 2 { // marking present after a check-in, and twice, posts nothing more
			if _, err := e.s.RecordAttendance(e.ctx, e.secA, m.ID, meeting.RecordInput{MemberIDs: []int64{m1.ID, m2.ID}, Status: domain.AttendPresent}); err != nil {
				t.Fatal(err)
			}
		}
		entries := func(memberID int64) int {
			return e.count(`SELECT COUNT(*) FROM point_entries WHERE subject_type = 'member' AND subject_id = $1 AND source_ref = $2`,
				memberID, "meeting:"+itoa(m.ID))
		}
		if entries(m1.ID) != 1 || entries(m2.ID) != 1 {
			t.Fatalf("entries: %d, %d; want 1 each", entries(m1.ID), entries(m2.ID))
		}
		if _, err := e.s.SaveMinutes(e.ctx, e.secA, m.ID, meeting.MinutesInput{Content: "党课"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Submit(e.ctx, e.secA, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Approve(e.ctx, e.upper, m.ID); err != nil {
			t.Fatal(err)
		}
		if entries(lecturer.ID) != 1 {
			t.Fatalf("lecturer entries %d", entries(lecturer.ID))
		}

		// A kind without an indicator records attendance only.
		e.now = e.start.Add(-time.Hour)
		talk := e.plan(domain.MeetingPartyDay)
		e.now = e.start
		if _, _, err := e.s.CheckIn(e.ctx, u1, talk.ID, talk.CheckinCode); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`SELECT COUNT(*) FROM point_entries WHERE source_ref = $1`, "meeting:"+itoa(talk.ID)); n != 0 {
			t.Fatalf("points without an indicator: %d", n)
		}
	})
}
