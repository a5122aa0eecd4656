// Package jobs runs background work (roster imports and exports; later reminders and rating
// runs) from a database-backed queue that works the same on SQLite and PostgreSQL.
//
// Why not riverqueue/river: DESIGN.md names it, and it was evaluated at v0.51.0. Its
// database/sql drivers (riverdriver/riversqlite and riverdatabasesql) are not served by the
// module proxy at v0.51.0 (only v0.31.0 and v0.25.0 are, which do not match the river core's
// driver interface), and riverpgxv5 needs a pgxpool rather than our database/sql pool. River
// also brings its own migration runner beside goose, and on SQLite it would share our single
// writer connection with the long import transaction, stalling its own fetch and heartbeat
// writes. A jobs table with claim-by-UPDATE and a renewed lease is a page of SQL that fits
// the store's existing habits, so that is what this package is.
//
// The protocol: Enqueue inserts a queued row. A runner claims the oldest due row with one
// UPDATE that sets locked_by (the runner's id) and locked_until (the lease); while the
// handler works, a heartbeat renews the lease. Every later write (progress, finish, retry)
// is conditioned on locked_by, so a runner that lost its lease cannot overwrite the runner
// that took over. A job whose instance died is claimable again once the lease runs out, up
// to max_attempts; then it is marked failed.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// Handler does the work of one job. It returns nil on success (having set j.Result), a
// *domain.Error for a failure that retrying cannot fix (the job fails at once with that
// message key), or any other error to be retried later.
type Handler func(ctx context.Context, j *Job) error

// Runner claims and runs jobs. Every instance of the app runs one; they share the queue.
type Runner struct {
	DB      *store.DB
	Owner   string        // this runner's id in locked_by; unique per process
	Lease   time.Duration // how long a claim holds without a heartbeat
	Poll    time.Duration // how often an idle runner looks for work
	Workers int           // jobs run at once by this runner
	Keep    time.Duration // finished jobs (and their files) are deleted after this
	Now     func() time.Time
	Log     *slog.Logger

	mu       sync.Mutex
	handlers map[string]Handler
	live     map[int64]*Live
	wake     chan struct{}
}

// New returns a runner over db with the defaults: 2-minute lease, 1-second poll, 2 workers,
// finished jobs kept 7 days.
func New(db *store.DB, log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	b := make([]byte, 6)
	rand.Read(b)
	return &Runner{DB: db, Owner: "runner-" + hex.EncodeToString(b), Lease: 2 * time.Minute, Poll: time.Second,
		Workers: 2, Keep: 7 * 24 * time.Hour, Now: time.Now, Log: log,
		handlers: map[string]Handler{}, live: map[int64]*Live{}, wake: make(chan struct{}, 1)}
}

// Register sets the handler of a kind of job.
func (r *Runner) Register(kind string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handlers[kind] = h
}

func (r *Runner) handler(kind string) Handler {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.handlers[kind]
}

func (r *Runner) kinds() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.handlers))
	for k := range r.handlers {
		out = append(out, k)
	}
	return out
}

// now is the runner's clock in UTC to the microsecond, as the store keeps times.
func (r *Runner) now() time.Time { return r.Now().UTC().Truncate(time.Microsecond) }

// Enqueue queues a job of kind with args (marshalled to JSON) inside the caller's write
// transaction, so a job and what it needs (its input file) appear together or not at all.
// Call Wake after the transaction commits to start it at once on this instance.
func (r *Runner) Enqueue(ctx context.Context, q *store.Q, kind string, userID int64, orgPath string, args any) (*store.JobRecord, error) {
	raw, err := json.Marshal(args)
	if err != nil {
		return nil, err
	}
	j := &store.JobRecord{Kind: kind, UserID: userID, OrgPath: orgPath, Args: string(raw)}
	if err := q.InsertJob(ctx, j, r.now()); err != nil {
		return nil, err
	}
	return j, nil
}

// Wake makes an idle Run loop look for work now.
func (r *Runner) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run claims and runs jobs until ctx ends, then waits for the jobs it started.
func (r *Runner) Run(ctx context.Context) {
	workers := max(r.Workers, 1)
	slots := make(chan struct{}, workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	lastSweep := time.Time{}
	for {
		if r.now().Sub(lastSweep) > time.Minute {
			r.sweep(ctx)
			lastSweep = r.now()
		}
		claimed := false
		select {
		case slots <- struct{}{}:
			rec, err := r.claim(ctx, 0)
			if err != nil && ctx.Err() == nil {
				r.Log.Error("jobs: claim", "err", err)
			}
			if rec == nil {
				<-slots
				break
			}
			claimed = true
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				r.execute(ctx, rec)
				r.Wake() // a slot is free: look again without waiting for the poll
			}()
		default: // every worker is busy; wait for one to finish (it wakes us)
		}
		if claimed {
			continue // there may be more work queued
		}
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-time.After(r.Poll):
		}
	}
}

// RunJob claims job id and runs it here, now. It reports false when the job was not
// claimable (another runner holds it, or it is finished). The CLI uses it so that its
// process runs its own import and nothing else.
func (r *Runner) RunJob(ctx context.Context, id int64) (bool, error) {
	rec, err := r.claim(ctx, id)
	if err != nil || rec == nil {
		return false, err
	}
	r.execute(ctx, rec)
	return true, nil
}

func (r *Runner) claim(ctx context.Context, onlyID int64) (*store.JobRecord, error) {
	kinds := r.kinds()
	if len(kinds) == 0 {
		return nil, nil
	}
	var rec *store.JobRecord
	err := r.DB.WriteTx(ctx, func(q *store.Q) error {
		at := r.now()
		var err error
		rec, err = q.ClaimJob(ctx, r.Owner, at, at.Add(r.Lease), kinds, onlyID)
		return err
	})
	return rec, err
}

// sweep fails jobs abandoned on their last attempt and deletes old finished jobs.
func (r *Runner) sweep(ctx context.Context) {
	err := r.DB.WriteTx(ctx, func(q *store.Q) error {
		at := r.now()
		if _, err := q.FailAbandonedJobs(ctx, at); err != nil {
			return err
		}
		_, err := q.DeleteJobsFinishedBefore(ctx, at.Add(-r.Keep))
		return err
	})
	if err != nil && ctx.Err() == nil {
		r.Log.Error("jobs: sweep", "err", err)
	}
}

// execute runs a claimed job with a heartbeat and records how it ended.
func (r *Runner) execute(ctx context.Context, rec *store.JobRecord) {
	h := r.handler(rec.Kind)
	live := &Live{}
	live.set(rec.Phase, rec.TotalRows, rec.ProcessedRows)
	r.mu.Lock()
	r.live[rec.ID] = live
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		delete(r.live, rec.ID)
		r.mu.Unlock()
	}()
	jctx, cancel := context.WithCancel(ctx)
	j := &Job{Record: rec, r: r, live: live, cancel: cancel}
	hbDone := make(chan struct{})
	go func() {
		defer close(hbDone)
		r.heartbeat(jctx, j)
	}()
	err := call(jctx, h, j)
	lost := j.lost.Load()
	cancel()
	<-hbDone
	if j.finished || lost {
		if lost {
			r.Log.Warn("jobs: lease lost; another runner has the job", "job", rec.ID)
		}
		return
	}
	// Write the outcome even when ctx ended (shutdown): the job must not stay "running".
	wctx, wcancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer wcancel()
	at := r.now()
	var result string
	if j.Result != nil {
		b, _ := json.Marshal(j.Result)
		result = string(b)
	}
	var werr error
	switch e, permanent := domain.AsError(err); {
	case err == nil:
		werr = r.DB.WriteTx(wctx, func(q *store.Q) error {
			_, err := q.FinishJob(wctx, rec.ID, r.Owner, store.JobDone, result, "", at)
			return err
		})
	case permanent || rec.Attempts >= rec.MaxAttempts:
		msg := "job.failed"
		if permanent {
			msg = e.Message
		} else {
			r.Log.Error("jobs: failed", "job", rec.ID, "kind", rec.Kind, "err", err)
		}
		werr = r.DB.WriteTx(wctx, func(q *store.Q) error {
			_, err := q.FinishJob(wctx, rec.ID, r.Owner, store.JobFailed, result, msg, at)
			return err
		})
	default:
		r.Log.Warn("jobs: will retry", "job", rec.ID, "kind", rec.Kind, "attempt", rec.Attempts, "err", err)
		backoff := time.Duration(rec.Attempts*rec.Attempts) * 10 * time.Second
		werr = r.DB.WriteTx(wctx, func(q *store.Q) error {
			_, err := q.RetryJob(wctx, rec.ID, r.Owner, "job.retrying", at.Add(backoff), at)
			return err
		})
	}
	if werr != nil {
		r.Log.Error("jobs: record outcome", "job", rec.ID, "err", werr)
	}
}

// call runs the handler, turning a panic into an error: a crafted file that makes a parser
// panic must fail its job, not the process.
func call(ctx context.Context, h Handler, j *Job) (err error) {
	if h == nil {
		return &domain.Error{Code: domain.EInternal, Message: "job.unknown_kind"}
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return h(ctx, j)
}

// heartbeat renews the lease every third of it until ctx ends; when the job turns out to be
// held by someone else, it cancels the job.
func (r *Runner) heartbeat(ctx context.Context, j *Job) {
	t := time.NewTicker(max(r.Lease/3, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := j.renew(ctx, r.Lease); errors.Is(err, errLost) {
			j.lost.Store(true)
			j.cancel()
			return
		}
	}
}

// Live returns the in-memory progress of a job running on this instance.
func (r *Runner) Live(id int64) (phase string, total, processed int, ok bool) {
	r.mu.Lock()
	l := r.live[id]
	r.mu.Unlock()
	if l == nil {
		return "", 0, 0, false
	}
	phase, total, processed = l.get()
	return phase, total, processed, true
}
