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

func quorum(t *testing.T, s *domain.AttendanceSummary) bool {
	t.Helper()
	if s.QuorumMet == nil {
		t.Fatal("quorum is nil")
	}
	return *s.QuorumMet
}

func TestBranchGeneralQuorumCountsFullMembersOnly(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var full, prob []*auth.Actor
		for _, name := range []string{"正一", "正二", "正三"} {
			_, u := e.member(e.f.BranchA.ID, name, false)
			full = append(full, u)
		}
		for _, name := range []string{"预一", "预二", "预三"} {
			_, u := e.member(e.f.BranchA.ID, name, true)
			prob = append(prob, u)
		}
		m := e.plan(domain.MeetingBranchGeneral)
		e.now = e.start
		// 1 of 3 voting members and every probationary one: 4 of 6 present, no quorum.
		for _, u := range append([]*auth.Actor{full[0]}, prob...) {
			if _, _, err := e.s.CheckIn(e.ctx, u, m.ID, m.CheckinCode); err != nil {
				t.Fatal(err)
			}
		}
		if s := e.summary(m.ID); s.Present != 4 || quorum(t, s) {
			t.Fatalf("probationary members counted: %+v", s)
		}
		// 2 of 3 voting members: > half.
		if _, _, err := e.s.CheckIn(e.ctx, full[1], m.ID, m.CheckinCode); err != nil {
			t.Fatal(err)
		}
		if s := e.summary(m.ID); !quorum(t, s) {
			t.Fatalf("2 of 3 voting members: %+v", s)
		}
		// After the window: the rest counts absent.
		e.now = e.start.Add(21 * time.Minute)
		if s := e.summary(m.ID); s.Absent != 1 || s.Present != 5 {
			t.Fatalf("after the window %+v", s)
		}
	})
}

func TestCommitteeQuorumAndRecordedAttendance(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sec, _ := e.member(e.f.BranchA.ID, "书记", false, "secretary")
		org, _ := e.member(e.f.BranchA.ID, "组织委员", false, "organization_member")
		prop, _ := e.member(e.f.BranchA.ID, "宣传委员", false, "propaganda_member")
		plain, _ := e.member(e.f.BranchA.ID, "普通党员", false)
		_ = prop
		m := e.plan(domain.MeetingBranchCommittee)
		e.now = e.start.Add(3 * time.Hour) // afterwards: 补录
		s, err := e.s.RecordAttendance(e.ctx, e.secA, m.ID, meeting.RecordInput{MemberIDs: []int64{sec.ID, plain.ID}, Status: domain.AttendPresent})
		if err != nil {
			t.Fatal(err)
		}
		if quorum(t, s) { // 1 of 3 committee members; the plain member does not count
			t.Fatalf("committee quorum with 1 of 3: %+v", s)
		}
		s, err = e.s.RecordAttendance(e.ctx, e.secA, m.ID, meeting.RecordInput{MemberIDs: []int64{org.ID}, Status: domain.AttendPresent, Note: "补录"})
		if err != nil || !quorum(t, s) || s.Present != 3 || s.Absent != 1 {
			t.Fatalf("2 of 3: %+v %v", s, err)
		}
		// Correction: present → leave, audited each time.
		s, err = e.s.RecordAttendance(e.ctx, e.secA, m.ID, meeting.RecordInput{MemberIDs: []int64{org.ID}, Status: domain.AttendLeave, Note: "更正"})
		if err != nil || quorum(t, s) || s.OnLeave != 1 {
			t.Fatalf("after correction %+v %v", s, err)
		}
		if n := testutil.AuditCount(t, db, "meeting.attendance"); n != 4 {
			t.Fatalf("attendance audits %d, want 4", n)
		}
		_, err = e.s.RecordAttendance(e.ctx, e.secA, m.ID, meeting.RecordInput{MemberIDs: []int64{sec.ID}, Status: "late"})
		testutil.WantField(t, err, domain.EInvalid, "status", "err.meeting.status")
		other, _ := e.member(e.f.BranchA2.ID, "李外", false)
		_, err = e.s.RecordAttendance(e.ctx, e.secA, m.ID, meeting.RecordInput{MemberIDs: []int64{other.ID}, Status: domain.AttendPresent})
		testutil.WantField(t, err, domain.EInvalid, "member_ids", "err.meeting.not_expected")
		_, err = e.s.RecordAttendance(e.ctx, e.secA2, m.ID, meeting.RecordInput{MemberIDs: []int64{sec.ID}, Status: domain.AttendAbsent})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.Attendance(e.ctx, e.secA2, m.ID)
		testutil.WantCode(t, err, domain.ENotFound)
	})
}
