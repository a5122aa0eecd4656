package ratings

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"dangjian/internal/audit"
	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/jobs"
	"dangjian/internal/store"
)

// KindRun is the job kind of a rating computation.
const KindRun = "ratings.run"

// batchSize is how many results one write transaction stores: small enough that postings
// (which share SQLite's single writer) never wait long, large enough to write fast.
const batchSize = 2000

// Run is a rating run as callers see it (API.md: GET /ratings/{year}?org_id=).
type Run struct {
	ID            int64            `json:"id,string"`
	Year          int              `json:"year"`
	OrgID         int64            `json:"org_id,string"`
	OrgName       string           `json:"org_name"`
	Status        string           `json:"status"` // queued, running, computed, failed, published
	JobID         int64            `json:"job_id,string,omitempty"`
	TotalSubjects int              `json:"total_subjects"`
	Processed     int              `json:"processed"`
	Error         string           `json:"error,omitempty"`
	StartedBy     string           `json:"started_by,omitempty"`
	StartedAt     *time.Time       `json:"started_at,omitempty"`
	ComputedAt    *time.Time       `json:"computed_at,omitempty"`
	PublishedBy   string           `json:"published_by,omitempty"`
	PublishedAt   *time.Time       `json:"published_at,omitempty"`
	PublishBy     domain.Date      `json:"publish_by"` // the deadline (RULES.md: before 1 July of Y+1)
	PublishedLate bool             `json:"published_late,omitempty"`
	LateReason    string           `json:"late_reason,omitempty"`
	Stars         map[string][]int `json:"stars,omitempty"` // per subject type: counts of 0…5 final stars
}

func runView(r *store.RatingRun) *Run {
	return &Run{ID: r.ID, Year: r.Year, OrgID: r.OrgID, OrgName: r.OrgName, Status: r.Status, JobID: r.JobID,
		TotalSubjects: r.TotalSubjects, Processed: r.Processed, Error: r.Error, StartedBy: r.StartedByName,
		StartedAt: r.StartedAt, ComputedAt: r.ComputedAt, PublishedBy: r.PublishedByName, PublishedAt: r.PublishedAt,
		PublishedLate: r.PublishedLate, LateReason: r.LateReason}
}

// runAudit is what the audit log keeps of a run's steps.
type runAudit struct {
	Year          int    `json:"year"`
	OrgID         int64  `json:"org_id"`
	Status        string `json:"status"`
	Subjects      int    `json:"subjects,omitempty"`
	PublishedLate bool   `json:"published_late,omitempty"`
	LateReason    string `json:"late_reason,omitempty"`
}

// StartRun starts (or starts again) the rating of year for an organisation's subtree: every
// organisation below it (party groups excepted) and every member in it who is not expelled
// gets the composite of the year under the category rule in force on 31 December for its
// organisation, and stars by the star thresholds with the veto cap. The computation runs as
// a background job (progress in Run); computing again replaces computed values and keeps
// calibrations. Without a job runner it computes at once.
// Who: ratings.run over the organisation. Errors: ENotFound, EForbidden, EInvalid (year),
// EConflict (err.ratings.running: a computation is under way; err.ratings.year_closed: the
// year was published for this subtree, or for one overlapping it).
func (s *Service) StartRun(ctx context.Context, a *auth.Actor, year int, orgID int64) (*Run, error) {
	if err := s.checkYear(year); err != nil {
		return nil, err
	}
	var run *store.RatingRun
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		o, err := org(ctx, q, orgID)
		if err != nil {
			return err
		}
		if !a.Can(auth.RatingsRun, o.Path) {
			return domain.Forbidden()
		}
		others, err := q.RatingRunsOverlapping(ctx, year, o.Path)
		if err != nil {
			return err
		}
		for _, r := range others {
			if r.Status == store.RatingPublished {
				return conflict("err.ratings.year_closed", year)
			}
		}
		run, err = q.RatingRunFor(ctx, year, o.ID)
		switch {
		case err == sql.ErrNoRows:
			run = &store.RatingRun{Year: year, OrgID: o.ID, OrgPath: o.Path, OrgName: o.Name, Status: store.RatingQueued}
			if err := q.InsertRatingRun(ctx, run); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			busy, err := s.busy(ctx, q, run)
			if err != nil {
				return err
			}
			if busy {
				return conflict("err.ratings.running")
			}
		}
		at := s.Now().UTC().Truncate(time.Microsecond)
		run.Status, run.Error, run.Processed, run.JobID = store.RatingQueued, "", 0, 0
		run.StartedBy, run.StartedByName, run.StartedAt = a.UserID(), a.Name(), &at
		if s.Jobs != nil {
			job, err := s.Jobs.Enqueue(ctx, q, KindRun, a.UserID(), o.Path, runArgs{RunID: run.ID})
			if err != nil {
				return err
			}
			run.JobID = job.ID
		}
		if err := q.SaveRatingRun(ctx, run); err != nil {
			return err
		}
		return audit.Record(ctx, q, a, "ratings.run", "rating_run", run.ID, o.Path, nil,
			runAudit{Year: year, OrgID: o.ID, Status: run.Status})
	})
	if err != nil {
		return nil, err
	}
	if s.Jobs != nil {
		s.Jobs.Wake()
		return runView(run), nil
	}
	if err := s.Compute(ctx, run.ID, nil); err != nil {
		return nil, err
	}
	return s.runByID(ctx, run.ID)
}

// busy reports whether a run's computation is queued or under way: its status says so and
// its job (if any) has not ended. A job that failed or vanished frees the run.
func (s *Service) busy(ctx context.Context, q *store.Q, run *store.RatingRun) (bool, error) {
	if run.Status != store.RatingQueued && run.Status != store.RatingRunning {
		return false, nil
	}
	if run.JobID == 0 {
		return run.Status == store.RatingRunning && run.UpdatedAt.After(time.Now().Add(-10*time.Minute)), nil
	}
	job, err := q.Job(ctx, run.JobID)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return job.Status == store.JobQueued || job.Status == store.JobRunning, nil
}

type runArgs struct {
	RunID int64 `json:"run_id"`
}

// runJob is the job handler: it computes the run and finishes the job in the last write.
func (s *Service) runJob(ctx context.Context, j *jobs.Job) error {
	var args runArgs
	if err := j.Args(&args); err != nil {
		return &domain.Error{Code: domain.EInvalid, Message: "err.invalid"}
	}
	err := s.compute(ctx, args.RunID, func(total, processed int) {
		j.Progress(ctx, "rating", total, processed)
	}, func(q *store.Q) error {
		j.Result = map[string]any{"run_id": args.RunID}
		return j.FinishIn(ctx, q)
	})
	if err != nil {
		s.fail(ctx, args.RunID, err)
		var de *domain.Error
		if errors.As(err, &de) {
			return de // refused (published meanwhile, missing): retrying cannot help
		}
	}
	return err
}

// fail records a computation's error on the run.
func (s *Service) fail(ctx context.Context, runID int64, cause error) {
	_ = s.DB.WriteTx(ctx, func(q *store.Q) error {
		run, err := q.RatingRun(ctx, runID)
		if err != nil || run.Status == store.RatingPublished {
			return err
		}
		run.Status, run.Error = store.RatingFailed, cause.Error()
		return q.SaveRatingRun(ctx, run)
	})
}

// Compute computes a run now, in the caller (the job handler, the CLI, benchmarks), calling
// progress (if not nil) after each batch. It takes no actor: StartRun authorised the run.
// Errors: ENotFound (run), EConflict (published).
func (s *Service) Compute(ctx context.Context, runID int64, progress func(total, processed int)) error {
	err := s.compute(ctx, runID, progress, nil)
	if err != nil {
		s.fail(ctx, runID, err)
	}
	return err
}

// compute reads every subject of the subtree with its totals of the year (one streaming
// query on a reader), computes composite and stars with the rules in force on 31 December
// for each subject's organisation, and writes the results in batches of their own write
// transactions, so the rest of the system keeps posting meanwhile. The last transaction
// drops results of subjects that left the subtree, marks the run computed and runs finish.
func (s *Service) compute(ctx context.Context, runID int64, progress func(total, processed int), finish func(*store.Q) error) error {
	var run *store.RatingRun
	err := s.DB.WriteTx(ctx, func(q *store.Q) error {
		var err error
		run, err = q.RatingRun(ctx, runID)
		if err == sql.ErrNoRows {
			return domain.NotFound("rating_run")
		}
		if err != nil {
			return err
		}
		if run.Status == store.RatingPublished {
			return conflict("err.ratings.year_closed", run.Year)
		}
		if run.TotalSubjects, err = q.CountRatingSubjects(ctx, run.OrgPath); err != nil {
			return err
		}
		run.Status, run.Processed, run.Error = store.RatingRunning, 0, ""
		run.Generation++
		return q.SaveRatingRun(ctx, run)
	})
	if err != nil {
		return err
	}
	if progress != nil {
		progress(run.TotalSubjects, 0)
	}
	// The results reflect the postings up to here. Postings stamp point_totals with the real
	// clock, so this does too (not s.Now): Publish compares the two to refuse stale results.
	snapshot := time.Now().UTC().Truncate(time.Microsecond)
	rq := s.DB.Read()
	end := yearEnd(run.Year)
	cats, err := loadRuleBook(ctx, rq, domain.RuleCategories, end, domain.DefaultCategoryRule, fixCategories)
	if err != nil {
		return err
	}
	stars, err := loadRuleBook(ctx, rq, domain.RuleStars, end, domain.DefaultStarRule, fixStars)
	if err != nil {
		return err
	}
	gen, processed := run.Generation, 0
	batch := make([]store.RatingResult, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		processed += len(batch)
		err := s.DB.WriteTx(ctx, func(q *store.Q) error {
			if err := q.UpsertRatingResults(ctx, gen, batch); err != nil {
				return err
			}
			return q.SetRatingProgress(ctx, runID, processed)
		})
		batch = batch[:0]
		if err == nil && progress != nil {
			progress(run.TotalSubjects, processed)
		}
		return err
	}
	err = rq.RatingSubjects(ctx, run.Year, run.OrgPath, func(sj *store.RatingSubject) error {
		comp := cats.For(sj.OrgPath).Composite(sj.Totals)
		var total domain.Points
		for _, p := range sj.Totals {
			total += p
		}
		batch = append(batch, store.RatingResult{RunID: runID, SubjectType: sj.Type, SubjectID: sj.ID, OrgID: sj.OrgID,
			OrgPath: sj.OrgPath, Name: sj.Name, Total: total, Composite: comp, Vetoes: sj.Vetoes,
			Stars: stars.For(sj.OrgPath).Stars(comp, sj.Vetoes)})
		if len(batch) == batchSize {
			return flush()
		}
		return ctx.Err()
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	return s.DB.WriteTx(ctx, func(q *store.Q) error {
		cur, err := q.RatingRun(ctx, runID)
		if err != nil {
			return err
		}
		if cur.Status == store.RatingPublished || cur.Generation != gen {
			return conflict("err.ratings.running") // published or restarted meanwhile
		}
		if err := q.DeleteStaleRatingResults(ctx, runID, gen); err != nil {
			return err
		}
		cur.Status, cur.Processed, cur.ComputedAt = store.RatingComputed, processed, &snapshot
		if err := q.SaveRatingRun(ctx, cur); err != nil {
			return err
		}
		if err := audit.Record(ctx, q, auth.SystemActor(), "ratings.computed", "rating_run", runID, cur.OrgPath, nil,
			runAudit{Year: cur.Year, OrgID: cur.OrgID, Status: cur.Status, Subjects: processed}); err != nil {
			return err
		}
		if finish != nil {
			return finish(q)
		}
		return nil
	})
}
