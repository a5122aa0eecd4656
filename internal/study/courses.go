package study

import (
	"context"
	"database/sql"
	"net/url"
	"slices"
	"strings"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// CourseInput creates a course.
type CourseInput struct {
	OrgID       int64             `json:"org_id,string"`
	Title       string            `json:"title"`
	Kind        string            `json:"kind"`
	Body        string            `json:"body"`
	URL         string            `json:"url"`
	MinSeconds  int               `json:"min_seconds"`
	Assignments []AssignmentInput `json:"assignments"`
	// File is the uploaded document of a document course (the link may then stay empty);
	// ignored for the other kinds.
	File *CourseFileInput `json:"-"`
}

// AssignmentInput assigns a course to an organisation's subtree.
type AssignmentInput struct {
	OrgID    int64  `json:"org_id,string"`
	Required bool   `json:"required"`
	DueOn    string `json:"due_on"` // YYYY-MM-DD, optional
}

// maxMinSeconds bounds the minimum effective duration (8 hours is a long course already).
const maxMinSeconds = 8 * 3600

// CreateCourse creates a course owned by OrgID and assigns it.
// Who: org_admin or secretary over the owning organisation and every assigned one.
// A document course has a link, an uploaded file (In.File) or both; the file is stored and
// audited (study.course.file) in the same transaction.
// Errors: EForbidden, EInvalid (org_id, title, kind, body, url, min_seconds, assignments,
// file).
func (s *Service) CreateCourse(ctx context.Context, a *auth.Actor, in CourseInput) (*domain.Course, error) {
	var v domain.Validation
	c := &domain.Course{OrgID: in.OrgID, CreatedBy: a.Name()}
	courseFields(&v, c, in.Title, in.Kind, in.Body, in.URL, in.MinSeconds, in.File != nil)
	var file *domain.CourseFile
	if in.File != nil && c.Kind == domain.CourseDocument {
		file = checkCourseFile(&v, in.File)
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
		c.OrgPath = o.Path
		for _, ai := range in.Assignments {
			asg, err := assignment(ctx, q, a, ai)
			if err != nil {
				return err
			}
			c.Assignments = append(c.Assignments, *asg)
		}
		if err := q.InsertCourse(ctx, c, a.UserID()); err != nil {
			return err
		}
		if err := audit.Record(ctx, q, a, "study.course.create", "course", c.ID, c.OrgPath, nil, c); err != nil {
			return err
		}
		if file != nil {
			return saveCourseFile(ctx, q, a, c, file, in.File.Content)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// courseFields checks the fields a manager writes (on creation and on edit) into c: an
// article has a body, a video a web link, a document a link unless it has a file (hasFile:
// one is uploaded or stored); the other one is cleared.
func courseFields(v *domain.Validation, c *domain.Course, title, kind, body, link string, minSeconds int, hasFile bool) {
	c.Kind, c.MinSeconds, c.Body, c.URL = kind, minSeconds, "", ""
	c.Title = text(v, "title", title, 200, true)
	if !domain.Contains(domain.CourseKinds, kind) {
		v.Add("kind", "err.choice")
	}
	if c.Kind == domain.CourseArticle {
		c.Body = text(v, "body", body, 200000, true)
	} else {
		c.URL = text(v, "url", link, 2000, !(hasFile && kind == domain.CourseDocument))
		if u, err := url.Parse(c.URL); c.URL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
			v.Add("url", "study.course.url")
		}
	}
	if minSeconds < 1 || minSeconds > maxMinSeconds {
		v.Add("min_seconds", "study.course.min_seconds")
	}
}

func assignment(ctx context.Context, q *store.Q, a *auth.Actor, in AssignmentInput) (*domain.CourseAssignment, error) {
	o, err := q.Org(ctx, in.OrgID)
	if err == sql.ErrNoRows {
		return nil, invalid("assignments", "err.org.unknown")
	}
	if err != nil {
		return nil, err
	}
	if !canManage(a, o.Path) {
		return nil, domain.Forbidden()
	}
	asg := &domain.CourseAssignment{OrgID: o.ID, OrgPath: o.Path, Required: in.Required}
	if strings.TrimSpace(in.DueOn) != "" {
		if asg.DueOn, err = domain.ParseDate(strings.TrimSpace(in.DueOn)); err != nil {
			return nil, invalid("due_on", "err.date")
		}
	}
	return asg, nil
}

// Assign assigns an existing course to one more organisation (or changes an assignment).
// Who: org_admin or secretary over the assigned organisation, for a course they can see.
// Errors: ENotFound (course), EForbidden, EInvalid (assignments, due_on).
func (s *Service) Assign(ctx context.Context, a *auth.Actor, courseID int64, in AssignmentInput) (*domain.Course, error) {
	var out *domain.Course
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		c, err := s.visibleCourse(ctx, q, a, courseID)
		if err != nil {
			return err
		}
		asg, err := assignment(ctx, q, a, in)
		if err != nil {
			return err
		}
		asg.CourseID = c.ID
		if err := q.UpsertCourseAssignment(ctx, asg); err != nil {
			return err
		}
		if err := audit.Record(ctx, q, a, "study.course.assign", "course", c.ID, asg.OrgPath, nil, asg); err != nil {
			return err
		}
		out, err = q.Course(ctx, c.ID)
		return err
	})
	return out, err
}

// visibleCourse loads a course the actor may see: managers and readers (auditors included)
// of its owner, of an assigned organisation or of one inside an assigned subtree, and members
// of an assigned subtree. ENotFound otherwise.
func (s *Service) visibleCourse(ctx context.Context, q *store.Q, a *auth.Actor, id int64) (*domain.Course, error) {
	c, err := q.Course(ctx, id)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("course")
	}
	if err != nil {
		return nil, err
	}
	if canOversee(a, c.OrgPath) {
		return c, nil
	}
	mp, err := memberPath(ctx, q, a)
	if err != nil {
		return nil, err
	}
	scopes := append(managedScopes(a), a.Scopes(auth.OrgRead)...)
	for _, asg := range c.Assignments {
		if canOversee(a, asg.OrgPath) || (mp != "" && domain.InSubtree(mp, asg.OrgPath)) ||
			slices.ContainsFunc(scopes, func(sc string) bool { return domain.InSubtree(sc, asg.OrgPath) }) {
			return c, nil
		}
	}
	return nil, domain.NotFound("course")
}

// Course returns a course the actor may see. Errors: ENotFound.
func (s *Service) Course(ctx context.Context, a *auth.Actor, id int64) (*domain.Course, error) {
	return s.visibleCourse(ctx, s.DB.Read(), a, id)
}

// CourseItem is a course in a list, with the caller's own progress when they are a member.
type CourseItem struct {
	domain.Course
	Required bool                   `json:"required"` // required for the caller (by any assignment covering them)
	DueOn    domain.Date            `json:"due_on"`
	Progress *domain.CourseProgress `json:"progress"`
}

// Courses lists the courses the actor manages or is assigned, newest first.
func (s *Service) Courses(ctx context.Context, a *auth.Actor) ([]CourseItem, error) {
	q := s.DB.Read()
	mp, err := memberPath(ctx, q, a)
	if err != nil {
		return nil, err
	}
	list, err := q.Courses(ctx, store.CourseFilter{ManagedScopes: managedScopes(a), MemberPath: mp})
	if err != nil {
		return nil, err
	}
	out := make([]CourseItem, 0, len(list))
	for _, c := range list {
		it := CourseItem{Course: c}
		for _, asg := range c.Assignments {
			if mp != "" && domain.InSubtree(mp, asg.OrgPath) && asg.Required {
				it.Required = true
				if it.DueOn.IsZero() || (!asg.DueOn.IsZero() && asg.DueOn.Before(it.DueOn)) {
					it.DueOn = asg.DueOn
				}
			}
		}
		if mp != "" {
			p, err := q.CourseProgress(ctx, c.ID, a.MemberID())
			if err != nil && err != sql.ErrNoRows {
				return nil, err
			}
			it.Progress = p
		}
		out = append(out, it)
	}
	return out, nil
}

// Heartbeat limits. A client reports the seconds studied since its last heartbeat; the
// server counts at most the real time elapsed since then plus beatTolerance (network jitter),
// so one call cannot claim an hour. A gap longer than maxBeatGap means the reader went away:
// that heartbeat starts a new session and counts nothing, like the first one.
const (
	beatTolerance = 5 * time.Second
	maxBeatGap    = 5 * time.Minute
	maxBeatClaim  = 3600
)

// ProgressResult is the answer to a heartbeat.
type ProgressResult struct {
	Credited    int        `json:"credited"` // seconds counted from this heartbeat
	Seconds     int        `json:"seconds"`  // effective seconds so far
	MinSeconds  int        `json:"min_seconds"`
	Completed   bool       `json:"completed"`
	CompletedAt *time.Time `json:"completed_at"`
}

// Progress records a heartbeat of the actor (a member) studying a course: seconds studied
// since the previous heartbeat. The first heartbeat (or the first after a pause longer than
// maxBeatGap) opens a session and counts nothing. The course is completed once the effective
// seconds reach its minimum; completion is audited, heartbeats are not.
// Who: a member the course is assigned to. Errors: EForbidden (no member linked),
// ENotFound (course), EInvalid (seconds).
func (s *Service) Progress(ctx context.Context, a *auth.Actor, courseID int64, seconds int) (*ProgressResult, error) {
	if seconds < 0 || seconds > maxBeatClaim {
		return nil, invalid("seconds", "study.progress.seconds")
	}
	if a.MemberID() == 0 {
		return nil, domain.Forbidden()
	}
	var out *ProgressResult
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		c, err := q.Course(ctx, courseID)
		if err == sql.ErrNoRows {
			return domain.NotFound("course")
		}
		if err != nil {
			return err
		}
		mp, err := memberPath(ctx, q, a)
		if err != nil {
			return err
		}
		if mp == "" || !slices.ContainsFunc(c.Assignments, func(asg domain.CourseAssignment) bool { return domain.InSubtree(mp, asg.OrgPath) }) {
			return domain.NotFound("course")
		}
		at := s.now()
		p, err := q.CourseProgress(ctx, c.ID, a.MemberID())
		if err == sql.ErrNoRows {
			p, err = &domain.CourseProgress{CourseID: c.ID, MemberID: a.MemberID()}, nil
		}
		if err != nil {
			return err
		}
		credited := 0
		if !p.LastBeatAt.IsZero() {
			if gap := at.Sub(p.LastBeatAt); gap >= 0 && gap <= maxBeatGap {
				credited = min(seconds, int((gap + beatTolerance).Seconds()))
			}
		}
		p.Seconds += credited
		p.LastBeatAt = at
		completedNow := false
		if p.CompletedAt == nil && p.Seconds >= c.MinSeconds {
			p.CompletedAt, completedNow = &at, true
		}
		if err := q.SaveCourseProgress(ctx, p); err != nil {
			return err
		}
		if completedNow {
			if err := audit.Record(ctx, q, a, "study.course.complete", "course", c.ID, mp, nil, p); err != nil {
				return err
			}
		}
		out = &ProgressResult{Credited: credited, Seconds: p.Seconds, MinSeconds: c.MinSeconds,
			Completed: p.CompletedAt != nil, CompletedAt: p.CompletedAt}
		return nil
	})
	return out, err
}

// OrgRate is the completion of a required course among the current members of one
// organisation (their branch).
type OrgRate struct {
	OrgID     int64   `json:"org_id,string"`
	OrgName   string  `json:"org_name"`
	Expected  int     `json:"expected"`
	Completed int     `json:"completed"`
	Rate      float64 `json:"rate"` // completed ÷ expected, 0 when nobody is expected
}

// Rates is a course's completion under an organisation: per organisation of members, and
// the total.
type Rates struct {
	CourseID int64     `json:"course_id,string"`
	Items    []OrgRate `json:"items"`
	Total    OrgRate   `json:"total"`
}

// CourseRates returns the completion rates of a course's required assignments within the
// subtree of orgID: the members expected are the current members of the subtrees the course
// is required for; optional assignments expect nobody.
// Who: readers of members over orgID (auditors included) who can see the course. Errors:
// ENotFound (a course the caller cannot see; an organisation outside the caller's member
// read scope: rates are a read, and reads outside the scope answer 404 per API.md),
// EInvalid (org_id unknown).
func (s *Service) CourseRates(ctx context.Context, a *auth.Actor, courseID, orgID int64) (*Rates, error) {
	q := s.DB.Read()
	c, err := s.visibleCourse(ctx, q, a, courseID)
	if err != nil {
		return nil, err
	}
	o, err := loadOrg(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.MemberRead, o.Path) && !canManage(a, o.Path) {
		return nil, domain.NotFound("org")
	}
	return rates(ctx, q, c, o)
}

// requiredRoots are the subtrees whose current members a course expects, within the
// subtrees of within: each required assignment intersected with each of them, without
// roots nested in another (a member counts once).
func requiredRoots(c *domain.Course, within []string) []string {
	return coveredRoots(c, within, true)
}

// coveredRoots is requiredRoots over the required assignments (onlyRequired) or all of them.
func coveredRoots(c *domain.Course, within []string, onlyRequired bool) []string {
	var roots []string
	for _, asg := range c.Assignments {
		if onlyRequired && !asg.Required {
			continue
		}
		for _, w := range within {
			switch {
			case domain.InSubtree(w, asg.OrgPath):
				roots = append(roots, w)
			case domain.InSubtree(asg.OrgPath, w):
				roots = append(roots, asg.OrgPath)
			}
		}
	}
	slices.Sort(roots)
	var folded []string
	for _, r := range roots {
		if len(folded) > 0 && domain.InSubtree(r, folded[len(folded)-1]) {
			continue
		}
		folded = append(folded, r)
	}
	return folded
}

// rates counts a course's completion per organisation of members under o.
func rates(ctx context.Context, q *store.Q, c *domain.Course, o *domain.Org) (*Rates, error) {
	out := &Rates{CourseID: c.ID, Items: []OrgRate{}, Total: OrgRate{OrgID: o.ID, OrgName: o.Name}}
	var ids []int64
	for _, root := range requiredRoots(c, []string{o.Path}) {
		rows, err := q.CourseRates(ctx, c.ID, root)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out.Items = append(out.Items, OrgRate{OrgID: r.OrgID, Expected: r.Expected, Completed: r.Completed, Rate: rate(r.Completed, r.Expected)})
			ids = append(ids, r.OrgID)
			out.Total.Expected += r.Expected
			out.Total.Completed += r.Completed
		}
	}
	out.Total.Rate = rate(out.Total.Completed, out.Total.Expected)
	names, err := q.OrgsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out.Items {
		if n := names[out.Items[i].OrgID]; n != nil {
			out.Items[i].OrgName = n.Name
		}
	}
	return out, nil
}

func rate(done, expected int) float64 {
	if expected == 0 {
		return 0
	}
	return float64(done) / float64(expected)
}
