package study

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/points"
	"dangjian/internal/store"
)

// Exam limits and the points interface.
const (
	// submitGrace is added to the time limit for network latency: a submission that arrives
	// later is refused (the attempt becomes expired and still counts), rather than scored as
	// of the limit, because the server cannot know which answers were given in time.
	submitGrace = 30 * time.Second
	// IndicatorExamPass is the points item a pass scores, looked up in the member's catalogue;
	// an organisation without it records the pass with no points.
	IndicatorExamPass = "EXAM-PASS"
	maxQuestions      = 200
)

// ExamInput creates an exam: either QuestionIDs (a fixed list) or RandomCount questions
// drawn per attempt from the questions carrying any of Tags. Questions are taken from the
// banks of the exam's organisation and its ancestors.
type ExamInput struct {
	OrgID            int64    `json:"org_id,string"`
	Title            string   `json:"title"`
	QuestionIDs      []int64  `json:"question_ids"`
	Tags             []string `json:"tags"`
	RandomCount      int      `json:"random_count"`
	TimeLimitSeconds int      `json:"time_limit_seconds"`
	PassMark         int      `json:"pass_mark"`
	MaxAttempts      int      `json:"max_attempts"`
	Shuffle          bool     `json:"shuffle"`
	Contest          bool     `json:"contest"`
	// OpensAt and ClosesAt bound when attempts may be started (optional; ClosesAt after
	// OpensAt when both are given).
	OpensAt  *time.Time `json:"opens_at"`
	ClosesAt *time.Time `json:"closes_at"`
}

// CreateExam creates an exam (or a contest) for the members of OrgID's subtree, with an
// optional window (OpensAt, ClosesAt) in which attempts may be started.
// Who: org_admin or secretary over the organisation. Errors: EForbidden, EInvalid (title,
// question_ids, random_count, time_limit_seconds, pass_mark, max_attempts, closes_at).
func (s *Service) CreateExam(ctx context.Context, a *auth.Actor, in ExamInput) (*domain.Exam, error) {
	var v domain.Validation
	e := &domain.Exam{OrgID: in.OrgID, QuestionIDs: in.QuestionIDs, Tags: cleanTags(in.Tags), RandomCount: in.RandomCount,
		TimeLimitSeconds: in.TimeLimitSeconds, PassMark: in.PassMark, MaxAttempts: in.MaxAttempts, Shuffle: in.Shuffle,
		Contest: in.Contest, CreatedBy: a.Name(), OpensAt: utcPtr(in.OpensAt), ClosesAt: utcPtr(in.ClosesAt)}
	e.Title = text(&v, "title", in.Title, 200, true)
	switch {
	case len(in.QuestionIDs) > 0 && in.RandomCount > 0:
		v.Add("question_ids", "study.exam.questions_either")
	case len(in.QuestionIDs) > maxQuestions || in.RandomCount > maxQuestions:
		v.Add("question_ids", "study.exam.too_many_questions")
	case len(in.QuestionIDs) == 0 && (in.RandomCount <= 0 || len(e.Tags) == 0):
		v.Add("question_ids", "study.exam.no_questions")
	}
	if in.TimeLimitSeconds < 10 || in.TimeLimitSeconds > 24*3600 {
		v.Add("time_limit_seconds", "study.exam.time_limit")
	}
	if in.PassMark < 0 || in.PassMark > 100 {
		v.Add("pass_mark", "study.exam.pass_mark")
	}
	if in.MaxAttempts < 1 || in.MaxAttempts > 100 {
		v.Add("max_attempts", "study.exam.max_attempts")
	}
	if e.OpensAt != nil && e.ClosesAt != nil && !e.ClosesAt.After(*e.OpensAt) {
		v.Add("closes_at", "study.exam.window")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := loadOrg(ctx, q, in.OrgID)
		if err != nil {
			return err
		}
		if !canManage(a, o.Path) {
			return domain.Forbidden()
		}
		e.OrgPath = o.Path
		if len(e.QuestionIDs) > 0 {
			seen := map[int64]bool{}
			for _, id := range e.QuestionIDs {
				if seen[id] {
					return invalid("question_ids", "study.exam.question_twice")
				}
				seen[id] = true
			}
			qs, err := q.QuestionsByIDs(ctx, e.QuestionIDs)
			if err != nil {
				return err
			}
			if len(qs) != len(e.QuestionIDs) || slices.ContainsFunc(qs, func(x domain.Question) bool { return !domain.InSubtree(o.Path, x.OrgPath) }) {
				return invalid("question_ids", "study.exam.question_unknown")
			}
		} else {
			pool, err := q.Questions(ctx, store.QuestionFilter{UsableFrom: o.Path, Tags: e.Tags})
			if err != nil {
				return err
			}
			if len(pool) < e.RandomCount {
				return &domain.Error{Code: domain.EInvalid, Message: "err.invalid",
					Fields: map[string]string{"random_count": "study.exam.not_enough_questions"}, Args: []any{len(pool)}}
			}
		}
		if err := q.InsertExam(ctx, e, a.UserID()); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "study.exam.create", "exam", e.ID, o.Path, nil, e)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// visibleExam loads an exam the actor may see: managers and readers (auditors included) of
// its organisation and members of its subtree. ENotFound otherwise. mp is the actor's
// member path ("" when none).
func visibleExam(ctx context.Context, q *store.Q, a *auth.Actor, id int64, mp string) (*domain.Exam, error) {
	e, err := q.Exam(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("exam")
	}
	if err != nil {
		return nil, err
	}
	if canOversee(a, e.OrgPath) || (mp != "" && domain.InSubtree(mp, e.OrgPath)) {
		return e, nil
	}
	return nil, domain.NotFound("exam")
}

// Exams lists the exams the actor manages or may take, newest first. The exam carries
// question ids, never answers.
func (s *Service) Exams(ctx context.Context, a *auth.Actor) ([]domain.Exam, error) {
	q := s.DB.Read()
	mp, err := memberPath(ctx, q, a)
	if err != nil {
		return nil, err
	}
	return q.Exams(ctx, managedScopes(a), mp)
}

// QuestionView is a question as a member sees it during an attempt: no answer, by
// construction (there is no field to leak it through).
type QuestionView struct {
	ID      int64                   `json:"id,string"`
	Kind    string                  `json:"kind"`
	Stem    string                  `json:"stem"`
	Options []domain.QuestionOption `json:"options"`
}

// AttemptView is an attempt in progress as the member sees it.
type AttemptView struct {
	ID               int64          `json:"id,string"`
	ExamID           int64          `json:"exam_id,string"`
	Title            string         `json:"title"`
	StartedAt        time.Time      `json:"started_at"`
	DeadlineAt       time.Time      `json:"deadline_at"`
	TimeLimitSeconds int            `json:"time_limit_seconds"`
	Questions        []QuestionView `json:"questions"`
}

// StartAttempt starts the actor's next attempt at an exam, or returns the attempt they have
// open (a reload of the page resumes it). The questions are drawn (random N) and ordered
// (shuffle) per attempt. A new attempt may start only inside the exam's window (from OpensAt,
// inclusive, to ClosesAt, exclusive); an attempt started inside it is resumed and may be
// submitted until its own time limit even when the window closes meanwhile.
// Who: a member of the exam's subtree. Errors: EForbidden (no member linked), ENotFound
// (exam), EConflict study.attempt.limit, study.exam.not_open (before OpensAt),
// study.exam.closed (from ClosesAt on).
func (s *Service) StartAttempt(ctx context.Context, a *auth.Actor, examID int64) (*AttemptView, error) {
	if a.MemberID() == 0 {
		return nil, domain.Forbidden()
	}
	var view *AttemptView
	limited := 0
	var shut error
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		mp, err := memberPath(ctx, q, a)
		if err != nil {
			return err
		}
		if mp == "" {
			return domain.NotFound("exam")
		}
		e, err := visibleExam(ctx, q, a, examID, mp)
		if err != nil {
			return err
		}
		if _, err := q.LockExam(ctx, e.ID); err != nil {
			return err
		}
		if !domain.InSubtree(mp, e.OrgPath) {
			return domain.NotFound("exam") // a manager outside the subtree does not sit it
		}
		at := s.now()
		list, err := q.Attempts(ctx, e.ID, a.MemberID())
		if err != nil {
			return err
		}
		for i := range list {
			t := &list[i]
			if t.Status != domain.AttemptOpen {
				continue
			}
			if !at.After(t.DeadlineAt.Add(submitGrace)) {
				view, err = attemptView(ctx, q, e, t)
				return err
			}
			t.Status = domain.AttemptExpired
			if err := q.FinishAttempt(ctx, t); err != nil {
				return err
			}
		}
		if len(list) >= e.MaxAttempts {
			limited = e.MaxAttempts // commit the expiries above, then refuse
			return nil
		}
		switch e.Window(at) {
		case domain.ExamNotOpen:
			shut = conflict("study.exam.not_open", shanghaiMinute(*e.OpensAt))
			return nil // commit the expiries above, then refuse
		case domain.ExamClosed:
			shut = conflict("study.exam.closed", shanghaiMinute(*e.ClosesAt))
			return nil
		}
		ids, err := drawQuestions(ctx, q, e)
		if err != nil {
			return err
		}
		t := &domain.Attempt{ExamID: e.ID, MemberID: a.MemberID(), QuestionIDs: ids, Status: domain.AttemptOpen,
			StartedAt: at, DeadlineAt: at.Add(time.Duration(e.TimeLimitSeconds) * time.Second)}
		if err := q.InsertAttempt(ctx, t); err != nil {
			return err
		}
		if err := audit.Record(ctx, q, a, "study.attempt.start", "exam_attempt", t.ID, mp, nil,
			map[string]any{"exam_id": e.ID, "questions": ids}); err != nil {
			return err
		}
		view, err = attemptView(ctx, q, e, t)
		return err
	})
	if err == nil && limited > 0 {
		return nil, conflict("study.attempt.limit", limited)
	}
	if err == nil && shut != nil {
		return nil, shut
	}
	return view, err
}

// utcPtr is t in UTC to the microsecond (what both engines keep), nil for nil.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Microsecond)
	return &u
}

// shanghaiMinute formats an instant for a message, in Beijing time.
func shanghaiMinute(t time.Time) string { return t.In(domain.Shanghai).Format("2006-01-02 15:04") }

// drawQuestions picks the questions of a new attempt, in the order they will be shown.
func drawQuestions(ctx context.Context, q *store.Q, e *domain.Exam) ([]int64, error) {
	ids := slices.Clone(e.QuestionIDs)
	if e.RandomCount > 0 {
		pool, err := q.Questions(ctx, store.QuestionFilter{UsableFrom: e.OrgPath, Tags: e.Tags})
		if err != nil {
			return nil, err
		}
		if len(pool) < e.RandomCount {
			return nil, conflict("study.exam.not_enough_questions", len(pool))
		}
		rand.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		ids = ids[:0]
		for _, x := range pool[:e.RandomCount] {
			ids = append(ids, x.ID)
		}
		return ids, nil
	}
	if e.Shuffle {
		rand.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	}
	return ids, nil
}

func attemptView(ctx context.Context, q *store.Q, e *domain.Exam, t *domain.Attempt) (*AttemptView, error) {
	qs, err := q.QuestionsByIDs(ctx, t.QuestionIDs)
	if err != nil {
		return nil, err
	}
	byID := map[int64]domain.Question{}
	for _, x := range qs {
		byID[x.ID] = x
	}
	v := &AttemptView{ID: t.ID, ExamID: e.ID, Title: e.Title, StartedAt: t.StartedAt, DeadlineAt: t.DeadlineAt,
		TimeLimitSeconds: e.TimeLimitSeconds, Questions: make([]QuestionView, 0, len(t.QuestionIDs))}
	for _, id := range t.QuestionIDs {
		x, ok := byID[id]
		if !ok {
			continue // deleted from the bank since; scored as wrong
		}
		v.Questions = append(v.Questions, QuestionView{ID: x.ID, Kind: x.Kind, Stem: x.Stem, Options: x.Options})
	}
	return v, nil
}

// SubmitResult is the answer to a submission (API.md: {score, passed, points_awarded}).
type SubmitResult struct {
	Score         int           `json:"score"` // out of 100
	Passed        bool          `json:"passed"`
	PointsAwarded domain.Points `json:"points_awarded"`
	Correct       int           `json:"correct"`
	Total         int           `json:"total"`
}

// Submit scores the actor's open attempt. Every question weighs the same; the score is the
// share correct out of 100, rounded half up; multiple choice is all-or-nothing (see
// domain.Question.Correct). A pass awards the EXAM-PASS item once per exam and member
// (de-duplicated by "exam:{exam}:{member}"), in the same transaction; without the item in the
// member's catalogue the pass is recorded with no points. A submission after the time limit
// plus submitGrace is refused and the attempt becomes expired. The exam's window is not
// checked here: an attempt started inside it may be submitted until its own time limit even
// when the window has closed meanwhile.
// Who: the member whose attempt it is. Errors: ENotFound (attempt), EConflict
// (study.attempt.submitted, study.attempt.expired).
func (s *Service) Submit(ctx context.Context, a *auth.Actor, attemptID int64, answers map[int64][]string) (*SubmitResult, error) {
	var out *SubmitResult
	expired := false
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		t, err := q.Attempt(ctx, attemptID)
		if err == sql.ErrNoRows || (err == nil && (a.MemberID() == 0 || t.MemberID != a.MemberID())) {
			return domain.NotFound("attempt")
		}
		if err != nil {
			return err
		}
		switch t.Status {
		case domain.AttemptSubmitted:
			return conflict("study.attempt.submitted")
		case domain.AttemptExpired:
			return conflict("study.attempt.expired")
		}
		e, err := q.Exam(ctx, t.ExamID)
		if err != nil {
			return err
		}
		at := s.now()
		if at.After(t.DeadlineAt.Add(submitGrace)) {
			t.Status, expired = domain.AttemptExpired, true
			return q.FinishAttempt(ctx, t) // committed; the caller gets the conflict below
		}
		qs, err := q.QuestionsByIDs(ctx, t.QuestionIDs)
		if err != nil {
			return err
		}
		byID := map[int64]*domain.Question{}
		for i := range qs {
			byID[qs[i].ID] = &qs[i]
		}
		res := &SubmitResult{Total: len(t.QuestionIDs)}
		t.Answers = map[string][]string{}
		for _, id := range t.QuestionIDs {
			given := answers[id]
			t.Answers[strconv.FormatInt(id, 10)] = domain.NormaliseAnswer(given)
			if x := byID[id]; x != nil && x.Correct(given) {
				res.Correct++
			}
		}
		if res.Total > 0 {
			res.Score = (res.Correct*200 + res.Total) / (2 * res.Total)
		}
		res.Passed = res.Score >= e.PassMark
		end := t.DeadlineAt // within the grace the time taken is the full limit
		if at.Before(end) {
			end = at
		}
		t.Status, t.SubmittedAt, t.Score, t.Passed = domain.AttemptSubmitted, &at, res.Score, res.Passed
		t.DurationMS = max(0, end.Sub(t.StartedAt).Milliseconds())
		if res.Passed && s.Points != nil {
			r, err := s.Points.AwardForEvent(ctx, q, points.EventAward{SubjectType: domain.SubjectMember, SubjectID: t.MemberID,
				IndicatorCode: IndicatorExamPass, OccurredOn: domain.Today(at),
				DedupKey: "exam:" + strconv.FormatInt(e.ID, 10) + ":" + strconv.FormatInt(t.MemberID, 10),
				Source:   "exam", Ref: strconv.FormatInt(e.ID, 10), Actor: a, Note: e.Title})
			switch {
			case errors.Is(err, points.ErrNoIndicator):
			case err != nil:
				return err
			case !r.Duplicate:
				res.PointsAwarded = r.PointsAwarded
			}
		}
		t.PointsAwarded = res.PointsAwarded
		if err := q.FinishAttempt(ctx, t); err != nil {
			return err
		}
		out = res
		return audit.Record(ctx, q, a, "study.attempt.submit", "exam_attempt", t.ID, e.OrgPath, nil,
			map[string]any{"exam_id": e.ID, "score": res.Score, "passed": res.Passed, "points": res.PointsAwarded})
	})
	if err == nil && expired {
		return nil, conflict("study.attempt.expired")
	}
	return out, err
}

// LeaderRow is one member on a contest's leaderboard: their best submitted attempt.
type LeaderRow struct {
	Rank       int    `json:"rank"`
	MemberID   int64  `json:"member_id,string"`
	Name       string `json:"name"`
	Score      int    `json:"score"`
	DurationMS int64  `json:"duration_ms"`
}

// Leaderboard returns the top n of a contest: each member's best attempt, by score
// descending, then time taken ascending (then who submitted first). Ties in both share a rank.
// Who: who can see the exam. Errors: ENotFound (exam), EConflict study.exam.not_contest.
func (s *Service) Leaderboard(ctx context.Context, a *auth.Actor, examID int64, n int) ([]LeaderRow, error) {
	if n <= 0 || n > 500 {
		n = 50
	}
	q := s.DB.Read()
	mp, err := memberPath(ctx, q, a)
	if err != nil {
		return nil, err
	}
	e, err := visibleExam(ctx, q, a, examID, mp)
	if err != nil {
		return nil, err
	}
	if !e.Contest {
		return nil, conflict("study.exam.not_contest")
	}
	list, err := q.SubmittedAttempts(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	out := []LeaderRow{}
	seen := map[int64]bool{}
	for _, t := range list {
		if seen[t.MemberID] {
			continue
		}
		seen[t.MemberID] = true
		row := LeaderRow{Rank: len(out) + 1, MemberID: t.MemberID, Score: t.Score, DurationMS: t.DurationMS}
		if k := len(out); k > 0 && out[k-1].Score == row.Score && out[k-1].DurationMS == row.DurationMS {
			row.Rank = out[k-1].Rank
		}
		m, err := q.Member(ctx, t.MemberID)
		if err != nil {
			return nil, err
		}
		row.Name = m.Name
		out = append(out, row)
		if len(out) == n {
			break
		}
	}
	return out, nil
}
