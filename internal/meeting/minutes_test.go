package meeting_test

import (
	"bytes"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/meeting"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestMinutesSubmitReturnApprove(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		rec, u := e.member(e.f.BranchA.ID, "记录人", false)
		m := e.plan(domain.MeetingBranchGeneral)
		e.now = e.start
		if _, _, err := e.s.CheckIn(e.ctx, u, m.ID, m.CheckinCode); err != nil {
			t.Fatal(err)
		}
		e.now = e.start.Add(3 * time.Hour)

		_, err := e.s.SaveMinutes(e.ctx, e.secA2, m.ID, meeting.MinutesInput{Content: "x"})
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.SaveMinutes(e.ctx, e.secA, m.ID, meeting.MinutesInput{Content: " "})
		testutil.WantField(t, err, domain.EInvalid, "content", "err.required")
		mn, err := e.s.SaveMinutes(e.ctx, e.secA, m.ID, meeting.MinutesInput{RecorderID: rec.ID, Content: "学习传达", Decisions: "一、……"})
		if err != nil || mn.Status != domain.MinutesDraft || mn.RecorderName != "记录人" {
			t.Fatalf("save: %+v %v", mn, err)
		}
		_, err = e.s.AddAttachment(e.ctx, e.secA, m.ID, "big.jpg", "image/jpeg", make([]byte, domain.MaxMeetingAttachmentSize+1))
		testutil.WantField(t, err, domain.EInvalid, "file", "err.meeting.file_size")
		photo := []byte("\xff\xd8\xff photo")
		f, err := e.s.AddAttachment(e.ctx, e.secA, m.ID, "会场.jpg", "image/jpeg", photo)
		if err != nil {
			t.Fatal(err)
		}
		// Approving a draft is a conflict; only the upper organisation decides.
		_, err = e.s.Approve(e.ctx, e.upper, m.ID)
		testutil.WantCode(t, err, domain.EConflict)
		if _, err := e.s.Submit(e.ctx, e.secA, m.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.SaveMinutes(e.ctx, e.secA, m.ID, meeting.MinutesInput{Content: "改"})
		testutil.WantCode(t, err, domain.EConflict)
		_, err = e.s.Approve(e.ctx, e.secA, m.ID) // its own branch's secretary
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.Approve(e.ctx, e.secA2, m.ID) // another branch's secretary
		testutil.WantCode(t, err, domain.EForbidden)
		_, err = e.s.Return(e.ctx, e.upper, m.ID, "")
		testutil.WantField(t, err, domain.EInvalid, "reason", "err.required")
		mn, err = e.s.Return(e.ctx, e.upper, m.ID, "决议不完整")
		if err != nil || mn.Status != domain.MinutesReturned || mn.ReturnReason != "决议不完整" || mn.DecidedByName != "upper" {
			t.Fatalf("return: %+v %v", mn, err)
		}
		if _, err := e.s.SaveMinutes(e.ctx, e.secA, m.ID, meeting.MinutesInput{Content: "学习传达", Decisions: "完整决议"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Submit(e.ctx, e.secA, m.ID); err != nil {
			t.Fatal(err)
		}
		// An attendee (u, expected, no grants) does not read minutes before approval.
		_, err = e.s.GetMinutes(e.ctx, u, m.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		_, _, err = e.s.Attachment(e.ctx, u, m.ID, f.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		mn, err = e.s.Approve(e.ctx, e.upper, m.ID)
		if err != nil || mn.Status != domain.MinutesApproved {
			t.Fatalf("approve: %+v %v", mn, err)
		}
		_, err = e.s.Return(e.ctx, e.upper, m.ID, "late")
		testutil.WantCode(t, err, domain.EConflict)
		v, err := e.s.GetMinutes(e.ctx, e.upper, m.ID)
		if err != nil || v.Attendance.Present != 1 || len(v.Minutes.Attachments) != 1 {
			t.Fatalf("minutes view %+v %v", v, err)
		}
		_, content, err := e.s.Attachment(e.ctx, e.upper, m.ID, f.ID)
		if err != nil || !bytes.Equal(content, photo) {
			t.Fatalf("attachment %v", err)
		}
		// Once approved the attendee reads the minutes and their files, but not the roster:
		// the full attendance stays with the org's readers, their own line is MyAttendance.
		if v, err := e.s.GetMinutes(e.ctx, u, m.ID); err != nil || v.Attendance != nil || v.Minutes.Decisions != "完整决议" {
			t.Fatalf("attendee minutes view %+v %v", v, err)
		}
		if _, content, err := e.s.Attachment(e.ctx, u, m.ID, f.ID); err != nil || !bytes.Equal(content, photo) {
			t.Fatalf("attendee attachment %v", err)
		}
		_, err = e.s.Attendance(e.ctx, u, m.ID)
		testutil.WantCode(t, err, domain.ENotFound)
		if at, err := e.s.MyAttendance(e.ctx, u, m.ID); err != nil || at.Status != domain.AttendPresent {
			t.Fatalf("own line %+v %v", at, err)
		}
		for action, want := range map[string]int{"meeting.minutes.submit": 2, "meeting.minutes.return": 1, "meeting.minutes.approve": 1} {
			if n := testutil.AuditCount(t, db, action); n != want {
				t.Errorf("%s audits %d, want %d", action, n, want)
			}
		}
		_, err = e.s.Cancel(e.ctx, e.secA, m.ID, "x")
		testutil.WantCode(t, err, domain.EConflict)
	})
}
