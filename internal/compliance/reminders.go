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
// recorded. Running it twice a day records nothing twice, and a reminder recorded earlier
// whose requirement has been met since (or is no longer required) is removed.
func (s *Service) Remind(ctx context.Context, today domain.Date) (int, error) {
	due, err := s.DueSoon(ctx, today, RemindWithin)
	if err != nil {
		return 0, err
	}
	var keep []store.Reminder
	for _, o := range due {
		for _, it := range o.Items {
			keep = append(keep, store.Reminder{OrgID: o.OrgID, OrgPath: o.OrgPath, Kind: it.Kind, Period: it.Period,
				GroupID: it.GroupID, Required: it.Required, Held: it.Held, EndsOn: it.EndsOn})
		}
	}
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		if _, err := q.DeleteRemindersExcept(ctx, today, keep); err != nil {
			return err
		}
		for _, r := range keep {
			if err := q.UpsertReminder(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	return len(keep), err
}

// Reminders lists the open reminders of the organisations the actor reads (the home page).
func (s *Service) Reminders(ctx context.Context, a *auth.Actor, today domain.Date) ([]store.Reminder, error) {
	return s.DB.Read().OpenReminders(ctx, a.Scopes(auth.OrgRead), today)
}

// OrgReminders lists the open reminders of the organisation at orgID and the organisations
// below it (the branch's meetings and compliance pages, GET /orgs/{id}/reminders), soonest
// first. The stored rows are checked against the meetings held now: a requirement met since
// the job ran is left out, and the count held is the current one. Who: readers of the
// organisation; others ENotFound.
func (s *Service) OrgReminders(ctx context.Context, a *auth.Actor, orgID int64) ([]store.Reminder, error) {
	q := s.DB.Read()
	o, err := s.readable(ctx, q, a, orgID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	stored, err := q.OpenReminders(ctx, []string{o.Path}, today)
	if err != nil || len(stored) == 0 {
		return []store.Reminder{}, err
	}
	with := map[int64]bool{}
	for _, r := range stored {
		with[r.OrgID] = true
	}
	// Reminders are for periods that have begun and not ended, so of today's year.
	res, err := s.evaluate(ctx, q, o, today.Time().Year(), today, func(x *domain.Org) bool { return with[x.ID] })
	if err != nil {
		return nil, err
	}
	type key struct {
		org          int64
		kind, period string
		group        int64
	}
	live := map[key]domain.ComplianceItem{}
	for _, r := range res {
		for _, it := range r.Items {
			live[key{r.OrgID, it.Kind, it.Period, it.GroupID}] = it
		}
	}
	out := []store.Reminder{}
	for _, r := range stored {
		it, ok := live[key{r.OrgID, r.Kind, r.Period, r.GroupID}]
		if !ok || it.Status == domain.ComplianceOK {
			continue
		}
		r.Held, r.Required = it.Held, it.Required
		out = append(out, r)
	}
	return out, nil
}
