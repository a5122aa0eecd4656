package app

import (
	"context"
	"dangjian/internal/domain"
	"fmt"
	"strings"
	"time"

	"dangjian/internal/schedule"
	"dangjian/internal/services"
	"dangjian/internal/store"
)

// idempotencyRetention is how long a stored response answers a retried request: far longer
// than any client retries, short enough that the table stays small.
const idempotencyRetention = 30 * 24 * time.Hour

// dailyJobs are the nightly tasks every instance offers to run; each runs once a day in all.
func dailyJobs(set *services.Set) []schedule.Job {
	return []schedule.Job{
		{Name: "points.verify", Hour: 2, Run: func(ctx context.Context) (string, error) {
			breaches, err := set.Points.Verify(ctx)
			if err != nil {
				return "", err
			}
			if len(breaches) == 0 {
				return "no breach", nil
			}
			var b strings.Builder
			for i, br := range breaches {
				if i == 10 {
					fmt.Fprintf(&b, "; and %d more", len(breaches)-10)
					break
				}
				fmt.Fprintf(&b, "; %s %s %d: %s", br.Check, br.SubjectType, br.SubjectID, br.Detail)
			}
			return "", fmt.Errorf("%d ledger breaches%s (run dangjian points verify)", len(breaches), b.String())
		}},
		{Name: "meetings.reminders", Hour: 6, Run: func(ctx context.Context) (string, error) {
			n, err := set.Compliance.Remind(ctx, domain.Today(time.Now()))
			return fmt.Sprintf("%d open requirements reminded", n), err
		}},
		{Name: "dues.reminders", Hour: 7, Run: func(ctx context.Context) (string, error) {
			members, branches, err := set.DuesStats.Remind(ctx, domain.Today(time.Now()))
			return fmt.Sprintf("%d members and %d branches with dues unpaid reminded", members, branches), err
		}},
		{Name: "idempotency.prune", Hour: 3, Run: func(ctx context.Context) (string, error) {
			var n int64
			err := set.DB.WriteTx(ctx, func(q *store.Q) error {
				var err error
				n, err = q.DeleteIdempotencyKeysBefore(ctx, time.Now().Add(-idempotencyRetention))
				return err
			})
			return fmt.Sprintf("%d keys removed", n), err
		}},
	}
}
