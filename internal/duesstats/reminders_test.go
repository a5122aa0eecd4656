package duesstats_test

import (
	"testing"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/testutil"
)

// The daily job reminds every member with unpaid bills of past months and every branch with
// such members; a second run the same day records the same; a member who paid meanwhile is
// no longer reminded the next day; the current month's bill alone is no reason; a member
// sees their own reminder with today's figures, a secretary their branch's only.
func TestRemind(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		f := e.f
		six := e.member(t, f.BranchA, "六个月")
		e.bills(t, six, "2024-08", U, U, U, U, U, U, U) // through February 2025: the last is this month's
		two := e.member(t, f.BranchA, "欠一个月")
		e.bills(t, two, "2024-12", P, U, U) // one past month unpaid
		current := e.member(t, f.BranchA, "只欠本月")
		e.bills(t, current, "2025-01", P, U)
		b := e.member(t, f.BranchB, "乙支部")
		e.bills(t, b, "2025-01", U)
		today := domain.Today(pinned)
		members, branches, err := e.svc.Remind(e.ctx, today)
		if err != nil {
			t.Fatal(err)
		}
		if members != 3 || branches != 2 {
			t.Fatalf("reminded %d members and %d branches, want 3 and 2", members, branches)
		}
		again, againB, err := e.svc.Remind(e.ctx, today)
		if err != nil || again != members || againB != branches {
			t.Fatalf("second run: %d %d %v", again, againB, err)
		}
		r, err := db.Read().MemberDuesReminder(e.ctx, six.ID)
		if err != nil || r == nil || r.Unpaid != 6 || r.Streak != 6 || r.Flagged != 1 || r.AmountFen != 6000 ||
			r.OldestMonth != "2024-08" || r.FirstOn != today || r.OrgID != f.BranchA.ID {
			t.Fatalf("reminder of the six-month member: %+v, %v", r, err)
		}
		if r, _ := db.Read().MemberDuesReminder(e.ctx, current.ID); r != nil {
			t.Errorf("the current month's bill is reminded: %+v", r)
		}

		secA := e.secA
		list, err := e.svc.BranchReminders(e.ctx, secA)
		if err != nil || len(list) != 1 || list[0].OrgID != f.BranchA.ID || list[0].Unpaid != 2 || list[0].Flagged != 1 ||
			list[0].Streak != 6 || list[0].AmountFen != 7000 || list[0].OldestMonth != "2024-08" {
			t.Fatalf("secretary of A: %+v, %v", list, err)
		}
		all, err := e.svc.BranchReminders(e.ctx, auth.SystemActor())
		if err != nil || len(all) != 2 || all[0].OrgID != f.BranchA.ID { // the flagged branch first
			t.Errorf("all branch reminders: %+v, %v", all, err)
		}
		if list, _ := e.svc.BranchReminders(e.ctx, e.audA); len(list) != 0 {
			t.Errorf("an auditor manages no dues: %+v", list)
		}

		// The member sees their own, with today's figures: after paying one month, five.
		me := e.f.User(t, "six", six.ID, testutil.Grant(domain.RoleMember, f.BranchA.ID))
		mine, err := e.svc.MyReminder(e.ctx, me)
		if err != nil || mine == nil || len(mine.UnpaidMonths) != 6 || !mine.Flagged {
			t.Fatalf("my reminder: %+v, %v", mine, err)
		}
		if _, err := db.SQL().ExecContext(e.ctx, `UPDATE dues_bills SET status = 'paid', paid_fen = amount_fen WHERE member_id = $1 AND month = '2025-01'`, six.ID); err != nil {
			t.Fatal(err)
		}
		mine, err = e.svc.MyReminder(e.ctx, me)
		if err != nil || mine == nil || len(mine.UnpaidMonths) != 5 || mine.Consecutive != 0 || mine.Flagged {
			t.Errorf("my reminder after paying January: %+v, %v", mine, err)
		}
		// 两个月 pays everything: the next day's run no longer reminds them.
		if _, err := db.SQL().ExecContext(e.ctx, `UPDATE dues_bills SET status = 'paid', paid_fen = amount_fen WHERE member_id = $1`, two.ID); err != nil {
			t.Fatal(err)
		}
		e.svc.SetClock(func() time.Time { return pinned.AddDate(0, 0, 1) })
		if _, _, err := e.svc.Remind(e.ctx, today.AddDate(0, 0, 1)); err != nil {
			t.Fatal(err)
		}
		if r, _ := db.Read().MemberDuesReminder(e.ctx, two.ID); r != nil {
			t.Errorf("a member who paid is still reminded: %+v", r)
		}
		if r, _ := db.Read().MemberDuesReminder(e.ctx, six.ID); r == nil || r.FirstOn != today || r.Unpaid != 5 {
			t.Errorf("a reminder kept keeps its first day: %+v", r)
		}
		list, _ = e.svc.BranchReminders(e.ctx, secA)
		if len(list) != 1 || list[0].Unpaid != 1 || list[0].Flagged != 0 {
			t.Errorf("secretary of A the next day: %+v", list)
		}
		nobody := &auth.Actor{User: &domain.User{ID: 999, Username: "x"}}
		if m, err := e.svc.MyReminder(e.ctx, nobody); m != nil || err != nil {
			t.Errorf("no member record: %+v, %v", m, err)
		}
	})
}
