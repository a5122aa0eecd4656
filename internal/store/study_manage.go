package store

import (
	"context"
	"database/sql"
	"time"

	"dangjian/internal/domain"
)

// The managers' side of study and exams (migration 00013): course edits, assignment
// removal, per-member completion and exam results. Who may do what is decided in
// internal/study.

// UpdateCourse writes the editable fields of a course.
func (q *Q) UpdateCourse(ctx context.Context, c *domain.Course) error {
	_, err := q.q.ExecContext(ctx, `UPDATE courses SET title = $1, kind = $2, body = $3, url = $4, min_seconds = $5
		WHERE id = $6`, c.Title, c.Kind, c.Body, c.URL, c.MinSeconds, c.ID)
	return err
}

// DeleteCourseAssignment removes a course's assignment to an organisation; it reports
// whether there was one. Progress already recorded stays.
func (q *Q) DeleteCourseAssignment(ctx context.Context, courseID, orgID int64) (bool, error) {
	res, err := q.q.ExecContext(ctx, `DELETE FROM course_assignments WHERE course_id = $1 AND org_id = $2`, courseID, orgID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// CourseMember is a current member of an organisation with their progress on a course
// (zero seconds and no times when they have not started).
type CourseMember struct {
	MemberID    int64
	Name        string
	OrgID       int64
	OrgPath     string
	Seconds     int
	LastBeatAt  *time.Time
	CompletedAt *time.Time
}

// CourseMembers lists the current members in the subtree at path with their progress on a
// course, by organisation path, then name and id.
func (q *Q) CourseMembers(ctx context.Context, courseID int64, path string) ([]CourseMember, error) {
	args := []any{courseID}
	scope := scopeClause("m.org_path", []string{path}, &args)
	rows, err := q.q.QueryContext(ctx, `SELECT m.id, m.name, m.org_id, m.org_path, COALESCE(p.seconds, 0), p.last_beat_at,
		p.completed_at FROM members m LEFT JOIN course_progress p ON p.member_id = m.id AND p.course_id = $1
		WHERE `+scope+` AND m.left_on IS NULL ORDER BY m.org_path, m.name, m.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CourseMember
	for rows.Next() {
		var m CourseMember
		var beat, done sql.NullTime
		if err := rows.Scan(&m.MemberID, &m.Name, &m.OrgID, &m.OrgPath, &m.Seconds, &beat, &done); err != nil {
			return nil, err
		}
		if beat.Valid {
			t := beat.Time.UTC()
			m.LastBeatAt = &t
		}
		if done.Valid {
			t := done.Time.UTC()
			m.CompletedAt = &t
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CountCurrentMembers counts the current members in the subtree at path.
func (q *Q) CountCurrentMembers(ctx context.Context, path string) (int, error) {
	args := []any{}
	scope := scopeClause("org_path", []string{path}, &args)
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE `+scope+` AND left_on IS NULL`, args...).Scan(&n)
	return n, err
}

// CourseCompletedCount counts the current members in the subtree at path who completed a
// course. It starts from the course's progress rows (few) rather than from the members
// (many), for lists of many courses over a large subtree.
func (q *Q) CourseCompletedCount(ctx context.Context, courseID int64, path string) (int, error) {
	args := []any{courseID}
	scope := scopeClause("m.org_path", []string{path}, &args)
	var n int
	err := q.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM course_progress p JOIN members m ON m.id = p.member_id
		WHERE p.course_id = $1 AND p.completed_at IS NOT NULL AND `+scope+` AND m.left_on IS NULL`, args...).Scan(&n)
	return n, err
}

// ExamTaker is one member's attempts at an exam: how many were started and submitted, the
// best submitted score (and whether it is set), whether any passed, and the shortest time of
// a submission with the best score.
type ExamTaker struct {
	ExamID     int64
	MemberID   int64
	Name       string
	OrgID      int64
	Attempts   int
	Submitted  int
	BestScore  int
	Scored     bool // submitted at least once
	Passed     bool
	DurationMS int64 // of the best attempt (score descending, then time ascending)
}

// ExamTakers lists, per exam of examIDs and member, their attempts (in no particular
// order).
func (q *Q) ExamTakers(ctx context.Context, examIDs []int64) ([]ExamTaker, error) {
	if len(examIDs) == 0 {
		return nil, nil
	}
	in, args := idList(examIDs)
	args = append(args, domain.AttemptSubmitted)
	st := placeholder(len(args))
	rows, err := q.q.QueryContext(ctx, `SELECT t.exam_id, t.member_id, m.name, m.org_id, COUNT(*),
		SUM(CASE WHEN t.status = `+st+` THEN 1 ELSE 0 END),
		MAX(CASE WHEN t.status = `+st+` THEN t.score END),
		MAX(t.passed)
		FROM exam_attempts t JOIN members m ON m.id = t.member_id
		WHERE t.exam_id IN (`+in+`) GROUP BY t.exam_id, t.member_id, m.name, m.org_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ExamTaker
	for rows.Next() {
		var x ExamTaker
		var best sql.NullInt64
		var passed int
		if err := rows.Scan(&x.ExamID, &x.MemberID, &x.Name, &x.OrgID, &x.Attempts, &x.Submitted, &best, &passed); err != nil {
			return nil, err
		}
		x.BestScore, x.Scored, x.Passed = int(best.Int64), best.Valid, passed != 0
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The time of each best attempt: the first of the board order per exam and member.
	rows, err = q.q.QueryContext(ctx, `SELECT exam_id, member_id, duration_ms FROM exam_attempts
		WHERE exam_id IN (`+in+`) AND status = `+st+` ORDER BY exam_id, member_id, score DESC, duration_ms ASC, id ASC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct{ exam, member int64 }
	best := map[key]int64{}
	for rows.Next() {
		var k key
		var ms int64
		if err := rows.Scan(&k.exam, &k.member, &ms); err != nil {
			return nil, err
		}
		if _, seen := best[k]; !seen {
			best[k] = ms
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].DurationMS = best[key{out[i].ExamID, out[i].MemberID}]
	}
	return out, nil
}
