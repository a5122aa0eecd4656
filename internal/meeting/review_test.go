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

// The committee sees the submitted minutes of both its branches (not drafts); a branch's
// own secretary sees none of its own; an approved set leaves the list.
func TestMinutesToReview(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a := e.plan(domain.MeetingBranchGeneral)
		draft := e.plan(domain.MeetingPartyDay)
		b, err := e.s.Create(e.ctx, e.secA2, meeting.Input{OrgID: e.f.BranchA2.ID, Kind: domain.MeetingBranchCommittee,
			Title: "支委会", StartsAt: e.start, EndsAt: e.start.Add(time.Hour), Location: "会议室"})
		if err != nil {
			t.Fatal(err)
		}
		e.now = e.start.Add(3 * time.Hour)
		file := func(sec *auth.Actor, id int64, submit bool) {
			t.Helper()
			if _, err := e.s.SaveMinutes(e.ctx, sec, id, meeting.MinutesInput{Content: "纪要"}); err != nil {
				t.Fatal(err)
			}
			if submit {
				if _, err := e.s.Submit(e.ctx, sec, id); err != nil {
					t.Fatal(err)
				}
			}
		}
		file(e.secA, a.ID, true)
		file(e.secA, draft.ID, false)
		file(e.secA2, b.ID, true)

		ids := func(actor *auth.Actor) []int64 {
			t.Helper()
			rows, err := e.s.MinutesToReview(e.ctx, actor, 0)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, r := range rows {
				if r.Minutes.Status != domain.MinutesSubmitted || r.Minutes.Content != "纪要" || r.Meeting.CheckinCode != "" {
					t.Errorf("row %+v", r)
				}
				out = append(out, r.Meeting.ID)
			}
			return out
		}
		if got := ids(e.upper); len(got) != 2 || got[0] != a.ID || got[1] != b.ID {
			t.Fatalf("committee's list %v, want [%d %d]", got, a.ID, b.ID)
		}
		if got := ids(e.secA); len(got) != 0 {
			t.Fatalf("the branch's own secretary sees %v", got)
		}
		if _, err := e.s.Approve(e.ctx, e.upper, a.ID); err != nil {
			t.Fatal(err)
		}
		if got := ids(e.upper); len(got) != 1 || got[0] != b.ID {
			t.Fatalf("after approval %v", got)
		}
	})
}
