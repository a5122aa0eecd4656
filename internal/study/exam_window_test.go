package study_test

import (
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/study"
	"dangjian/internal/testutil"
)

func TestExamWindowValidation(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		single, _, _ := e.bank()
		opens := e.clock.Add(time.Hour)
		for name, closes := range map[string]time.Time{"equal": opens, "before": opens.Add(-time.Second)} {
			_, err := e.s.CreateExam(e.ctx, e.secA, study.ExamInput{OrgID: e.f.BranchA.ID, Title: "窗口", QuestionIDs: []int64{single.ID},
				TimeLimitSeconds: 600, PassMark: 60, MaxAttempts: 1, OpensAt: &opens, ClosesAt: &closes})
			de, ok := domain.AsError(err)
			if !ok || de.Code != domain.EInvalid || de.Fields["closes_at"] != "study.exam.window" {
				t.Fatalf("%s: closes_at not after opens_at: %v", name, err)
			}
		}
		if n := e.count("exams", "1 = 1"); n != 0 {
			t.Fatalf("refused exams stored: %d", n)
		}
		// Either bound alone is fine, and both round-trip in UTC.
		local := opens.In(domain.Shanghai)
		ex, err := e.s.CreateExam(e.ctx, e.secA, study.ExamInput{OrgID: e.f.BranchA.ID, Title: "只有开始", QuestionIDs: []int64{single.ID},
			TimeLimitSeconds: 600, PassMark: 60, MaxAttempts: 1, OpensAt: &local})
		if err != nil {
			t.Fatal(err)
		}
		list, err := e.s.Exams(e.ctx, e.memA)
		if err != nil || len(list) != 1 || list[0].OpensAt == nil || !list[0].OpensAt.Equal(opens) || list[0].ClosesAt != nil || list[0].ID != ex.ID {
			t.Fatalf("stored window: %+v %v", list, err)
		}
	})
}

func TestExamWindowStartAndSubmit(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		single, _, _ := e.bank()
		opens := e.clock.Add(time.Hour) // 2024-06-15 11:00 Beijing
		closes := opens.Add(time.Hour)  // 12:00
		ex, err := e.s.CreateExam(e.ctx, e.secA, study.ExamInput{OrgID: e.f.BranchA.ID, Title: "限时竞赛", QuestionIDs: []int64{single.ID},
			TimeLimitSeconds: 1800, PassMark: 60, MaxAttempts: 3, Contest: true, OpensAt: &opens, ClosesAt: &closes})
		if err != nil {
			t.Fatal(err)
		}

		// One microsecond before opening: refused, naming the opening time in Beijing.
		e.clock = opens.Add(-time.Microsecond)
		_, err = e.s.StartAttempt(e.ctx, e.memA, ex.ID)
		wantMessage(t, err, "study.exam.not_open")
		wantCode(t, err, domain.EConflict)
		if de, _ := domain.AsError(err); len(de.Args) != 1 || de.Args[0] != "2024-06-15 11:00" {
			t.Fatalf("not_open args: %+v", de.Args)
		}
		if n := e.count("exam_attempts", "exam_id = $1", ex.ID); n != 0 {
			t.Fatalf("attempt recorded before opening: %d", n)
		}
		// The opening instant itself is inside.
		e.clock = opens
		first, err := e.s.StartAttempt(e.ctx, e.memA, ex.ID)
		if err != nil {
			t.Fatalf("start at the opening instant: %v", err)
		}
		if _, err := e.s.Submit(e.ctx, e.memA, first.ID, map[int64][]string{single.ID: {"A"}}); err != nil {
			t.Fatal(err)
		}

		// One microsecond before closing a new attempt still starts; it runs past the close.
		e.clock = closes.Add(-time.Microsecond)
		late, err := e.s.StartAttempt(e.ctx, e.memA2, ex.ID)
		if err != nil {
			t.Fatalf("start just before closing: %v", err)
		}
		// The closing instant itself is outside.
		e.clock = closes
		_, err = e.s.StartAttempt(e.ctx, e.memA3, ex.ID)
		wantMessage(t, err, "study.exam.closed")
		if de, _ := domain.AsError(err); len(de.Args) != 1 || de.Args[0] != "2024-06-15 12:00" {
			t.Fatalf("closed args: %+v", de.Args)
		}
		_, err = e.s.StartAttempt(e.ctx, e.memA, ex.ID) // attempts left, but the window is shut
		wantMessage(t, err, "study.exam.closed")
		if n := e.count("exam_attempts", "exam_id = $1", ex.ID); n != 2 {
			t.Fatalf("attempts after the close: %d", n)
		}

		// The attempt started inside the window resumes and submits after the close, within its limit.
		e.advance(20 * time.Minute)
		again, err := e.s.StartAttempt(e.ctx, e.memA2, ex.ID)
		if err != nil || again.ID != late.ID {
			t.Fatalf("resume after the close: %+v %v", again, err)
		}
		res, err := e.s.Submit(e.ctx, e.memA2, late.ID, map[int64][]string{single.ID: {"A"}})
		if err != nil || !res.Passed {
			t.Fatalf("submit after the close within the limit: %+v %v", res, err)
		}
		board, err := e.s.Leaderboard(e.ctx, e.memA, ex.ID, 10)
		if err != nil || len(board) != 2 {
			t.Fatalf("leaderboard: %+v %v", board, err)
		}
	})
}

func TestExamWindowStates(t *testing.T) {
	opens := time.Date(2024, 6, 15, 3, 0, 0, 0, time.UTC)
	closes := opens.Add(time.Hour)
	ex := domain.Exam{OpensAt: &opens, ClosesAt: &closes}
	for _, c := range []struct {
		at   time.Time
		want string
	}{{opens.Add(-time.Nanosecond), domain.ExamNotOpen}, {opens, domain.ExamOpen}, {closes.Add(-time.Nanosecond), domain.ExamOpen},
		{closes, domain.ExamClosed}} {
		if got := ex.Window(c.at); got != c.want {
			t.Errorf("%v: %s, want %s", c.at, got, c.want)
		}
	}
	if got := (&domain.Exam{}).Window(opens); got != domain.ExamOpen {
		t.Errorf("no window: %s", got)
	}
}
