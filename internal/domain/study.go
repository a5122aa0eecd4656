package domain

import (
	"slices"
	"strings"
	"time"
)

// Course kinds (issue 5 part 6): an article has a body, a document or video a URL.
const (
	CourseArticle  = "article"
	CourseDocument = "document"
	CourseVideo    = "video"
)

// CourseKinds are the valid course kinds.
var CourseKinds = []string{CourseArticle, CourseDocument, CourseVideo}

// Course is a study item. MinSeconds is the effective study time (counted by heartbeats)
// after which a member has completed it.
type Course struct {
	ID          int64              `json:"id,string"`
	OrgID       int64              `json:"org_id,string"` // the organisation that owns it
	OrgPath     string             `json:"-"`
	Title       string             `json:"title"`
	Kind        string             `json:"kind"`
	Body        string             `json:"body,omitempty"`
	URL         string             `json:"url,omitempty"`
	MinSeconds  int                `json:"min_seconds"`
	CreatedBy   string             `json:"created_by"`
	CreatedAt   time.Time          `json:"created_at"`
	Assignments []CourseAssignment `json:"assignments"`
}

// CourseAssignment assigns a course to an organisation's subtree, required (必学) or
// optional, with an optional due date.
type CourseAssignment struct {
	CourseID int64  `json:"-"`
	OrgID    int64  `json:"org_id,string"`
	OrgPath  string `json:"-"`
	Required bool   `json:"required"`
	DueOn    Date   `json:"due_on"`
}

// CourseProgress is one member's effective study time on a course.
type CourseProgress struct {
	CourseID    int64      `json:"course_id,string"`
	MemberID    int64      `json:"member_id,string"`
	Seconds     int        `json:"seconds"`
	LastBeatAt  time.Time  `json:"last_beat_at"`
	CompletedAt *time.Time `json:"completed_at"`
}

// Question kinds of the bank.
const (
	QuestionSingle   = "single"
	QuestionMultiple = "multiple"
	QuestionTrueFal  = "true_false"
)

// QuestionKinds are the valid question kinds.
var QuestionKinds = []string{QuestionSingle, QuestionMultiple, QuestionTrueFal}

// The fixed options of a true/false question.
const (
	AnswerTrue  = "T"
	AnswerFalse = "F"
)

// QuestionOption is one choice, keyed by a letter (A, B, …; T and F for true/false).
type QuestionOption struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

// Question is an item of the bank with its correct answer(s). It never goes to a member
// before they submit: attempts carry QuestionView instead (see internal/study).
type Question struct {
	ID      int64            `json:"id,string"`
	OrgID   int64            `json:"org_id,string"`
	OrgPath string           `json:"-"`
	Kind    string           `json:"kind"`
	Stem    string           `json:"stem"`
	Options []QuestionOption `json:"options"`
	Answer  []string         `json:"answer"` // option keys, sorted
	Tags    []string         `json:"tags"`
}

// TrueFalseOptions are the options every true/false question has.
func TrueFalseOptions() []QuestionOption {
	return []QuestionOption{{Key: AnswerTrue, Text: "正确"}, {Key: AnswerFalse, Text: "错误"}}
}

// Check validates a question and normalises its answer (upper case, sorted, unique).
// It returns field → message key.
func (q *Question) Check() map[string]string {
	bad := map[string]string{}
	if !Contains(QuestionKinds, q.Kind) {
		bad["kind"] = "err.choice"
		return bad
	}
	if strings.TrimSpace(q.Stem) == "" {
		bad["stem"] = "err.required"
	}
	if q.Kind == QuestionTrueFal {
		q.Options = TrueFalseOptions()
	}
	keys := map[string]bool{}
	for _, o := range q.Options {
		if o.Key == "" || strings.TrimSpace(o.Text) == "" || keys[o.Key] {
			bad["options"] = "study.question.options"
		}
		keys[o.Key] = true
	}
	if len(q.Options) < 2 {
		bad["options"] = "study.question.options"
	}
	q.Answer = NormaliseAnswer(q.Answer)
	for _, k := range q.Answer {
		if !keys[k] {
			bad["answer"] = "study.question.answer_unknown"
		}
	}
	switch {
	case len(q.Answer) == 0:
		bad["answer"] = "err.required"
	case q.Kind != QuestionMultiple && len(q.Answer) != 1:
		bad["answer"] = "study.question.answer_one"
	case q.Kind == QuestionMultiple && len(q.Answer) < 2:
		bad["answer"] = "study.question.answer_many"
	}
	return bad
}

// NormaliseAnswer upper-cases, de-duplicates and sorts option keys.
func NormaliseAnswer(keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		k = strings.ToUpper(strings.TrimSpace(k))
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// Correct reports whether given answers the question. A multiple-choice question is
// all-or-nothing: the exact set of correct options, no partial credit (the usual rule of
// party knowledge tests, and the one that cannot be gamed by ticking everything).
func (q *Question) Correct(given []string) bool {
	return slices.Equal(NormaliseAnswer(given), q.Answer)
}

// Exam is a quiz or exam over questions of the bank. Either QuestionIDs is a fixed list, or
// RandomCount questions are drawn per attempt from questions carrying any of Tags. A contest
// (knowledge competition) has a live leaderboard.
type Exam struct {
	ID               int64    `json:"id,string"`
	OrgID            int64    `json:"org_id,string"` // members of this subtree take it
	OrgPath          string   `json:"-"`
	Title            string   `json:"title"`
	QuestionIDs      []int64  `json:"question_ids,omitempty"`
	Tags             []string `json:"tags,omitempty"`
	RandomCount      int      `json:"random_count,omitempty"`
	TimeLimitSeconds int      `json:"time_limit_seconds"`
	PassMark         int      `json:"pass_mark"` // score out of 100
	MaxAttempts      int      `json:"max_attempts"`
	Shuffle          bool     `json:"shuffle"`
	Contest          bool     `json:"contest"`
	// OpensAt and ClosesAt bound when attempts may be started (nil: no bound on that side).
	// An attempt started inside the window runs to its own time limit even when the window
	// closes meanwhile.
	OpensAt   *time.Time `json:"opens_at"`
	ClosesAt  *time.Time `json:"closes_at"`
	CreatedBy string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
}

// Exam window states (Exam.Window).
const (
	ExamNotOpen = "not_open" // 未开始
	ExamOpen    = "open"     // 进行中
	ExamClosed  = "closed"   // 已结束
)

// Window says whether attempts may be started at t: before OpensAt the exam is not open, from
// ClosesAt on it is closed (OpensAt itself is inside, ClosesAt is not).
func (e *Exam) Window(t time.Time) string {
	switch {
	case e.OpensAt != nil && t.Before(*e.OpensAt):
		return ExamNotOpen
	case e.ClosesAt != nil && !t.Before(*e.ClosesAt):
		return ExamClosed
	}
	return ExamOpen
}

// Attempt statuses.
const (
	AttemptOpen      = "open"
	AttemptSubmitted = "submitted"
	AttemptExpired   = "expired" // submitted too late; counts as an attempt, scores nothing
)

// Attempt is one member's sitting of an exam: the questions drawn, in the order shown.
type Attempt struct {
	ID            int64               `json:"id,string"`
	ExamID        int64               `json:"exam_id,string"`
	MemberID      int64               `json:"member_id,string"`
	QuestionIDs   []int64             `json:"question_ids"`
	Status        string              `json:"status"`
	StartedAt     time.Time           `json:"started_at"`
	DeadlineAt    time.Time           `json:"deadline_at"`
	SubmittedAt   *time.Time          `json:"submitted_at"`
	Answers       map[string][]string `json:"answers,omitempty"`
	Score         int                 `json:"score"`
	Passed        bool                `json:"passed"`
	PointsAwarded Points              `json:"points_awarded"`
	DurationMS    int64               `json:"duration_ms"`
}
