package store

import (
	"context"

	"dangjian/internal/domain"
)

// Reminder is a required period ending soon that an organisation has not yet satisfied.
type Reminder struct {
	OrgID    int64
	OrgPath  string
	OrgName  string
	Kind     string
	Period   string
	GroupID  int64
	Required int
	Held     int
	EndsOn   domain.Date
}

// UpsertReminder records a reminder, refreshing the count held when it exists already.
func (q *Q) UpsertReminder(ctx context.Context, r Reminder) error {
	t := now()
	_, err := q.q.ExecContext(ctx, `INSERT INTO reminders (org_id, org_path, kind, period, group_id, required, held,
		ends_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
		ON CONFLICT (org_id, kind, period, group_id) DO UPDATE SET held = excluded.held, required = excluded.required,
		org_path = excluded.org_path, updated_at = excluded.updated_at`,
		r.OrgID, r.OrgPath, r.Kind, r.Period, r.GroupID, r.Required, r.Held, r.EndsOn, t)
	return err
}

// OpenReminders lists the reminders of organisations in the scopes whose period has not
// ended before today, soonest first.
func (q *Q) OpenReminders(ctx context.Context, scopes []string, today domain.Date) ([]Reminder, error) {
	if len(scopes) == 0 {
		return nil, nil
	}
	args := []any{today}
	where := scopeClause("r.org_path", scopes, &args)
	rows, err := q.q.QueryContext(ctx, `SELECT r.org_id, r.org_path, o.name, r.kind, r.period, r.group_id, r.required,
		r.held, r.ends_on FROM reminders r JOIN orgs o ON o.id = r.org_id
		WHERE r.ends_on >= $1 AND `+where+` ORDER BY r.ends_on, o.path, r.kind, r.group_id LIMIT 100`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reminder
	for rows.Next() {
		var r Reminder
		if err := rows.Scan(&r.OrgID, &r.OrgPath, &r.OrgName, &r.Kind, &r.Period, &r.GroupID, &r.Required, &r.Held, &r.EndsOn); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
