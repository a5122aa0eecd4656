package store

import (
	"context"
	"time"
)

// ClaimScheduledRun claims the run of name for period (e.g. "2026-11-21"); it reports false
// when another instance (or an earlier start of this one) already claimed it.
func (q *Q) ClaimScheduledRun(ctx context.Context, name, period, instance string) (bool, error) {
	res, err := q.q.ExecContext(ctx, `INSERT INTO scheduled_runs (name, period, instance, started_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (name, period) DO NOTHING`, name, period, instance, now())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishScheduledRun records the outcome of a claimed run.
func (q *Q) FinishScheduledRun(ctx context.Context, name, period string, ok bool, result string) error {
	_, err := q.q.ExecContext(ctx, `UPDATE scheduled_runs SET finished_at = $1, ok = $2, result = $3
		WHERE name = $4 AND period = $5`, now(), ok, result, name, period)
	return err
}

// ScheduledRun is one claimed run.
type ScheduledRun struct {
	Name, Period, Instance string
	StartedAt              time.Time
	FinishedAt             *time.Time
	OK                     *bool
	Result                 string
}

// ScheduledRuns returns the latest runs of name, newest first.
func (q *Q) ScheduledRuns(ctx context.Context, name string, limit int) ([]ScheduledRun, error) {
	rows, err := q.q.QueryContext(ctx, `SELECT name, period, instance, started_at, finished_at, ok, result
		FROM scheduled_runs WHERE name = $1 ORDER BY period DESC LIMIT $2`, name, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ScheduledRun
	for rows.Next() {
		var r ScheduledRun
		if err := rows.Scan(&r.Name, &r.Period, &r.Instance, &r.StartedAt, &r.FinishedAt, &r.OK, &r.Result); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
