// Package schedule runs daily work exactly once a day across every instance serving one
// database: nightly ledger checks, retention. Instances race to claim the day's row; the one
// that inserts it runs the job, the others skip it. Nothing is kept in memory between
// instances, so any number may serve.
package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Job is one daily task. Run returns a short report for the scheduled_runs row; an error
// marks the run failed (it is not retried the same day: the next day runs again).
type Job struct {
	Name string
	Hour int // local hour (Asia/Shanghai) from which the day's run is due
	Run  func(ctx context.Context) (string, error)
}

// Scheduler checks its jobs every Poll and runs each once a day.
type Scheduler struct {
	DB       *store.DB
	Log      *slog.Logger
	Jobs     []Job
	Poll     time.Duration
	Now      func() time.Time
	Instance string
}

var shanghai = domain.Shanghai

// New returns a scheduler polling every minute, named after the host and process.
func New(db *store.DB, log *slog.Logger, jobs ...Job) *Scheduler {
	host, _ := os.Hostname()
	return &Scheduler{DB: db, Log: log, Jobs: jobs, Poll: time.Minute, Now: time.Now,
		Instance: fmt.Sprintf("%s/%d", host, os.Getpid())}
}

// Run checks the jobs until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	t := time.NewTicker(s.Poll)
	defer t.Stop()
	for {
		s.Tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick runs every job that is due today and not yet claimed; it returns how many ran here.
func (s *Scheduler) Tick(ctx context.Context) int {
	local := s.Now().In(shanghai)
	ran := 0
	for _, j := range s.Jobs {
		if local.Hour() < j.Hour {
			continue
		}
		period := local.Format("2006-01-02")
		var claimed bool
		err := s.DB.WriteTx(ctx, func(q *store.Q) error {
			var err error
			claimed, err = q.ClaimScheduledRun(ctx, j.Name, period, s.Instance)
			return err
		})
		if err != nil {
			if ctx.Err() == nil {
				s.Log.Error("schedule: claim", "job", j.Name, "err", err)
			}
			continue
		}
		if !claimed {
			continue
		}
		ran++
		report, runErr := j.Run(ctx)
		if runErr != nil {
			report = runErr.Error()
			s.Log.Error("schedule: job failed", "job", j.Name, "period", period, "err", runErr)
		} else {
			s.Log.Info("schedule: job done", "job", j.Name, "period", period, "report", report)
		}
		if err := s.DB.WriteTx(ctx, func(q *store.Q) error {
			return q.FinishScheduledRun(ctx, j.Name, period, runErr == nil, report)
		}); err != nil && ctx.Err() == nil {
			s.Log.Error("schedule: finish", "job", j.Name, "err", err)
		}
	}
	return ran
}
