package web

import (
	"net/http"

	"dangjian/internal/auth"
)

// myDuesView is a member's own dues reminder on the home page.
type myDuesView struct {
	Months      int    // unpaid months
	Oldest      string // the earliest unpaid month
	Amount      string // yuan
	Consecutive int
	Flagged     bool
}

// duesReminderView is a branch's dues reminder on the secretary's home page.
type duesReminderView struct {
	OrgID   int64
	OrgName string
	Unpaid  int // members with unpaid months
	Flagged int
	Amount  string
}

// homeDues reads the dues reminders the home page shows: the caller's own (a member with
// unpaid bills of past months, once reminded) and, for dues managers, their branches'.
func (h *handler) homeDues(r *http.Request, a *auth.Actor) (*myDuesView, []duesReminderView, error) {
	if h.set.DuesStats == nil {
		return nil, nil, nil
	}
	var mine *myDuesView
	m, err := h.set.DuesStats.MyReminder(r.Context(), a)
	if err != nil {
		return nil, nil, err
	}
	if m != nil {
		mine = &myDuesView{Months: len(m.UnpaidMonths), Oldest: m.UnpaidMonths[0], Amount: yuan(m.UnpaidFen),
			Consecutive: m.Consecutive, Flagged: m.Flagged}
	}
	list, err := h.set.DuesStats.BranchReminders(r.Context(), a)
	if err != nil {
		return nil, nil, err
	}
	var out []duesReminderView
	for _, b := range list {
		out = append(out, duesReminderView{OrgID: b.OrgID, OrgName: b.OrgName, Unpaid: b.Unpaid, Flagged: b.Flagged, Amount: yuan(b.AmountFen)})
	}
	return mine, out, nil
}
