package study

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// The managers' side of study (学习管理): course lists with completion rates, edits and
// assignments, completion per member, question choices for an exam, and exam results.

// CanManage reports whether the actor manages study content of the organisation at path
// (org_admin or secretary over it, or an administrator). Pages use it to decide what to
// offer; every method checks again.
func CanManage(a *auth.Actor, path string) bool { return canManage(a, path) }

// Manages reports whether the actor manages study content anywhere.
func Manages(a *auth.Actor) bool { return len(managedScopes(a)) > 0 }

// CourseSummary is a course on the managers' list with its completion within the caller's
// managed subtrees (required assignments only; optional ones expect nobody).
type CourseSummary struct {
	domain.Course
	Manageable bool    `json:"manageable"` // the caller manages its owner: may edit it
	Expected   int     `json:"expected"`
	Completed  int     `json:"completed"`
	Rate       float64 `json:"rate"`
}

// ManagedCourses lists the courses owned or assigned within the subtrees the actor manages
// (and those assigned to an organisation above them), newest first, each with its completion
// among the current members of those subtrees.
// Who: org_admin, secretary, administrator. Errors: EForbidden (manages no organisation).
func (s *Service) ManagedCourses(ctx context.Context, a *auth.Actor) ([]CourseSummary, error) {
	scopes := managedScopes(a)
	if len(scopes) == 0 {
		return nil, domain.Forbidden()
	}
	q := s.DB.Read()
	list, err := q.Courses(ctx, store.CourseFilter{ManagedScopes: scopes})
	if err != nil {
		return nil, err
	}
	out := make([]CourseSummary, 0, len(list))
	members := map[string]int{} // current members per subtree: many courses share their roots
	for _, c := range list {
		it := CourseSummary{Course: c, Manageable: canManage(a, c.OrgPath)}
		for _, root := range requiredRoots(&c, scopes) {
			n, seen := members[root]
			if !seen {
				if n, err = q.CountCurrentMembers(ctx, root); err != nil {
					return nil, err
				}
				members[root] = n
			}
			done, err := q.CourseCompletedCount(ctx, c.ID, root)
			if err != nil {
				return nil, err
			}
			it.Expected += n
			it.Completed += done
		}
		it.Rate = rate(it.Completed, it.Expected)
		out = append(out, it)
	}
	return out, nil
}

// ManagedCourse returns a course for its edit form.
// Who: org_admin or secretary over its owner. Errors: ENotFound (a course the caller cannot
// see), EForbidden (a course they see but do not own, e.g. a member reading it).
func (s *Service) ManagedCourse(ctx context.Context, a *auth.Actor, id int64) (*domain.Course, error) {
	c, err := s.visibleCourse(ctx, s.DB.Read(), a, id)
	if err != nil {
		return nil, err
	}
	if !canManage(a, c.OrgPath) {
		return nil, domain.Forbidden()
	}
	return c, nil
}

// CourseUpdate is the editable content of a course (all fields, as the edit form sends them).
type CourseUpdate struct {
	Title      string `json:"title"`
	Kind       string `json:"kind"`
	Body       string `json:"body"`
	URL        string `json:"url"`
	MinSeconds int    `json:"min_seconds"`
	// File replaces the document of a document course (see CourseInput.File).
	File *CourseFileInput `json:"-"`
}

// UpdateCourse changes a course's title, kind, content and minimum study time. Members'
// recorded seconds stay, and so do completions already reached; under a lower minimum a
// member is completed at their next heartbeat. Audited as study.course.update with the
// course before and after. A document keeps its stored file unless In.File replaces it
// (audited as study.course.file); a course that stops being a document loses its file.
// Who: org_admin or secretary over the owning organisation. Errors: ENotFound (a course the
// caller cannot see), EForbidden (one they see but do not own), EInvalid (title, kind, body,
// url — a document with neither link nor file —, min_seconds, file).
func (s *Service) UpdateCourse(ctx context.Context, a *auth.Actor, id int64, in CourseUpdate) (*domain.Course, error) {
	var v domain.Validation
	var fields domain.Course
	// The stored file is looked at in the transaction; until then a document may lack a link.
	courseFields(&v, &fields, in.Title, in.Kind, in.Body, in.URL, in.MinSeconds, true)
	var file *domain.CourseFile
	if in.File != nil && fields.Kind == domain.CourseDocument {
		file = checkCourseFile(&v, in.File)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *domain.Course
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		c, err := s.visibleCourse(ctx, q, a, id)
		if err != nil {
			return err
		}
		if !canManage(a, c.OrgPath) {
			return domain.Forbidden()
		}
		stored, err := q.CourseFileInfo(ctx, c.ID)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if fields.Kind == domain.CourseDocument && fields.URL == "" && file == nil && stored == nil {
			return invalid("url", "err.required")
		}
		before := *c
		c.Title, c.Kind, c.Body, c.URL, c.MinSeconds = fields.Title, fields.Kind, fields.Body, fields.URL, fields.MinSeconds
		if err := q.UpdateCourse(ctx, c); err != nil {
			return err
		}
		out = c
		if err := audit.Record(ctx, q, a, "study.course.update", "course", c.ID, c.OrgPath, &before, c); err != nil {
			return err
		}
		switch {
		case file != nil:
			return saveCourseFile(ctx, q, a, c, file, in.File.Content)
		case stored != nil && c.Kind != domain.CourseDocument:
			if _, err := q.DeleteCourseFile(ctx, c.ID); err != nil {
				return err
			}
			return audit.Record(ctx, q, a, "study.course.file", "course", c.ID, c.OrgPath, stored, nil)
		}
		return nil
	})
	return out, err
}

// Unassign removes a course's assignment to an organisation. Members' progress stays (a
// later assignment counts it again). Audited as study.course.unassign.
// Who: org_admin or secretary over the assigned organisation, for a course they can see.
// Errors: ENotFound (course; err.not_found.course_assignment when the course is not
// assigned to that organisation), EForbidden.
func (s *Service) Unassign(ctx context.Context, a *auth.Actor, courseID, orgID int64) (*domain.Course, error) {
	var out *domain.Course
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		c, err := s.visibleCourse(ctx, q, a, courseID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(c.Assignments, func(x domain.CourseAssignment) bool { return x.OrgID == orgID })
		if i < 0 {
			return domain.NotFound("course_assignment")
		}
		asg := c.Assignments[i]
		if !canManage(a, asg.OrgPath) {
			return domain.Forbidden()
		}
		if _, err := q.DeleteCourseAssignment(ctx, c.ID, orgID); err != nil {
			return err
		}
		if err := audit.Record(ctx, q, a, "study.course.unassign", "course", c.ID, asg.OrgPath, &asg, nil); err != nil {
			return err
		}
		out, err = q.Course(ctx, c.ID)
		return err
	})
	return out, err
}

// MemberProgress is one member's study of a course on the completion list.
type MemberProgress struct {
	MemberID    int64      `json:"member_id,string"`
	Name        string     `json:"name"`
	OrgID       int64      `json:"org_id,string"`
	OrgName     string     `json:"org_name"`
	Required    bool       `json:"required"` // under a required assignment: counted in the rates
	Seconds     int        `json:"seconds"`
	CompletedAt *time.Time `json:"completed_at"`
	LastBeatAt  *time.Time `json:"last_beat_at"`
}

// Completion is a course's completion under an organisation: the rates per organisation of
// members (required assignments) and every current member an assignment covers.
type Completion struct {
	Course  *domain.Course   `json:"course"`
	Org     *domain.Org      `json:"org"`
	Rates   *Rates           `json:"rates"`
	Members []MemberProgress `json:"members"`
}

// CourseCompletion returns who has studied a course under orgID: every current member in
// the subtree covered by an assignment (required or optional), by organisation and name,
// with their effective seconds and completion, and the completion rates of the required
// assignments. orgID 0 picks the organisation the caller oversees nearest the course: its
// owner, else an assigned organisation, else the top of the caller's scope inside an
// assignment.
// Who: readers of members over the organisation (auditors included) and study managers,
// for a course they can see. Errors: ENotFound (the course; an organisation outside the
// caller's member read scope), EInvalid (org_id unknown).
func (s *Service) CourseCompletion(ctx context.Context, a *auth.Actor, courseID, orgID int64) (*Completion, error) {
	q := s.DB.Read()
	c, err := s.visibleCourse(ctx, q, a, courseID)
	if err != nil {
		return nil, err
	}
	if orgID == 0 {
		orgID = defaultRateOrg(a, c)
		if orgID == 0 {
			return nil, domain.NotFound("org")
		}
	}
	o, err := loadOrg(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	if !readsMembers(a, o.Path) {
		return nil, domain.NotFound("org")
	}
	out := &Completion{Course: c, Org: o, Members: []MemberProgress{}}
	if out.Rates, err = rates(ctx, q, c, o); err != nil {
		return nil, err
	}
	var ids []int64
	for _, root := range coveredRoots(c, []string{o.Path}, false) {
		rows, err := q.CourseMembers(ctx, c.ID, root)
		if err != nil {
			return nil, err
		}
		for _, m := range rows {
			required := slices.ContainsFunc(c.Assignments, func(asg domain.CourseAssignment) bool {
				return asg.Required && domain.InSubtree(m.OrgPath, asg.OrgPath)
			})
			out.Members = append(out.Members, MemberProgress{MemberID: m.MemberID, Name: m.Name, OrgID: m.OrgID, Required: required,
				Seconds: m.Seconds, CompletedAt: m.CompletedAt, LastBeatAt: m.LastBeatAt})
			ids = append(ids, m.OrgID)
		}
	}
	names, err := q.OrgsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out.Members {
		if n := names[out.Members[i].OrgID]; n != nil {
			out.Members[i].OrgName = n.Name
		}
	}
	return out, nil
}

func readsMembers(a *auth.Actor, path string) bool {
	return a.Can(auth.MemberRead, path) || canManage(a, path)
}

// defaultRateOrg is the organisation a completion page opens on (see CourseCompletion), 0
// when the caller reads none.
func defaultRateOrg(a *auth.Actor, c *domain.Course) int64 {
	if readsMembers(a, c.OrgPath) {
		return c.OrgID
	}
	for _, asg := range c.Assignments {
		if readsMembers(a, asg.OrgPath) {
			return asg.OrgID
		}
	}
	scopes := append(managedScopes(a), a.Scopes(auth.MemberRead)...)
	slices.Sort(scopes)
	for _, sc := range scopes {
		ids := domain.PathIDs(sc)
		if len(ids) == 0 {
			continue
		}
		for _, asg := range c.Assignments {
			if domain.InSubtree(sc, asg.OrgPath) {
				return ids[len(ids)-1]
			}
		}
	}
	return 0
}

// QuestionChoice is a question an exam may use, as the exam form lists it: no answer (the
// banks of organisations above belong to others, and a secretary may sit the exam too).
type QuestionChoice struct {
	ID    int64    `json:"id,string"`
	OrgID int64    `json:"org_id,string"`
	Kind  string   `json:"kind"`
	Stem  string   `json:"stem"`
	Tags  []string `json:"tags"`
}

// QuestionChoices lists the questions an exam of orgID may use (the banks of the
// organisation and its ancestors), optionally only those carrying any of tags, in id order.
// Who: org_admin or secretary over the organisation. Errors: EInvalid (org_id unknown),
// EForbidden.
func (s *Service) QuestionChoices(ctx context.Context, a *auth.Actor, orgID int64, tags []string) ([]QuestionChoice, error) {
	q := s.DB.Read()
	o, err := loadOrg(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	if !canManage(a, o.Path) {
		return nil, domain.Forbidden()
	}
	list, err := q.Questions(ctx, store.QuestionFilter{UsableFrom: o.Path, Tags: cleanTags(tags)})
	if err != nil {
		return nil, err
	}
	out := make([]QuestionChoice, 0, len(list))
	for _, x := range list {
		out = append(out, QuestionChoice{ID: x.ID, OrgID: x.OrgID, Kind: x.Kind, Stem: x.Stem, Tags: x.Tags})
	}
	return out, nil
}

// ExamSummary is an exam with its results so far.
type ExamSummary struct {
	domain.Exam
	Questions int     `json:"questions"` // per attempt
	Expected  int     `json:"expected"`  // current members of the subtree that may take it
	Takers    int     `json:"takers"`    // members who submitted at least once
	Attempts  int     `json:"attempts"`  // submitted attempts
	Passed    int     `json:"passed"`    // members who passed
	PassRate  float64 `json:"pass_rate"` // passed ÷ takers
	Average   float64 `json:"average"`   // mean of the takers' best scores
}

// ExamResultRow is one member's results at an exam.
type ExamResultRow struct {
	MemberID   int64  `json:"member_id,string"`
	Name       string `json:"name"`
	OrgID      int64  `json:"org_id,string"`
	OrgName    string `json:"org_name"`
	Attempts   int    `json:"attempts"`  // started, whatever became of them
	Submitted  int    `json:"submitted"` // submitted in time
	BestScore  int    `json:"best_score"`
	Scored     bool   `json:"scored"` // BestScore is set
	Passed     bool   `json:"passed"`
	DurationMS int64  `json:"duration_ms"` // of the best attempt
}

// ExamReport is an exam's summary and every member's results.
type ExamReport struct {
	Summary ExamSummary     `json:"summary"`
	Rows    []ExamResultRow `json:"rows"`
}

func summarise(e domain.Exam, expected int, takers []store.ExamTaker) ExamSummary {
	sum := ExamSummary{Exam: e, Questions: len(e.QuestionIDs), Expected: expected}
	if e.RandomCount > 0 {
		sum.Questions = e.RandomCount
	}
	total := 0
	for _, t := range takers {
		if !t.Scored {
			continue
		}
		sum.Takers++
		sum.Attempts += t.Submitted
		total += t.BestScore
		if t.Passed {
			sum.Passed++
		}
	}
	if sum.Takers > 0 {
		sum.PassRate = float64(sum.Passed) / float64(sum.Takers)
		sum.Average = float64(total) / float64(sum.Takers)
	}
	return sum
}

// ManagedExams lists the exams and contests of the subtrees the actor manages, newest
// first, with their results.
// Who: org_admin, secretary, administrator. Errors: EForbidden (manages no organisation).
func (s *Service) ManagedExams(ctx context.Context, a *auth.Actor) ([]ExamSummary, error) {
	scopes := managedScopes(a)
	if len(scopes) == 0 {
		return nil, domain.Forbidden()
	}
	q := s.DB.Read()
	exams, err := q.Exams(ctx, scopes, "")
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(exams))
	for i, e := range exams {
		ids[i] = e.ID
	}
	takers, err := q.ExamTakers(ctx, ids)
	if err != nil {
		return nil, err
	}
	byExam := map[int64][]store.ExamTaker{}
	for _, t := range takers {
		byExam[t.ExamID] = append(byExam[t.ExamID], t)
	}
	expected := map[string]int{}
	out := make([]ExamSummary, 0, len(exams))
	for _, e := range exams {
		n, seen := expected[e.OrgPath]
		if !seen {
			if n, err = q.CountCurrentMembers(ctx, e.OrgPath); err != nil {
				return nil, err
			}
			expected[e.OrgPath] = n
		}
		out = append(out, summarise(e, n, byExam[e.ID]))
	}
	return out, nil
}

// ExamResults returns an exam's summary and each member's results: best score first, then
// the shorter time, then name; members who never submitted last.
// Who: managers and readers (auditors included) of the exam's organisation. Errors:
// ENotFound (an exam the caller cannot see), EForbidden (a member who may take it).
func (s *Service) ExamResults(ctx context.Context, a *auth.Actor, examID int64) (*ExamReport, error) {
	q := s.DB.Read()
	mp, err := memberPath(ctx, q, a)
	if err != nil {
		return nil, err
	}
	e, err := visibleExam(ctx, q, a, examID, mp)
	if err != nil {
		return nil, err
	}
	if !canOversee(a, e.OrgPath) {
		return nil, domain.Forbidden()
	}
	takers, err := q.ExamTakers(ctx, []int64{e.ID})
	if err != nil {
		return nil, err
	}
	n, err := q.CountCurrentMembers(ctx, e.OrgPath)
	if err != nil {
		return nil, err
	}
	rep := &ExamReport{Summary: summarise(*e, n, takers), Rows: make([]ExamResultRow, 0, len(takers))}
	var ids []int64
	for _, t := range takers {
		rep.Rows = append(rep.Rows, ExamResultRow{MemberID: t.MemberID, Name: t.Name, OrgID: t.OrgID, Attempts: t.Attempts,
			Submitted: t.Submitted, BestScore: t.BestScore, Scored: t.Scored, Passed: t.Passed, DurationMS: t.DurationMS})
		ids = append(ids, t.OrgID)
	}
	names, err := q.OrgsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range rep.Rows {
		if o := names[rep.Rows[i].OrgID]; o != nil {
			rep.Rows[i].OrgName = o.Name
		}
	}
	slices.SortStableFunc(rep.Rows, func(x, y ExamResultRow) int {
		switch {
		case x.Scored != y.Scored:
			if x.Scored {
				return -1
			}
			return 1
		case x.BestScore != y.BestScore:
			return y.BestScore - x.BestScore
		case x.DurationMS != y.DurationMS:
			if x.DurationMS < y.DurationMS {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Name, y.Name)
	})
	return rep, nil
}
