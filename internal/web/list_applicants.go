package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/auth"
	"dangjian/internal/development"
	"dangjian/internal/domain"
)

// applicantsData is the list of people in the development process.
type applicantsData struct {
	*Page
	Query   *Form
	Rows    []applicantRow
	Orgs    []Option
	NextURL string
	IsFirst bool
	CanAdd  bool
}

// applicantRow is an applicant with the next date that matters.
type applicantRow struct {
	*development.View
	NextStep string // message key of the step due next
	NextDue  domain.Date
}

// applicantStatusChoices are the list's status filter; "open" is everyone still in the
// process (before admission, or on probation).
var applicantStatusChoices = []string{"open", domain.ApplicantActive, domain.ApplicantProbationary,
	domain.ApplicantFull, domain.ApplicantWithdrawn, domain.ApplicantCancelled, "all"}

func applicantStatuses(s string) []string {
	switch s {
	case "all":
		return nil
	case "", "open":
		return []string{domain.ApplicantActive, domain.ApplicantProbationary}
	}
	return []string{s}
}

func (h *handler) listApplicants(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	f := development.Filter{OrgID: queryID(q.Get("org_id")), Statuses: applicantStatuses(q.Get("status")),
		AfterID: queryID(q.Get("cursor")), Limit: 50}
	views, next, err := h.set.Development.List(ctx, a, f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &applicantsData{Page: h.page(r, "web.applicants.title"), Query: newForm(q), IsFirst: f.AfterID == 0,
		CanAdd: len(a.Scopes(auth.MemberWrite)) > 0}
	for _, v := range views {
		row := applicantRow{View: v}
		row.NextStep, row.NextDue = nextDue(v)
		d.Rows = append(d.Rows, row)
	}
	if next != 0 {
		v := url.Values{}
		for _, k := range []string{"org_id", "status"} {
			if s := q.Get(k); s != "" {
				v.Set(k, s)
			}
		}
		v.Set("cursor", itoa64(next))
		d.NextURL = "/applicants?" + v.Encode()
	}
	if d.Orgs, err = h.readableOrgOptions(r, f.OrgID); err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, http.StatusOK, "applicants", d)
}

// nextDue is the step with the earliest due date still owed (a review is owed while it has
// a next date), or nothing.
func nextDue(v *development.View) (string, domain.Date) {
	var step string
	var due domain.Date
	for _, st := range v.Steps {
		if st.DueOn.IsZero() {
			continue
		}
		owed := st.DoneOn.IsZero() || st.Repeatable
		if owed && (due.IsZero() || st.DueOn.Before(due)) {
			step, due = "development.step."+st.Code, st.DueOn
		}
	}
	return step, due
}

// readableOrgOptions are the organisation filter of the lists: the upper levels of the
// user's member scope (and the one chosen), groups left out.
func (h *handler) readableOrgOptions(r *http.Request, chosen int64) ([]Option, error) {
	a := actor(r)
	outline, err := h.set.Orgs.Outline(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return orgOptions(outline, func(o *domain.Org, level int) bool {
		return o.Type != domain.OrgGroup && a.Can(auth.MemberRead, o.Path) && (level < orgPickerLevels || o.ID == chosen)
	}), nil
}
