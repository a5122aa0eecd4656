package store

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// Job statuses.
const (
	JobQueued  = "queued"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// JobRecord is one row of the jobs table (see migration 00003 for the lease protocol).
type JobRecord struct {
	ID            int64
	Kind          string
	Status        string
	UserID        int64
	OrgPath       string
	Args          string
	Result        string
	Error         string
	Phase         string
	TotalRows     int
	ProcessedRows int
	Attempts      int
	MaxAttempts   int
	RunAfter      time.Time
	LockedBy      string
	LockedUntil   sql.NullTime
	CreatedAt     time.Time
	StartedAt     sql.NullTime
	FinishedAt    sql.NullTime
	UpdatedAt     time.Time
}

const jobColumns = `id, kind, status, COALESCE(user_id, 0), org_path, args, result, error, phase, total_rows,
	processed_rows, attempts, max_attempts, run_after, locked_by, locked_until, created_at, started_at, finished_at,
	updated_at`

func scanJob(row interface{ Scan(...any) error }, j *JobRecord) error {
	return row.Scan(&j.ID, &j.Kind, &j.Status, &j.UserID, &j.OrgPath, &j.Args, &j.Result, &j.Error, &j.Phase,
		&j.TotalRows, &j.ProcessedRows, &j.Attempts, &j.MaxAttempts, &j.RunAfter, &j.LockedBy, &j.LockedUntil,
		&j.CreatedAt, &j.StartedAt, &j.FinishedAt, &j.UpdatedAt)
}

// InsertJob queues j (status queued) and sets its ID. Times are the caller's, in UTC.
func (q *Q) InsertJob(ctx context.Context, j *JobRecord, at time.Time) error {
	j.Status, j.CreatedAt, j.UpdatedAt = JobQueued, at, at
	if j.RunAfter.IsZero() {
		j.RunAfter = at
	}
	if j.MaxAttempts <= 0 {
		j.MaxAttempts = 3
	}
	if j.OrgPath == "" {
		j.OrgPath = "/"
	}
	if j.Args == "" {
		j.Args = "{}"
	}
	return q.q.QueryRowContext(ctx, `INSERT INTO jobs (kind, status, user_id, org_path, args, max_attempts, run_after,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		j.Kind, j.Status, nullInt(j.UserID), j.OrgPath, j.Args, j.MaxAttempts, j.RunAfter, at).Scan(&j.ID)
}

// Job returns one job, or ErrNoRows.
func (q *Q) Job(ctx context.Context, id int64) (*JobRecord, error) {
	var j JobRecord
	if err := scanJob(q.q.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = $1`, id), &j); err != nil {
		return nil, err
	}
	return &j, nil
}

// claimable is the condition of a job a runner may take at $1: queued and due, or running
// under a lease that has run out (its instance died), with attempts left.
const claimable = `((status = 'queued' AND run_after <= $1) OR (status = 'running' AND locked_until < $1))
	AND attempts < max_attempts`

// ClaimJob takes the oldest claimable job of the kinds (any kind when empty; only job onlyID
// when it is not 0) for owner until the lease ends, and returns it; nil when there is none.
//
// One UPDATE does it. On SQLite the statement runs under the database's single write lock, so
// two claimers are serialised. On PostgreSQL the inner SELECT locks the row it picks and skips
// rows other claimers hold (FOR UPDATE SKIP LOCKED), and the outer WHERE repeats the
// condition, so a claimer that waited on a row re-checks it after the other one committed.
func (q *Q) ClaimJob(ctx context.Context, owner string, at, until time.Time, kinds []string, onlyID int64) (*JobRecord, error) {
	args := []any{at, owner, until}
	inner := `SELECT id FROM jobs WHERE ` + claimable
	if len(kinds) > 0 {
		marks := make([]string, len(kinds))
		for i, k := range kinds {
			args = append(args, k)
			marks[i] = placeholder(len(args))
		}
		inner += ` AND kind IN (` + strings.Join(marks, ", ") + `)`
	}
	if onlyID != 0 {
		args = append(args, onlyID)
		inner += ` AND id = ` + placeholder(len(args))
	}
	inner += ` ORDER BY id LIMIT 1`
	if _, pg := q.d.(postgresDialect); pg {
		inner += ` FOR UPDATE SKIP LOCKED`
	}
	var j JobRecord
	err := scanJob(q.q.QueryRowContext(ctx, `UPDATE jobs SET status = 'running', locked_by = $2, locked_until = $3,
		attempts = attempts + 1, started_at = COALESCE(started_at, $1), updated_at = $1
		WHERE id = (`+inner+`) AND `+claimable+` RETURNING `+jobColumns, args...), &j)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &j, nil
}

// RenewJobLease extends owner's lease; false when owner no longer holds the job.
func (q *Q) RenewJobLease(ctx context.Context, id int64, owner string, at, until time.Time) (bool, error) {
	return q.execOne(ctx, `UPDATE jobs SET locked_until = $1, updated_at = $2
		WHERE id = $3 AND locked_by = $4 AND status = 'running'`, until, at, id, owner)
}

// SetJobProgress records the phase and row counts of a running job held by owner.
func (q *Q) SetJobProgress(ctx context.Context, id int64, owner, phase string, total, processed int, at time.Time) (bool, error) {
	return q.execOne(ctx, `UPDATE jobs SET phase = $1, total_rows = $2, processed_rows = $3, updated_at = $4
		WHERE id = $5 AND locked_by = $6 AND status = 'running'`, phase, total, processed, at, id, owner)
}

// FinishJob ends owner's job as done or failed with its result; false when owner had lost it.
func (q *Q) FinishJob(ctx context.Context, id int64, owner, status, result, errText string, at time.Time) (bool, error) {
	return q.execOne(ctx, `UPDATE jobs SET status = $1, result = $2, error = $3, finished_at = $4, updated_at = $4,
		locked_by = '', locked_until = NULL WHERE id = $5 AND locked_by = $6 AND status = 'running'`,
		status, result, errText, at, id, owner)
}

// RetryJob puts owner's job back in the queue after a failure, to run after runAfter.
func (q *Q) RetryJob(ctx context.Context, id int64, owner, errText string, runAfter, at time.Time) (bool, error) {
	return q.execOne(ctx, `UPDATE jobs SET status = 'queued', error = $1, run_after = $2, updated_at = $3,
		locked_by = '', locked_until = NULL WHERE id = $4 AND locked_by = $5 AND status = 'running'`,
		errText, runAfter, at, id, owner)
}

// FailAbandonedJobs marks failed the running jobs whose lease ran out with no attempts left
// (their instance died on the last try), so they do not stay "running" for ever.
func (q *Q) FailAbandonedJobs(ctx context.Context, at time.Time) (int64, error) {
	res, err := q.q.ExecContext(ctx, `UPDATE jobs SET status = 'failed', error = 'job.abandoned', finished_at = $1,
		updated_at = $1, locked_by = '', locked_until = NULL
		WHERE status = 'running' AND locked_until < $1 AND attempts >= max_attempts`, at)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteJobsFinishedBefore removes finished jobs (and their files) older than t.
func (q *Q) DeleteJobsFinishedBefore(ctx context.Context, t time.Time) (int64, error) {
	if _, err := q.q.ExecContext(ctx, `DELETE FROM job_files WHERE job_id IN
		(SELECT id FROM jobs WHERE finished_at IS NOT NULL AND finished_at < $1)`, t); err != nil {
		return 0, err
	}
	res, err := q.q.ExecContext(ctx, `DELETE FROM jobs WHERE finished_at IS NOT NULL AND finished_at < $1`, t)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q *Q) execOne(ctx context.Context, text string, args ...any) (bool, error) {
	res, err := q.q.ExecContext(ctx, text, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// AddJobFileChunk stores chunk seq of the job's file with the role (input, output).
func (q *Q) AddJobFileChunk(ctx context.Context, jobID int64, role string, seq int, data []byte) error {
	_, err := q.q.ExecContext(ctx, `INSERT INTO job_files (job_id, role, seq, data) VALUES ($1, $2, $3, $4)`,
		jobID, role, seq, data)
	return err
}

// JobFileChunk returns chunk seq of the job's file, or ErrNoRows past the end.
func (q *Q) JobFileChunk(ctx context.Context, jobID int64, role string, seq int) ([]byte, error) {
	var data []byte
	err := q.q.QueryRowContext(ctx, `SELECT data FROM job_files WHERE job_id = $1 AND role = $2 AND seq = $3`,
		jobID, role, seq).Scan(&data)
	return data, err
}

// DeleteJobFile removes the job's file with the role.
func (q *Q) DeleteJobFile(ctx context.Context, jobID int64, role string) error {
	_, err := q.q.ExecContext(ctx, `DELETE FROM job_files WHERE job_id = $1 AND role = $2`, jobID, role)
	return err
}
