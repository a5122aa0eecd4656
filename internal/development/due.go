package development

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/domain"
	"dangjian/internal/store"
)

// DueItem is one line of "what is due this month".
type DueItem struct {
	ApplicantID   int64
	ApplicantName string
	OrgID         int64
	OrgName       string
	Step          string
	StepNo        int
	Kind          string // "due": must be done by On; "eligible": may be done from On
	On            domain.Date
	Overdue       bool // due before today and not done
}

// Item kinds.
const (
	KindDue      = "due"
	KindEligible = "eligible"
)

// Due lists, for the applicants in progress in an organisation's subtree, the steps due in
// the month (YYYY-MM), the steps that become allowed in it (a candidate after a year as an
// activist, the full-membership meeting when probation ends), and everything overdue as of
// today, earliest first. Who: readers of the org. Errors: ENotFound (org), EInvalid (month).
func (s *Service) Due(ctx context.Context, a *auth.Actor, orgID int64, month string) ([]DueItem, error) {
	if domain.CheckMonth(month) != "" {
		return nil, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"month": "err.month_yyyy_mm"}}
	}
	m, _ := time.Parse("2006-01", month)
	from := domain.DateOf(m)
	to := domain.AddMonths(from, 1) // exclusive
	q := s.DB.Read()
	o, err := q.Org(ctx, orgID)
	if err == sql.ErrNoRows || (err == nil && !a.Can(auth.MemberRead, o.Path)) {
		return nil, domain.NotFound("org")
	}
	if err != nil {
		return nil, err
	}
	recs, err := q.Applicants(ctx, store.ApplicantFilter{Scopes: a.Scopes(auth.MemberRead), Under: o.Path,
		Statuses: []string{domain.ApplicantActive, domain.ApplicantProbationary, domain.ApplicantFull}})
	if err != nil {
		return nil, err
	}
	views, err := s.views(ctx, q, recs)
	if err != nil {
		return nil, err
	}
	in := func(d domain.Date) bool { return !d.IsZero() && !d.Before(from) && d.Before(to) }
	out := []DueItem{}
	for _, v := range views {
		for _, st := range v.Steps {
			item := DueItem{ApplicantID: v.ID, ApplicantName: v.Name, OrgID: v.OrgID, OrgName: v.OrgName,
				Step: st.Code, StepNo: st.No}
			owed := !st.DueOn.IsZero() && stillOwed(st)
			switch {
			case st.Overdue:
				item.Kind, item.On, item.Overdue = KindDue, st.DueOn, true
			case owed && in(st.DueOn):
				item.Kind, item.On = KindDue, st.DueOn
			case st.DoneOn.IsZero() && in(st.EarliestOn):
				item.Kind, item.On = KindEligible, st.EarliestOn
			default:
				continue
			}
			out = append(out, item)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].On.Before(out[j].On) })
	return out, nil
}

// stillOwed reports whether a step with a due date is still to be done: a non-repeatable
// step not done, or a review whose next date is set (Schedule clears it when reviews stop).
func stillOwed(st StepView) bool {
	if st.Code == domain.StepActivistReview {
		return !st.DueOn.IsZero()
	}
	return st.DoneOn.IsZero()
}
