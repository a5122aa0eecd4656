package store

import (
	"context"

	"dangjian/internal/domain"
)

// Reminder is a required period ending soon that an organisation has not yet satisfied.
type Reminder struct {
	OrgID     int64
	OrgPath   string
	OrgName   string
	Kind      string
	Period    string
	GroupID   int64
	GroupName string // the party group's name; "" without a group
	Required  int
	Held      int
	EndsOn    domain.Date
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
	rows, err := q.q.QueryContext(ctx, `SELECT r.org_id, r.org_path, o.name, r.kind, r.period, r.group_id,
		COALESCE(g.name, ''), r.required, r.held, r.ends_on FROM reminders r JOIN orgs o ON o.id = r.org_id
		LEFT JOIN orgs g ON g.id = r.group_id
		WHERE r.ends_on >= $1 AND `+where+` ORDER BY r.ends_on, o.path, r.kind, r.group_id LIMIT 100`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reminder
	for rows.Next() {
		var r Reminder
		if err := rows.Scan(&r.OrgID, &r.OrgPath, &r.OrgName, &r.Kind, &r.Period, &r.GroupID, &r.GroupName, &r.Required, &r.Held, &r.EndsOn); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeleteRemindersExcept removes the reminders of periods not ended before today that keep
// does not name (by organisation, kind, period and group): their requirement has been met
// since, or is no longer required. It returns how many it removed.
func (q *Q) DeleteRemindersExcept(ctx context.Context, today domain.Date, keep []Reminder) (int, error) {
	type key struct {
		org          int64
		kind, period string
		group        int64
	}
	kept := make(map[key]bool, len(keep))
	for _, r := range keep {
		kept[key{r.OrgID, r.Kind, r.Period, r.GroupID}] = true
	}
	rows, err := q.q.QueryContext(ctx, `SELECT id, org_id, kind, period, group_id FROM reminders WHERE ends_on >= $1`, today)
	if err != nil {
		return 0, err
	}
	var stale []int64
	for rows.Next() {
		var id int64
		var k key
		if err := rows.Scan(&id, &k.org, &k.kind, &k.period, &k.group); err != nil {
			rows.Close()
			return 0, err
		}
		if !kept[k] {
			stale = append(stale, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, id := range stale {
		if _, err := q.q.ExecContext(ctx, `DELETE FROM reminders WHERE id = $1`, id); err != nil {
			return 0, err
		}
	}
	return len(stale), nil
}
