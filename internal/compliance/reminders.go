package compliance

import (
	"context"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// RemindWithin is how many days before a period ends its open requirements are reminded.
const RemindWithin = 7

// Remind records a reminder for every branch and required period ending within RemindWithin
// days that is still open (the daily job "meetings.reminders"); it returns how many it
// recorded. Running it twice a day records nothing twice.
func (s *Service) Remind(ctx context.Context, today domain.Date) (int, error) {
	due, err := s.DueSoon(ctx, today, RemindWithin)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		for _, o := range due {
			for _, it := range o.Items {
				r := store.Reminder{OrgID: o.OrgID, OrgPath: o.OrgPath, Kind: it.Kind, Period: it.Period, GroupID: it.GroupID,
					Required: it.Required, Held: it.Held, EndsOn: it.EndsOn}
				if err := q.UpsertReminder(ctx, r); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}

// Reminders lists the open reminders of the organisations the actor reads (the home page).
func (s *Service) Reminders(ctx context.Context, a *auth.Actor, today domain.Date) ([]store.Reminder, error) {
	return s.DB.Read().OpenReminders(ctx, a.Scopes(auth.OrgRead), today)
}
