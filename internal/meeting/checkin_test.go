package meeting_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/meeting"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

func TestCheckInCodeTokenAndWindow(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var users []*auth.Actor
		for i := range 8 {
			_, u := e.member(e.f.BranchA.ID, fmt.Sprintf("成员%d", i), false)
			users = append(users, u)
		}
		_, outsider := e.member(e.f.BranchA2.ID, "李外", false)
		m := e.plan(domain.MeetingPartyDay)

		// Window: 20 minutes either side of the start, boundaries included.
		e.now = e.start.Add(-20*time.Minute - time.Second)
		_, _, err := e.s.CheckIn(e.ctx, users[0], m.ID, m.CheckinCode)
		testutil.WantCode(t, err, domain.ECheckinClosed)
		e.now = e.start.Add(-20 * time.Minute)
		c, created, err := e.s.CheckIn(e.ctx, users[0], m.ID, m.CheckinCode)
		if err != nil || !created || c.Method != "code" {
			t.Fatalf("at -20 min: %+v %v %v", c, created, err)
		}
		e.now = e.start.Add(20 * time.Minute)
		if _, _, err := e.s.CheckIn(e.ctx, users[1], m.ID, m.CheckinCode); err != nil {
			t.Fatalf("at +20 min: %v", err)
		}
		e.now = e.start.Add(20*time.Minute + time.Second)
		_, _, err = e.s.CheckIn(e.ctx, users[2], m.ID, m.CheckinCode)
		testutil.WantCode(t, err, domain.ECheckinClosed)
		// A repeat returns the same record, even after the window closed and with a bad code.
		again, created, err := e.s.CheckIn(e.ctx, users[0], m.ID, "000000x")
		if err != nil || created || again.ID != c.ID || !again.At.Equal(c.At) {
			t.Fatalf("repeat: %+v %v %v, first %+v", again, created, err, c)
		}

		// Rotating token: the current and the previous slot pass, older ones do not.
		e.now = e.start
		tok0, rotates, err := e.s.QRToken(e.ctx, e.secA, m.ID)
		if err != nil || !rotates.After(e.now) || rotates.Sub(e.now) > 30*time.Second {
			t.Fatalf("token %q rotates %v: %v", tok0, rotates, err)
		}
		if c, _, err := e.s.CheckIn(e.ctx, users[2], m.ID, tok0); err != nil || c.Method != "qr" {
			t.Fatalf("current slot: %+v %v", c, err)
		}
		e.now = rotates // next slot: tok0 is the previous one
		if _, _, err := e.s.CheckIn(e.ctx, users[3], m.ID, tok0); err != nil {
			t.Fatalf("previous slot: %v", err)
		}
		e.now = rotates.Add(30 * time.Second) // two slots on: expired
		_, _, err = e.s.CheckIn(e.ctx, users[4], m.ID, tok0)
		testutil.WantField(t, err, domain.EInvalid, "code", "err.meeting.code")
		_, _, err = e.s.CheckIn(e.ctx, users[4], m.ID, wrongCode(m.CheckinCode))
		testutil.WantField(t, err, domain.EInvalid, "code", "err.meeting.code")
		_, _, err = e.s.QRToken(e.ctx, users[4], m.ID)
		testutil.WantCode(t, err, domain.EForbidden)

		// Not expected; left the roster; cancelled.
		_, _, err = e.s.CheckIn(e.ctx, outsider, m.ID, m.CheckinCode)
		testutil.WantCode(t, err, domain.EForbidden)
		if _, err := db.SQL().Exec(`UPDATE members SET left_on = '2020-01-01', left_reason = 'other' WHERE id = $1`, users[5].MemberID()); err != nil {
			t.Fatal(err)
		}
		_, _, err = e.s.CheckIn(e.ctx, users[5], m.ID, m.CheckinCode)
		testutil.WantCode(t, err, domain.EConflict)
		if n := e.count(`SELECT COUNT(*) FROM meeting_checkins WHERE meeting_id = $1`, m.ID); n != 4 {
			t.Fatalf("check-ins %d, want 4", n)
		}
		s := e.summary(m.ID)
		if s.Present != 4 || s.Expected != 8 {
			t.Fatalf("summary %+v", s)
		}
		if s.QuorumMet != nil {
			t.Fatal("a themed party day has no quorum")
		}
		e.now = e.start.Add(-time.Hour)
		m2 := e.plan(domain.MeetingPartyDay)
		if _, err := e.s.Cancel(e.ctx, e.secA, m2.ID, "x"); err != nil {
			t.Fatal(err)
		}
		e.now = e.start
		_, _, err = e.s.CheckIn(e.ctx, users[6], m2.ID, m2.CheckinCode)
		testutil.WantCode(t, err, domain.EConflict)
	})
}

func wrongCode(code string) string {
	if code == "123456" {
		return "654321"
	}
	return "123456"
}

// TestCheckInStorm: 200 members at once, then 20 repeats by one member at once: every
// check-in recorded exactly once, no error.
func TestCheckInStorm(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const n = 200
		actors := make([]*auth.Actor, n)
		for i := range n {
			m, err := e.f.Set.Members.Create(e.ctx, auth.SystemActor(), e.f.MemberInput(e.f.BranchA.ID, fmt.Sprintf("党员%03d", i), "19850101"))
			if err != nil {
				t.Fatal(err)
			}
			actors[i] = &auth.Actor{User: &domain.User{Username: fmt.Sprintf("m%d", i), MemberID: m.ID}}
		}
		m := e.plan(domain.MeetingLecture, func(in *meeting.Input) { in.LecturerID = actors[0].MemberID() })
		e.now = e.start
		var wg sync.WaitGroup
		errs := make(chan error, n+20)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, created, err := e.s.CheckIn(e.ctx, actors[i], m.ID, m.CheckinCode); err != nil || !created {
					errs <- fmt.Errorf("member %d: created %v, %v", i, created, err)
				}
			}()
		}
		wg.Wait()
		ids := make(chan int64, 20)
		var createdCount sync.Map
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, created, err := e.s.CheckIn(e.ctx, actors[7], m.ID, m.CheckinCode)
				if err != nil {
					errs <- err
					return
				}
				if created {
					createdCount.Store(i, true)
				}
				ids <- c.ID
			}()
		}
		wg.Wait()
		close(errs)
		close(ids)
		for err := range errs {
			t.Error(err)
		}
		first := int64(0)
		for id := range ids {
			if first == 0 {
				first = id
			}
			if id != first {
				t.Fatalf("repeats answered different records %d, %d", first, id)
			}
		}
		createdCount.Range(func(k, v any) bool { t.Errorf("repeat %v created a record", k); return true })
		if got := e.count(`SELECT COUNT(*) FROM meeting_checkins WHERE meeting_id = $1`, m.ID); got != n {
			t.Fatalf("check-ins %d, want %d", got, n)
		}
		if got := e.count(`SELECT COUNT(DISTINCT member_id) FROM meeting_checkins WHERE meeting_id = $1`, m.ID); got != n {
			t.Fatalf("distinct members %d", got)
		}
		if s := e.summary(m.ID); s.Present != n {
			t.Fatalf("present %d", s.Present)
		}
	})
}
