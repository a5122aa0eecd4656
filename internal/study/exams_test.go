package study_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/store"
	"dangjian/internal/study"
	"dangjian/internal/testutil"
)

// bank makes one question of each kind in BranchA: single (A), multiple (A+C), true/false (T).
func (e *env) bank() (single, multi, tf *domain.Question) {
	return e.question(e.secA, e.f.BranchA.ID, domain.QuestionSingle, []string{"A"}, "党章"),
		e.question(e.secA, e.f.BranchA.ID, domain.QuestionMultiple, []string{"A", "C"}, "党章"),
		e.question(e.secA, e.f.BranchA.ID, domain.QuestionTrueFal, []string{"T"}, "党史")
}

func TestExamAttemptsScoringAndPoints(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.examPassIndicator(e.f.CommitteeA.ID) // BranchB's members have no EXAM-PASS item
		single, multi, tf := e.bank()
		in := study.ExamInput{OrgID: e.f.BranchA.ID, Title: "党章测试", QuestionIDs: []int64{single.ID, multi.ID, tf.ID},
			TimeLimitSeconds: 600, PassMark: 60, MaxAttempts: 2, Shuffle: true}
		if _, err := e.s.CreateExam(e.ctx, e.memA, in); domain.ErrorCode(err) != domain.EForbidden {
			t.Fatalf("member creates an exam: %v", err)
		}
		if _, err := e.s.CreateExam(e.ctx, e.secB, in); domain.ErrorCode(err) != domain.EForbidden {
			t.Fatalf("other secretary: %v", err)
		}
		ex, err := e.s.CreateExam(e.ctx, e.secA, in)
		if err != nil {
			t.Fatal(err)
		}

		view, err := e.s.StartAttempt(e.ctx, e.memA, ex.ID)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(view)
		for _, leak := range []string{"answer", "correct", "Answer"} {
			if strings.Contains(string(body), leak) {
				t.Fatalf("attempt leaks %q: %s", leak, body)
			}
		}
		if len(view.Questions) != 3 {
			t.Fatalf("questions: %s", body)
		}
		for _, qv := range view.Questions {
			if qv.Kind == domain.QuestionTrueFal && (len(qv.Options) != 2 || qv.Options[0].Key != "T") {
				t.Errorf("true/false options: %+v", qv.Options)
			}
		}
		again, err := e.s.StartAttempt(e.ctx, e.memA, ex.ID)
		if err != nil || again.ID != view.ID {
			t.Fatalf("a second start resumes the open attempt: %+v %v", again, err)
		}
		if _, err := e.s.StartAttempt(e.ctx, e.memB, ex.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("other branch starts: %v", err)
		}
		if _, err := e.s.Submit(e.ctx, e.memA2, view.ID, nil); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("someone else's attempt: %v", err)
		}

		// Multiple choice with one of two correct options scores nothing: 2 of 3 = 67, a pass.
		e.advance(time.Minute)
		res, err := e.s.Submit(e.ctx, e.memA, view.ID, map[int64][]string{single.ID: {"A"}, multi.ID: {"A"}, tf.ID: {"T"}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Score != 67 || !res.Passed || res.Correct != 2 || res.PointsAwarded != domain.Whole(2) {
			t.Fatalf("first pass: %+v", res)
		}
		if _, err := e.s.Submit(e.ctx, e.memA, view.ID, nil); err == nil || !strings.Contains(err.Error(), "study.attempt.submitted") {
			t.Fatalf("submitted twice: %v", err)
		}
		// A second pass scores no second award.
		v2, err := e.s.StartAttempt(e.ctx, e.memA, ex.ID)
		if err != nil || v2.ID == view.ID {
			t.Fatalf("second attempt: %v", err)
		}
		res, err = e.s.Submit(e.ctx, e.memA, v2.ID, map[int64][]string{single.ID: {"a"}, multi.ID: {"C", "A"}, tf.ID: {"T"}})
		if err != nil || res.Score != 100 || !res.Passed || res.PointsAwarded != 0 {
			t.Fatalf("second pass: %+v %v", res, err)
		}
		if n := e.count("point_entries", "subject_id = $1", e.mA.ID); n != 1 {
			t.Fatalf("%d point entries for two passes", n)
		}
		if _, err := e.s.StartAttempt(e.ctx, e.memA, ex.ID); err == nil || !strings.Contains(err.Error(), "study.attempt.limit") {
			t.Fatalf("third attempt: %v", err)
		}
		// A fail: all wrong (true/false answered false, multiple with an extra option).
		v3, err := e.s.StartAttempt(e.ctx, e.memA2, ex.ID)
		if err != nil {
			t.Fatal(err)
		}
		res, err = e.s.Submit(e.ctx, e.memA2, v3.ID, map[int64][]string{single.ID: {"B"}, multi.ID: {"A", "B", "C"}, tf.ID: {"F"}})
		if err != nil || res.Score != 0 || res.Passed || res.PointsAwarded != 0 {
			t.Fatalf("fail: %+v %v", res, err)
		}
		if n := testutil.AuditCount(t, db, "study.attempt.submit"); n != 3 {
			t.Errorf("submissions audited: %d", n)
		}

		// Without the EXAM-PASS item (BranchB), a pass is recorded with no points and no error.
		qb := e.question(e.secB, e.f.BranchB.ID, domain.QuestionTrueFal, []string{"F"})
		exB, err := e.s.CreateExam(e.ctx, e.secB, study.ExamInput{OrgID: e.f.BranchB.ID, Title: "乙支部测验",
			QuestionIDs: []int64{qb.ID}, TimeLimitSeconds: 60, PassMark: 100, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		vb, err := e.s.StartAttempt(e.ctx, e.memB, exB.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res, err = e.s.Submit(e.ctx, e.memB, vb.ID, map[int64][]string{qb.ID: {"F"}}); err != nil || !res.Passed || res.PointsAwarded != 0 {
			t.Fatalf("pass without an item: %+v %v", res, err)
		}
		// A fixed list may not take BranchB's questions into a BranchA exam.
		_, err = e.s.CreateExam(e.ctx, e.admin, study.ExamInput{OrgID: e.f.BranchA.ID, Title: "x", QuestionIDs: []int64{qb.ID},
			TimeLimitSeconds: 60, PassMark: 60, MaxAttempts: 1})
		if de, ok := domain.AsError(err); !ok || de.Fields["question_ids"] != "study.exam.question_unknown" {
			t.Fatalf("foreign question: %v", err)
		}
	})
}

// Random N questions by tag, from the exam's organisation and the ones above it.
func TestExamRandomFromTags(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.bank()
		up := e.question(e.comA, e.f.CommitteeA.ID, domain.QuestionSingle, []string{"B"}, "党章") // from the level above
		in := study.ExamInput{OrgID: e.f.BranchA.ID, Title: "随机", Tags: []string{"党章"}, RandomCount: 4,
			TimeLimitSeconds: 60, PassMark: 60, MaxAttempts: 3}
		_, err := e.s.CreateExam(e.ctx, e.secA, in)
		if de, ok := domain.AsError(err); !ok || de.Fields["random_count"] != "study.exam.not_enough_questions" {
			t.Fatalf("4 of 3: %v", err)
		}
		in.RandomCount = 3
		ex, err := e.s.CreateExam(e.ctx, e.secA, in)
		if err != nil {
			t.Fatal(err)
		}
		v, err := e.s.StartAttempt(e.ctx, e.memA, ex.ID)
		if err != nil || len(v.Questions) != 3 {
			t.Fatalf("%+v %v", v, err)
		}
		seenUp := false
		for _, qv := range v.Questions {
			if qv.Kind == domain.QuestionTrueFal {
				t.Errorf("untagged question drawn: %+v", qv)
			}
			seenUp = seenUp || qv.ID == up.ID
		}
		if !seenUp {
			t.Error("the committee's question was not in the pool")
		}
	})
}

func TestExamTimeLimit(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		single, _, _ := e.bank()
		ex, err := e.s.CreateExam(e.ctx, e.secA, study.ExamInput{OrgID: e.f.BranchA.ID, Title: "限时", QuestionIDs: []int64{single.ID},
			TimeLimitSeconds: 60, PassMark: 60, MaxAttempts: 3})
		if err != nil {
			t.Fatal(err)
		}
		answers := map[int64][]string{single.ID: {"A"}}
		v, err := e.s.StartAttempt(e.ctx, e.memA, ex.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.advance(91 * time.Second) // limit 60 s + 30 s grace, passed
		if _, err := e.s.Submit(e.ctx, e.memA, v.ID, answers); err == nil || !strings.Contains(err.Error(), "study.attempt.expired") {
			t.Fatalf("late submission: %v", err)
		}
		if n := e.count("exam_attempts", "id = $1 AND status = $2", v.ID, domain.AttemptExpired); n != 1 {
			t.Fatal("late attempt not marked expired")
		}
		// Within the grace: accepted, time taken counted as the full limit.
		v2, err := e.s.StartAttempt(e.ctx, e.memA, ex.ID)
		if err != nil || v2.ID == v.ID {
			t.Fatalf("new attempt: %v", err)
		}
		e.advance(85 * time.Second)
		if res, err := e.s.Submit(e.ctx, e.memA, v2.ID, answers); err != nil || res.Score != 100 {
			t.Fatalf("within grace: %+v %v", res, err)
		}
		if n := e.count("exam_attempts", "id = $1 AND duration_ms = 60000", v2.ID); n != 1 {
			t.Error("time taken not capped at the limit")
		}
		// An attempt left open past its limit is closed by the next start, and counts.
		if _, err := e.s.StartAttempt(e.ctx, e.memA, ex.ID); err != nil {
			t.Fatal(err)
		}
		e.advance(10 * time.Minute)
		if _, err := e.s.StartAttempt(e.ctx, e.memA, ex.ID); err == nil || !strings.Contains(err.Error(), "study.attempt.limit") {
			t.Fatalf("three used: %v", err)
		}
		if n := e.count("exam_attempts", "member_id = $1 AND status = $2", e.mA.ID, domain.AttemptExpired); n != 2 {
			t.Errorf("expired attempts: %d", n)
		}
	})
}

func TestContestLeaderboard(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		single, _, tf := e.bank()
		ex, err := e.s.CreateExam(e.ctx, e.comA, study.ExamInput{OrgID: e.f.CommitteeA.ID, Title: "知识竞赛",
			QuestionIDs: []int64{single.ID, tf.ID}, TimeLimitSeconds: 300, PassMark: 50, MaxAttempts: 3, Contest: true})
		if err == nil {
			t.Fatal("a committee exam took a branch's questions")
		}
		q1 := e.question(e.comA, e.f.CommitteeA.ID, domain.QuestionSingle, []string{"A"})
		q2 := e.question(e.comA, e.f.CommitteeA.ID, domain.QuestionTrueFal, []string{"T"})
		ex, err = e.s.CreateExam(e.ctx, e.comA, study.ExamInput{OrgID: e.f.CommitteeA.ID, Title: "知识竞赛",
			QuestionIDs: []int64{q1.ID, q2.ID}, TimeLimitSeconds: 300, PassMark: 50, MaxAttempts: 3, Contest: true})
		if err != nil {
			t.Fatal(err)
		}
		all := map[int64][]string{q1.ID: {"A"}, q2.ID: {"T"}}
		half := map[int64][]string{q1.ID: {"A"}, q2.ID: {"F"}}
		run := []struct {
			actor   int
			took    time.Duration
			answers map[int64][]string
		}{
			{0, 50 * time.Second, all},  // mA: 100 in 50 s
			{1, 20 * time.Second, all},  // mA2: 100 in 20 s — first
			{2, 5 * time.Second, half},  // mA3: 50 in 5 s — last
			{0, 10 * time.Second, half}, // mA again, worse: the best attempt stays
		}
		for _, r := range run {
			actor := e.memA
			switch r.actor {
			case 1:
				actor = e.memA2
			case 2:
				actor = e.memA3
			}
			v, err := e.s.StartAttempt(e.ctx, actor, ex.ID)
			if err != nil {
				t.Fatal(err)
			}
			e.advance(r.took)
			if _, err := e.s.Submit(e.ctx, actor, v.ID, r.answers); err != nil {
				t.Fatal(err)
			}
		}
		board, err := e.s.Leaderboard(e.ctx, e.memA3, ex.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			id    int64
			score int
			ms    int64
		}{{e.mA2.ID, 100, 20000}, {e.mA.ID, 100, 50000}, {e.mA3.ID, 50, 5000}}
		if len(board) != len(want) {
			t.Fatalf("board: %+v", board)
		}
		for i, w := range want {
			if b := board[i]; b.MemberID != w.id || b.Score != w.score || b.DurationMS != w.ms || b.Rank != i+1 {
				t.Errorf("rank %d: %+v, want %+v", i+1, b, w)
			}
		}
		if board[0].Name != "张二" {
			t.Errorf("name: %q", board[0].Name)
		}
		if top, err := e.s.Leaderboard(e.ctx, e.comA, ex.ID, 2); err != nil || len(top) != 2 {
			t.Fatalf("top 2: %+v %v", top, err)
		}
		if _, err := e.s.Leaderboard(e.ctx, e.memB, ex.ID, 10); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("other committee's member: %v", err)
		}
		plain, err := e.s.CreateExam(e.ctx, e.comA, study.ExamInput{OrgID: e.f.CommitteeA.ID, Title: "普通", QuestionIDs: []int64{q1.ID},
			TimeLimitSeconds: 60, PassMark: 60, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Leaderboard(e.ctx, e.comA, plain.ID, 10); err == nil || !strings.Contains(err.Error(), "study.exam.not_contest") {
			t.Fatalf("plain exam board: %v", err)
		}
	})
}
