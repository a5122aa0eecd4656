package duesstats

import (
	"context"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// remindBatch is how many reminders one write transaction records: the job holds the
// writer briefly many times rather than once for long.
const remindBatch = 500

// maxBranchReminders keeps the home page short in a large scope.
const maxBranchReminders = 50

// Remind is the daily job "dues.reminders": for every member on the roster with unpaid bills
// of months before today's, it records a reminder to the member (months unpaid, amount,
// consecutive months, flagged), and for every branch with such members one to its
// secretary; reminders no longer found (paid since, moved, left) are removed. Running it
// again the same day records the same rows. It returns how many member and branch reminders
// it recorded. No actor: a system task.
func (s *Service) Remind(ctx context.Context, today domain.Date) (members, branches int, err error) {
	through := domain.DuesMonthAdd(domain.DuesMonthOf(today), -1)
	list, err := s.arrearsOf(ctx, s.DB.Read(), "/", 0, through)
	if err != nil {
		return 0, 0, err
	}
	var rows []store.DuesReminder
	byOrg := map[int64]*store.DuesReminder{}
	var order []int64
	for _, m := range list {
		r := store.DuesReminder{Kind: store.DuesReminderMember, OrgID: m.OrgID, OrgPath: m.OrgPath, MemberID: m.MemberID,
			Unpaid: len(m.UnpaidMonths), Streak: m.Consecutive, AmountFen: m.UnpaidFen, OldestMonth: m.UnpaidMonths[0], LastOn: today}
		if m.Flagged {
			r.Flagged = 1
		}
		rows = append(rows, r)
		b := byOrg[m.OrgID]
		if b == nil {
			b = &store.DuesReminder{Kind: store.DuesReminderBranch, OrgID: m.OrgID, OrgPath: m.OrgPath, OldestMonth: r.OldestMonth, LastOn: today}
			byOrg[m.OrgID] = b
			order = append(order, m.OrgID)
		}
		b.Unpaid++
		b.Flagged += r.Flagged
		b.Streak = max(b.Streak, r.Streak)
		b.AmountFen += r.AmountFen
		b.OldestMonth = min(b.OldestMonth, r.OldestMonth)
	}
	members = len(rows)
	for _, id := range order {
		rows = append(rows, *byOrg[id])
	}
	branches = len(order)
	for start := 0; start < len(rows); start += remindBatch {
		batch := rows[start:min(start+remindBatch, len(rows))]
		if err := s.DB.WriteTx(ctx, func(q *store.Q) error {
			for _, r := range batch {
				if err := q.UpsertDuesReminder(ctx, r); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return 0, 0, err
		}
	}
	err = s.DB.WriteTx(ctx, func(q *store.Q) error {
		_, err := q.DeleteDuesRemindersBefore(ctx, today)
		return err
	})
	return members, branches, err
}

// MyReminder is the caller's own dues reminder with today's figures: their unpaid bills of
// past months, once the job has reminded them; nil when there is none or they have paid
// since. Who: anyone signed in, for themself.
func (s *Service) MyReminder(ctx context.Context, a *auth.Actor) (*ArrearsMember, error) {
	if a.MemberID() == 0 {
		return nil, nil
	}
	r, err := s.DB.Read().MemberDuesReminder(ctx, a.MemberID())
	if err != nil || r == nil {
		return nil, err
	}
	return s.MyArrears(ctx, a)
}

// BranchReminders lists the reminders of the branches the caller manages dues of, the most
// members flagged first (the secretary's home page). Who: anyone; empty without dues.manage.
func (s *Service) BranchReminders(ctx context.Context, a *auth.Actor) ([]store.DuesReminder, error) {
	return s.DB.Read().BranchDuesReminders(ctx, a.Scopes(auth.DuesManage), maxBranchReminders)
}
