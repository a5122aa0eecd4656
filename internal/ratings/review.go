package ratings

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Result is one subject's rating: the computed values beside the calibrated final ones.
type Result struct {
	SubjectType       string        `json:"subject_type"`
	SubjectID         int64         `json:"subject_id,string"`
	Name              string        `json:"name"`
	OrgID             int64         `json:"org_id,string"`
	Total             domain.Points `json:"total"`
	Composite         domain.Points `json:"composite"` // computed
	Stars             int           `json:"stars"`     // computed
	Vetoes            int           `json:"vetoes"`
	FinalComposite    domain.Points `json:"final_composite"` // the calibrated value, else the computed one
	FinalStars        int           `json:"final_stars"`
	Calibrated        bool          `json:"calibrated"`
	CalibratedBy      string        `json:"calibrated_by,omitempty"`
	CalibratedAt      *time.Time    `json:"calibrated_at,omitempty"`
	CalibrationReason string        `json:"calibration_reason,omitempty"`
}

func resultView(r *store.RatingResult) Result {
	v := Result{SubjectType: r.SubjectType, SubjectID: r.SubjectID, Name: r.Name, OrgID: r.OrgID, Total: r.Total,
		Composite: r.Composite, Stars: r.Stars, Vetoes: r.Vetoes, FinalComposite: r.Composite, FinalStars: r.Stars,
		Calibrated: r.CalibratedAt != nil, CalibratedBy: r.CalibratedByName, CalibratedAt: r.CalibratedAt,
		CalibrationReason: r.CalibrationReason}
	if r.FinalComposite != nil {
		v.FinalComposite = *r.FinalComposite
	}
	if r.FinalStars != nil {
		v.FinalStars = *r.FinalStars
	}
	return v
}

// runFor loads the run of a year and organisation the actor may read.
func (s *Service) runFor(ctx context.Context, q *store.Q, a *auth.Actor, year int, orgID int64) (*store.RatingRun, error) {
	o, err := org(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.PointsRead, o.Path) {
		return nil, domain.NotFound("org")
	}
	run, err := q.RatingRunFor(ctx, year, orgID)
	if err == sql.ErrNoRows {
		return nil, domain.NotFound("rating_run")
	}
	return run, err
}

func (s *Service) runByID(ctx context.Context, id int64) (*Run, error) {
	q := s.DB.Read()
	r, err := q.RatingRun(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.decorate(ctx, q, r)
}

// decorate adds the deadline and the star counts to a run.
func (s *Service) decorate(ctx context.Context, q *store.Q, r *store.RatingRun) (*Run, error) {
	v := runView(r)
	deadline, err := s.deadline(ctx, q, r.OrgPath, r.Year)
	if err != nil {
		return nil, err
	}
	v.PublishBy = deadline
	if s.Jobs != nil && (r.Status == store.RatingRunning || r.Status == store.RatingQueued) && r.JobID != 0 {
		if _, total, processed, ok := s.Jobs.Live(r.JobID); ok && total > 0 {
			v.TotalSubjects, v.Processed = total, processed // fresher than the row on this instance
		}
	}
	counts, err := q.StarCounts(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	v.Stars = map[string][]int{}
	for typ, byStars := range counts {
		list := make([]int, 6)
		for st, n := range byStars {
			if st >= 0 && st < len(list) {
				list[st] = n
			}
		}
		v.Stars[typ] = list
	}
	return v, nil
}

// deadline is the day by which year's ratings must be published for the organisation at
// path (rule points.stars publish_by, "MM-DD" of the next year; RULES.md: before 1 July).
func (s *Service) deadline(ctx context.Context, q *store.Q, path string, year int) (domain.Date, error) {
	book, err := loadRuleBook(ctx, q, domain.RuleStars, yearEnd(year), domain.DefaultStarRule, fixStars)
	if err != nil {
		return domain.Date{}, err
	}
	by := book.For(path).PublishBy
	d, err := domain.ParseDate(strconv.Itoa(year+1) + "-" + by)
	if err != nil || d.IsZero() {
		return domain.NewDate(year+1, time.July, 1), nil
	}
	return d, nil
}

// RunStatus returns the run of a year for an organisation: status, progress, deadline and
// the star distribution of the final values.
// Who: points readers over the organisation. Errors: ENotFound (org, no run).
func (s *Service) RunStatus(ctx context.Context, a *auth.Actor, year int, orgID int64) (*Run, error) {
	q := s.DB.Read()
	r, err := s.runFor(ctx, q, a, year, orgID)
	if err != nil {
		return nil, err
	}
	return s.decorate(ctx, q, r)
}

// ResultFilter selects results for review.
type ResultFilter struct {
	SubjectType string // "" both
	Stars       *int   // final stars
	Calibrated  bool   // only calibrated ones
	Limit       int    // default 50, max 500
	Cursor      string
}

// ResultPage is a page of a run's results, best final composite first.
type ResultPage struct {
	Run        *Run     `json:"run"`
	Items      []Result `json:"items"`
	NextCursor string   `json:"next_cursor"`
}

// Results lists a run's results for review (API.md: GET /ratings/{year}?org_id=).
// Who: points readers over the organisation. Errors: ENotFound, EInvalid (cursor).
func (s *Service) Results(ctx context.Context, a *auth.Actor, year int, orgID int64, f ResultFilter) (*ResultPage, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	offset := 0
	if f.Cursor != "" {
		n, err := strconv.Atoi(f.Cursor)
		if err != nil || n < 0 {
			return nil, invalid("cursor", "err.invalid")
		}
		offset = n
	}
	if f.SubjectType != "" && !domain.ValidSubject(f.SubjectType) {
		return nil, invalid("subject_type", "err.choice")
	}
	q := s.DB.Read()
	r, err := s.runFor(ctx, q, a, year, orgID)
	if err != nil {
		return nil, err
	}
	run, err := s.decorate(ctx, q, r)
	if err != nil {
		return nil, err
	}
	list, err := q.RatingResults(ctx, store.RatingResultFilter{RunID: r.ID, SubjectType: f.SubjectType, Stars: f.Stars,
		Calibrated: f.Calibrated, Offset: offset, Limit: f.Limit + 1})
	if err != nil {
		return nil, err
	}
	page := &ResultPage{Run: run, Items: []Result{}}
	if len(list) > f.Limit {
		list = list[:f.Limit]
		page.NextCursor = strconv.Itoa(offset + f.Limit)
	}
	for i := range list {
		page.Items = append(page.Items, resultView(&list[i]))
	}
	return page, nil
}

// CalibrateInput is a calibration of one result.
type CalibrateInput struct {
	SubjectType string         `json:"subject_type"`
	SubjectID   int64          `json:"subject_id,string"`
	Stars       *int           `json:"stars"`     // the final stars; nil: from the final composite
	Composite   *domain.Points `json:"composite"` // the final composite; nil: the computed one
	Reason      string         `json:"reason"`
}

// Calibrate sets a result's final value with who and why; the computed value stays beside
// it. Giving only a composite derives the final stars from the thresholds and vetoes;
// giving the computed values back undoes the calibration (recorded all the same).
// Who: ratings.run over the run's organisation. Errors: ENotFound (run, subject not in the
// run), EForbidden, EInvalid (stars, composite, reason), EConflict (err.ratings.not_computed:
// running, failed or never computed; err.ratings.year_closed: published).
func (s *Service) Calibrate(ctx context.Context, a *auth.Actor, year int, orgID int64, in CalibrateInput) (*Result, error) {
	reason, problem := text(in.Reason, 500, true)
	if problem != "" {
		return nil, invalid("reason", problem)
	}
	if in.Stars == nil && in.Composite == nil {
		return nil, invalid("stars", "err.required")
	}
	if in.Composite != nil && (*in.Composite < 0 || *in.Composite > domain.Whole(100)) {
		return nil, invalid("composite", "err.ratings.composite")
	}
	var out Result
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := org(ctx, q, orgID)
		if err != nil {
			return err
		}
		if !a.Can(auth.RatingsRun, o.Path) {
			return domain.Forbidden() // API.md: a write outside scope answers 403, never 404
		}
		run, err := q.RatingRunFor(ctx, year, orgID)
		if err == sql.ErrNoRows {
			return domain.NotFound("rating_run")
		}
		if err != nil {
			return err
		}
		switch run.Status {
		case store.RatingPublished:
			return conflict("err.ratings.year_closed", year)
		case store.RatingComputed:
		default:
			return conflict("err.ratings.not_computed")
		}
		res, err := q.RatingResultOf(ctx, run.ID, in.SubjectType, in.SubjectID)
		if err == sql.ErrNoRows {
			return domain.NotFound("rating_result")
		}
		if err != nil {
			return err
		}
		before := resultView(res)
		stars, err := loadRuleBook(ctx, q, domain.RuleStars, yearEnd(year), domain.DefaultStarRule, fixStars)
		if err != nil {
			return err
		}
		rule := stars.For(res.OrgPath)
		comp := res.Composite
		if in.Composite != nil {
			comp = *in.Composite
		}
		final := rule.Stars(comp, res.Vetoes)
		if in.Stars != nil {
			if *in.Stars < 0 || *in.Stars > len(rule.Thresholds) {
				return invalid("stars", "err.ratings.stars")
			}
			final = *in.Stars
		}
		at := s.Now().UTC().Truncate(time.Microsecond)
		res.FinalComposite, res.FinalStars = &comp, &final
		res.CalibratedBy, res.CalibratedByName, res.CalibratedAt, res.CalibrationReason = a.UserID(), a.Name(), &at, reason
		if err := q.CalibrateRatingResult(ctx, res); err != nil {
			return err
		}
		out = resultView(res)
		return audit.Record(ctx, q, a, "ratings.calibrate", "rating_run", run.ID, res.OrgPath, before, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// PublishInput is a publication of a run.
type PublishInput struct {
	// LateReason is required after the deadline (rule points.stars publish_by: before 1 July
	// of the next year): publishing late is allowed, but only with a recorded reason, so the
	// results of a year are never left unpublished and lateness is never silent.
	LateReason string `json:"late_reason"`
}

// Publish publishes a computed run: its results (final values) become the year's stars,
// they can no longer change, and the year is closed for the subtree — postings of that year
// to any of its subjects are refused (points checks rating runs in its posting path). It is
// refused before the year has ended, when a posting of the year reached the subtree after
// the computation (compute again first), and after the deadline without a late reason.
// Who: ratings.publish over the organisation. Errors: ENotFound, EForbidden, EInvalid
// (late_reason), EConflict (err.ratings.not_computed, err.ratings.year_closed,
// err.ratings.year_not_over, err.ratings.stale, err.ratings.deadline_passed).
func (s *Service) Publish(ctx context.Context, a *auth.Actor, year int, orgID int64, in PublishInput) (*Run, error) {
	late, problem := text(in.LateReason, 500, false)
	if problem != "" {
		return nil, invalid("late_reason", problem)
	}
	today := s.today()
	if !today.After(yearEnd(year)) {
		return nil, conflict("err.ratings.year_not_over", year)
	}
	var id int64
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := org(ctx, q, orgID)
		if err != nil {
			return err
		}
		if !a.Can(auth.RatingsPublish, o.Path) {
			return domain.Forbidden() // API.md: a write outside scope answers 403, never 404
		}
		// Locks the run (PostgreSQL): a posting checking whether the year is closed holds a
		// share lock on it, so the two cannot pass each other (see store.YearClosed).
		run, err := q.RatingRunFor(ctx, year, orgID)
		if err == sql.ErrNoRows {
			return domain.NotFound("rating_run")
		}
		if err != nil {
			return err
		}
		switch run.Status {
		case store.RatingPublished:
			return conflict("err.ratings.year_closed", year)
		case store.RatingComputed:
		default:
			return conflict("err.ratings.not_computed")
		}
		others, err := q.RatingRunsOverlapping(ctx, year, o.Path)
		if err != nil {
			return err
		}
		for _, r := range others {
			if r.ID != run.ID && r.Status == store.RatingPublished {
				return conflict("err.ratings.year_closed", year)
			}
		}
		stale, err := q.PointTotalsChangedSince(ctx, year, o.Path, *run.ComputedAt)
		if err != nil {
			return err
		}
		if stale {
			return conflict("err.ratings.stale")
		}
		deadline, err := s.deadline(ctx, q, o.Path, year)
		if err != nil {
			return err
		}
		if !today.Before(deadline) {
			if late == "" {
				return conflict("err.ratings.deadline_passed", deadline.String())
			}
			run.PublishedLate, run.LateReason = true, late
		}
		at := s.Now().UTC().Truncate(time.Microsecond)
		run.Status, run.PublishedBy, run.PublishedByName, run.PublishedAt = store.RatingPublished, a.UserID(), a.Name(), &at
		if err := q.SaveRatingRun(ctx, run); err != nil {
			return err
		}
		id = run.ID
		return audit.Record(ctx, q, a, "ratings.publish", "rating_run", run.ID, o.Path, nil, runAudit{Year: year,
			OrgID: o.ID, Status: run.Status, Subjects: run.Processed, PublishedLate: run.PublishedLate, LateReason: late})
	})
	if err != nil {
		return nil, err
	}
	return s.runByID(ctx, id)
}

// PublishedResult returns a subject's published rating of a year (the final values), from
// the published run covering it. Who: a member their own; points readers of the subject.
// Errors: ENotFound (subject, or nothing published for it that year).
func (s *Service) PublishedResult(ctx context.Context, a *auth.Actor, year int, subjectType string, subjectID int64) (*Result, error) {
	q := s.DB.Read()
	path, err := subjectPath(ctx, q, subjectType, subjectID)
	if err != nil {
		return nil, err
	}
	self := subjectType == domain.SubjectMember && subjectID != 0 && a.MemberID() == subjectID
	if !self && !a.Can(auth.PointsRead, path) {
		return nil, domain.NotFound(subjectType)
	}
	runs, err := q.RatingRunsOverlapping(ctx, year, path)
	if err != nil {
		return nil, err
	}
	for _, r := range runs {
		if r.Status != store.RatingPublished {
			continue
		}
		res, err := q.RatingResultOf(ctx, r.ID, subjectType, subjectID)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, err
		}
		v := resultView(res)
		return &v, nil
	}
	return nil, domain.NotFound("rating_result")
}
