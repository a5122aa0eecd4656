package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"dangjian/internal/domain"
)

// Study and exams (migration 00013). Who may do what is decided in internal/study.

// tagText stores tags as "|a|b|" so that LIKE '%|a|%' finds one.
func tagText(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "|" + strings.Join(tags, "|") + "|"
}

func tagList(s string) []string {
	s = strings.Trim(s, "|")
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "|")
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// InsertCourse stores a course and its assignments.
func (q *Q) InsertCourse(ctx context.Context, c *domain.Course, createdBy int64) error {
	c.CreatedAt = now()
	err := q.q.QueryRowContext(ctx, `INSERT INTO courses (org_id, org_path, title, kind, body, url, min_seconds,
		created_by, created_by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		c.OrgID, c.OrgPath, c.Title, c.Kind, c.Body, c.URL, c.MinSeconds, nullInt(createdBy), c.CreatedBy,
		c.CreatedAt).Scan(&c.ID)
	if err != nil {
		return err
	}
	for i := range c.Assignments {
		c.Assignments[i].CourseID = c.ID
		if err := q.UpsertCourseAssignment(ctx, &c.Assignments[i]); err != nil {
			return err
		}
	}
	return nil
}

// UpsertCourseAssignment assigns a course to an organisation, replacing an earlier
// assignment to the same organisation.
func (q *Q) UpsertCourseAssignment(ctx context.Context, a *domain.CourseAssignment) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO course_assignments (course_id, org_id, org_path, required, due_on)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (course_id, org_id) DO UPDATE SET org_path = excluded.org_path,
		required = excluded.required, due_on = excluded.due_on`, a.CourseID, a.OrgID, a.OrgPath, boolInt(a.Required), a.DueOn)
	return err
}

const courseCols = `c.id, c.org_id, c.org_path, c.title, c.kind, c.body, c.url, c.min_seconds, c.created_by_name, c.created_at`

func scanCourse(row interface{ Scan(...any) error }, c *domain.Course) error {
	return row.Scan(&c.ID, &c.OrgID, &c.OrgPath, &c.Title, &c.Kind, &c.Body, &c.URL, &c.MinSeconds, &c.CreatedBy, &c.CreatedAt)
}

// Course returns a course with its assignments, sql.ErrNoRows when missing.
func (q *Q) Course(ctx context.Context, id int64) (*domain.Course, error) {
	var c domain.Course
	if err := scanCourse(q.q.QueryRowContext(ctx, `SELECT `+courseCols+` FROM courses c WHERE c.id = $1`, id), &c); err != nil {
		return nil, err
	}
	list := []*domain.Course{&c}
	return &c, q.fillAssignments(ctx, list)
}

// CourseFilter selects courses: those owned or assigned within ManagedScopes or assigned
// above them, and those assigned to an organisation on the path of MemberPath (the member's
// branch or an ancestor of it).
type CourseFilter struct {
	ManagedScopes []string
	MemberPath    string
}

// Courses lists the courses a filter selects, newest first.
func (q *Q) Courses(ctx context.Context, f CourseFilter) ([]domain.Course, error) {
	args := []any{}
	where := []string{scopeClause("c.org_path", f.ManagedScopes, &args)}
	if len(f.ManagedScopes) > 0 {
		// Managers also see courses assigned within their subtrees or to an organisation above.
		var in []string
		for _, sc := range f.ManagedScopes {
			in = append(in, ancestorIn(sc, &args))
		}
		where = append(where, `c.id IN (SELECT a.course_id FROM course_assignments a WHERE `+
			scopeClause("a.org_path", f.ManagedScopes, &args)+` OR a.org_path IN (`+strings.Join(in, ", ")+`))`)
	}
	if f.MemberPath != "" {
		in := ancestorIn(f.MemberPath, &args)
		where = append(where, `c.id IN (SELECT a.course_id FROM course_assignments a WHERE a.org_path IN (`+in+`))`)
	}
	rows, err := q.q.QueryContext(ctx, `SELECT `+courseCols+` FROM courses c WHERE `+strings.Join(where, " OR ")+
		` ORDER BY c.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Course
	for rows.Next() {
		var c domain.Course
		if err := scanCourse(rows, &c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ptrs := make([]*domain.Course, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, q.fillAssignments(ctx, ptrs)
}

// ancestorIn appends the paths of path and its ancestors to args and returns the list of
// their placeholders.
func ancestorIn(path string, args *[]any) string {
	var ph []string
	p := "/"
	for _, id := range domain.PathIDs(path) {
		p = domain.OrgPath(p, id)
		*args = append(*args, p)
		ph = append(ph, placeholder(len(*args)))
	}
	if len(ph) == 0 {
		return "NULL"
	}
	return strings.Join(ph, ", ")
}

func (q *Q) fillAssignments(ctx context.Context, list []*domain.Course) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[int64]*domain.Course{}
	ids := make([]int64, len(list))
	for i, c := range list {
		byID[c.ID], ids[i] = c, c.ID
		c.Assignments = []domain.CourseAssignment{}
	}
	in, args := idList(ids)
	rows, err := q.q.QueryContext(ctx, `SELECT course_id, org_id, org_path, required, due_on FROM course_assignments
		WHERE course_id IN (`+in+`) ORDER BY course_id, org_path`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a domain.CourseAssignment
		var req int
		if err := rows.Scan(&a.CourseID, &a.OrgID, &a.OrgPath, &req, &a.DueOn); err != nil {
			return err
		}
		a.Required = req != 0
		c := byID[a.CourseID]
		c.Assignments = append(c.Assignments, a)
	}
	return rows.Err()
}

// CourseProgress returns a member's progress on a course (locked in write transactions on
// PostgreSQL), sql.ErrNoRows when they have not started.
func (q *Q) CourseProgress(ctx context.Context, courseID, memberID int64) (*domain.CourseProgress, error) {
	p := domain.CourseProgress{CourseID: courseID, MemberID: memberID}
	var done sql.NullTime
	err := q.q.QueryRowContext(ctx, `SELECT seconds, last_beat_at, completed_at FROM course_progress
		WHERE course_id = $1 AND member_id = $2`+q.forUpdate(), courseID, memberID).Scan(&p.Seconds, &p.LastBeatAt, &done)
	if err != nil {
		return nil, err
	}
	if done.Valid {
		t := done.Time.UTC()
		p.CompletedAt = &t
	}
	p.LastBeatAt = p.LastBeatAt.UTC()
	return &p, nil
}

// SaveCourseProgress inserts or updates a member's progress.
func (q *Q) SaveCourseProgress(ctx context.Context, p *domain.CourseProgress) error {
	var done any
	if p.CompletedAt != nil {
		done = *p.CompletedAt
	}
	_, err := q.q.ExecContext(ctx, `INSERT INTO course_progress (course_id, member_id, seconds, last_beat_at, completed_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (course_id, member_id) DO UPDATE SET seconds = excluded.seconds,
		last_beat_at = excluded.last_beat_at, completed_at = excluded.completed_at`,
		p.CourseID, p.MemberID, p.Seconds, p.LastBeatAt, done)
	return err
}

// StudyRate is the completion of a course among the current members of one organisation.
type StudyRate struct {
	OrgID     int64
	Expected  int
	Completed int
}

// CourseRates counts, per organisation of members (their branch) in the subtree at path,
// the current members and those who completed the course.
func (q *Q) CourseRates(ctx context.Context, courseID int64, path string) ([]StudyRate, error) {
	args := []any{courseID}
	scope := scopeClause("m.org_path", []string{path}, &args)
	rows, err := q.q.QueryContext(ctx, `SELECT m.org_id, COUNT(*), COUNT(p.completed_at) FROM members m
		LEFT JOIN course_progress p ON p.member_id = m.id AND p.course_id = $1
		WHERE `+scope+` AND m.left_on IS NULL GROUP BY m.org_id ORDER BY m.org_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StudyRate
	for rows.Next() {
		var r StudyRate
		if err := rows.Scan(&r.OrgID, &r.Expected, &r.Completed); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// InsertQuestions stores questions of the bank.
func (q *Q) InsertQuestions(ctx context.Context, list []*domain.Question) error {
	at := now()
	for _, x := range list {
		err := q.q.QueryRowContext(ctx, `INSERT INTO questions (org_id, org_path, kind, stem, options, answer, tags,
			created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, x.OrgID, x.OrgPath, x.Kind, x.Stem,
			jsonText(x.Options), jsonText(x.Answer), tagText(x.Tags), at).Scan(&x.ID)
		if err != nil {
			return err
		}
	}
	return nil
}

const questionCols = `id, org_id, org_path, kind, stem, options, answer, tags`

func scanQuestion(row interface{ Scan(...any) error }, x *domain.Question) error {
	var opts, ans, tags string
	if err := row.Scan(&x.ID, &x.OrgID, &x.OrgPath, &x.Kind, &x.Stem, &opts, &ans, &tags); err != nil {
		return err
	}
	x.Tags = tagList(tags)
	if err := json.Unmarshal([]byte(opts), &x.Options); err != nil {
		return err
	}
	return json.Unmarshal([]byte(ans), &x.Answer)
}

func (q *Q) questions(ctx context.Context, text string, args ...any) ([]domain.Question, error) {
	rows, err := q.q.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Question
	for rows.Next() {
		var x domain.Question
		if err := scanQuestion(rows, &x); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// QuestionsByIDs returns questions by id (in no particular order).
func (q *Q) QuestionsByIDs(ctx context.Context, ids []int64) ([]domain.Question, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := idList(ids)
	return q.questions(ctx, `SELECT `+questionCols+` FROM questions WHERE id IN (`+in+`)`, args...)
}

// QuestionFilter selects questions of the bank: within Scopes (managers' lists), or owned
// by an organisation on the path of UsableFrom (the exam's organisation or an ancestor) and
// carrying any of Tags.
type QuestionFilter struct {
	Scopes     []string
	UsableFrom string
	Tags       []string
}

// Questions lists questions in id order.
func (q *Q) Questions(ctx context.Context, f QuestionFilter) ([]domain.Question, error) {
	args := []any{}
	var where []string
	if f.UsableFrom != "" {
		where = append(where, "org_path IN ("+ancestorIn(f.UsableFrom, &args)+")")
	} else {
		where = append(where, scopeClause("org_path", f.Scopes, &args))
	}
	if len(f.Tags) > 0 {
		var or []string
		for _, t := range f.Tags {
			args = append(args, "%|"+t+"|%")
			or = append(or, "tags LIKE "+placeholder(len(args)))
		}
		where = append(where, "("+strings.Join(or, " OR ")+")")
	}
	return q.questions(ctx, `SELECT `+questionCols+` FROM questions WHERE `+strings.Join(where, " AND ")+` ORDER BY id`, args...)
}

// InsertExam stores an exam.
func (q *Q) InsertExam(ctx context.Context, e *domain.Exam, createdBy int64) error {
	e.CreatedAt = now()
	return q.q.QueryRowContext(ctx, `INSERT INTO exams (org_id, org_path, title, question_ids, tags, random_count,
		time_limit_seconds, pass_mark, max_attempts, shuffle, contest, created_by, created_by_name, created_at, opens_at, closes_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`, e.OrgID, e.OrgPath, e.Title,
		jsonText(e.QuestionIDs), tagText(e.Tags), e.RandomCount, e.TimeLimitSeconds, e.PassMark, e.MaxAttempts,
		boolInt(e.Shuffle), boolInt(e.Contest), nullInt(createdBy), e.CreatedBy, e.CreatedAt, e.OpensAt, e.ClosesAt).Scan(&e.ID)
}

const examCols = `id, org_id, org_path, title, question_ids, tags, random_count, time_limit_seconds, pass_mark,
	max_attempts, shuffle, contest, created_by_name, created_at, opens_at, closes_at`

func scanExam(row interface{ Scan(...any) error }, e *domain.Exam) error {
	var ids, tags string
	var shuffle, contest int
	var opens, closes sql.NullTime
	if err := row.Scan(&e.ID, &e.OrgID, &e.OrgPath, &e.Title, &ids, &tags, &e.RandomCount, &e.TimeLimitSeconds,
		&e.PassMark, &e.MaxAttempts, &shuffle, &contest, &e.CreatedBy, &e.CreatedAt, &opens, &closes); err != nil {
		return err
	}
	e.OpensAt, e.ClosesAt = nullTime(opens), nullTime(closes)
	e.Tags, e.Shuffle, e.Contest = tagList(tags), shuffle != 0, contest != 0
	return json.Unmarshal([]byte(ids), &e.QuestionIDs)
}

// Exam returns an exam, sql.ErrNoRows when missing.
func (q *Q) Exam(ctx context.Context, id int64) (*domain.Exam, error) {
	var e domain.Exam
	return &e, scanExam(q.q.QueryRowContext(ctx, `SELECT `+examCols+` FROM exams WHERE id = $1`, id), &e)
}

// LockExam returns an exam locked until the transaction ends on PostgreSQL (SQLite's write
// transactions are exclusive anyway): a member's concurrent starts then cannot both pass
// the attempt limit.
func (q *Q) LockExam(ctx context.Context, id int64) (*domain.Exam, error) {
	var e domain.Exam
	return &e, scanExam(q.q.QueryRowContext(ctx, `SELECT `+examCols+` FROM exams WHERE id = $1`+q.forUpdate(), id), &e)
}

// Exams lists exams owned within scopes or on the path of memberPath, newest first.
func (q *Q) Exams(ctx context.Context, scopes []string, memberPath string) ([]domain.Exam, error) {
	args := []any{}
	where := []string{scopeClause("org_path", scopes, &args)}
	if memberPath != "" {
		where = append(where, "org_path IN ("+ancestorIn(memberPath, &args)+")")
	}
	rows, err := q.q.QueryContext(ctx, `SELECT `+examCols+` FROM exams WHERE `+strings.Join(where, " OR ")+
		` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Exam
	for rows.Next() {
		var e domain.Exam
		if err := scanExam(rows, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// InsertAttempt stores a new attempt.
func (q *Q) InsertAttempt(ctx context.Context, a *domain.Attempt) error {
	return q.q.QueryRowContext(ctx, `INSERT INTO exam_attempts (exam_id, member_id, question_ids, status, started_at,
		deadline_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.ExamID, a.MemberID, jsonText(a.QuestionIDs),
		a.Status, a.StartedAt, a.DeadlineAt).Scan(&a.ID)
}

const attemptCols = `id, exam_id, member_id, question_ids, status, started_at, deadline_at, submitted_at, answers,
	score, passed, points_awarded, duration_ms`

func scanAttempt(row interface{ Scan(...any) error }, a *domain.Attempt) error {
	var ids, answers string
	var passed int
	var pts int64
	var sub sql.NullTime
	if err := row.Scan(&a.ID, &a.ExamID, &a.MemberID, &ids, &a.Status, &a.StartedAt, &a.DeadlineAt, &sub, &answers,
		&a.Score, &passed, &pts, &a.DurationMS); err != nil {
		return err
	}
	a.StartedAt, a.DeadlineAt = a.StartedAt.UTC(), a.DeadlineAt.UTC()
	if sub.Valid {
		t := sub.Time.UTC()
		a.SubmittedAt = &t
	}
	a.Passed, a.PointsAwarded = passed != 0, domain.Points(pts)
	if err := json.Unmarshal([]byte(answers), &a.Answers); err != nil {
		return err
	}
	return json.Unmarshal([]byte(ids), &a.QuestionIDs)
}

// Attempt returns an attempt (locked in write transactions on PostgreSQL), sql.ErrNoRows
// when missing.
func (q *Q) Attempt(ctx context.Context, id int64) (*domain.Attempt, error) {
	var a domain.Attempt
	return &a, scanAttempt(q.q.QueryRowContext(ctx, `SELECT `+attemptCols+` FROM exam_attempts WHERE id = $1`+q.forUpdate(), id), &a)
}

// Attempts lists a member's attempts at an exam, oldest first.
func (q *Q) Attempts(ctx context.Context, examID, memberID int64) ([]domain.Attempt, error) {
	return q.attempts(ctx, `SELECT `+attemptCols+` FROM exam_attempts WHERE exam_id = $1 AND member_id = $2 ORDER BY id`,
		examID, memberID)
}

// SubmittedAttempts lists the submitted attempts at an exam, best first (score descending,
// then time taken ascending, then the earlier attempt).
func (q *Q) SubmittedAttempts(ctx context.Context, examID int64) ([]domain.Attempt, error) {
	return q.attempts(ctx, `SELECT `+attemptCols+` FROM exam_attempts WHERE exam_id = $1 AND status = $2
		ORDER BY score DESC, duration_ms ASC, id ASC`, examID, domain.AttemptSubmitted)
}

func (q *Q) attempts(ctx context.Context, text string, args ...any) ([]domain.Attempt, error) {
	rows, err := q.q.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Attempt
	for rows.Next() {
		var a domain.Attempt
		if err := scanAttempt(rows, &a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FinishAttempt records an attempt's outcome (submitted or expired).
func (q *Q) FinishAttempt(ctx context.Context, a *domain.Attempt) error {
	var sub any
	if a.SubmittedAt != nil {
		sub = *a.SubmittedAt
	}
	_, err := q.q.ExecContext(ctx, `UPDATE exam_attempts SET status = $1, submitted_at = $2, answers = $3, score = $4,
		passed = $5, points_awarded = $6, duration_ms = $7 WHERE id = $8`, a.Status, sub, jsonText(a.Answers), a.Score,
		boolInt(a.Passed), int64(a.PointsAwarded), a.DurationMS, a.ID)
	return err
}
