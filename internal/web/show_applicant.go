package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dangjian/internal/auth"
	"dangjian/internal/development"
	"dangjian/internal/domain"
	"dangjian/internal/member"
)

// applicantForms are the applicant page's forms; a rejected one comes back with its
// errors, the others fresh.
type applicantForms struct {
	Step, Extend, Close *Form
}

// applicantData is an applicant's page: the timeline of the 5 stages and 25 steps, and
// for writers the forms that move it on.
type applicantData struct {
	*Page
	Applicant   *development.View
	Stages      []stageSteps
	Forms       applicantForms
	StepChoices []Option // the steps that may be recorded now
	People      []Option // full members of the branch, for contacts and sponsors
	CanWrite    bool
	CanExtend   bool
	CanClose    bool
	Saved       bool
}

// stageSteps are one stage's steps in order.
type stageSteps struct {
	No    int
	Steps []development.StepView
}

// Which steps take which figures; the form shows those fields for these steps only.
var (
	trainingSteps = []string{domain.StepTraining}
	meetingSteps  = []string{domain.StepAdmissionMeeting, domain.StepFullMeeting}
	approvalSteps = []string{domain.StepAdmissionApprove, domain.StepFullApproval}
)

func (h *handler) showApplicant(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderApplicant(w, r, id, http.StatusOK, applicantForms{})
}

func (h *handler) renderApplicant(w http.ResponseWriter, r *http.Request, id int64, status int, forms applicantForms) {
	ctx, a := r.Context(), actor(r)
	v, err := h.set.Development.Get(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &applicantData{Page: h.page(r, ""), Applicant: v, Forms: forms,
		CanWrite: a.Can(auth.MemberWrite, v.OrgPath),
		Saved:    r.Method == http.MethodGet && r.URL.Query().Get("saved") == "1"}
	d.Page.Title = v.Name
	open := v.Status == domain.ApplicantActive || v.Status == domain.ApplicantProbationary
	d.CanClose = d.CanWrite && open
	d.CanExtend = d.CanWrite && v.Status == domain.ApplicantProbationary && v.ExtensionMonths == 0
	for _, st := range v.Steps {
		if len(d.Stages) < st.Stage {
			d.Stages = append(d.Stages, stageSteps{No: st.Stage})
		}
		d.Stages[st.Stage-1].Steps = append(d.Stages[st.Stage-1].Steps, st)
	}
	if d.CanWrite && open {
		d.StepChoices = stepChoices(d.Page, v)
		people, err := h.set.Members.List(ctx, a, member.Filter{OrgID: v.OrgID, Category: domain.CategoryFull,
			Standing: domain.StandingNormal, Limit: 500}, false)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, m := range people.Items {
			d.People = append(d.People, Option{Value: itoa64(m.ID), Label: m.Name})
		}
	}
	if d.Forms.Step == nil {
		f := newForm(url.Values{"done_on": {today()}})
		if len(d.StepChoices) > 0 {
			f.Values.Set("step", d.StepChoices[0].Value)
		}
		d.Forms.Step = f
	}
	if d.Forms.Extend == nil {
		d.Forms.Extend = newForm(url.Values{"decided_on": {today()}, "months": {"6"}})
	}
	if d.Forms.Close == nil {
		d.Forms.Close = newForm(url.Values{"on": {today()}})
	}
	h.html(w, r, status, "applicant", d)
}

// stepChoices are the steps whose prerequisites are done and which are not done already
// (reviews repeat), in order; the service checks the timers when one is recorded.
func stepChoices(p *Page, v *development.View) []Option {
	done := map[string]bool{}
	for _, st := range v.Steps {
		done[st.Code] = !st.DoneOn.IsZero()
	}
	var out []Option
	for _, st := range domain.DevSteps {
		if st.Code == domain.StepApplication || (done[st.Code] && !st.Repeatable) {
			continue
		}
		ready := true
		for _, req := range st.Requires {
			ready = ready && done[req]
		}
		if ready {
			out = append(out, Option{Value: st.Code, Label: strconv.Itoa(st.No) + ". " + p.T("development.step."+st.Code)})
		}
	}
	return out
}

// StageLabel is a stage's name.
func (d *applicantData) StageLabel(n int) string { return d.T("development.stage." + strconv.Itoa(n)) }

// StepLabel is a step's name.
func (d *applicantData) StepLabel(code string) string { return d.T("development.step." + code) }

// PeopleNames lists a record's people.
func (d *applicantData) PeopleNames(people []domain.DevPerson) string {
	names := make([]string, len(people))
	for i, p := range people {
		names[i] = p.Name
	}
	return strings.Join(names, "、")
}

// StepsFor is the data-for-steps attribute of the figure fields.
func (d *applicantData) StepsFor(kind string) string {
	switch kind {
	case "training":
		return strings.Join(trainingSteps, " ")
	case "meeting":
		return strings.Join(meetingSteps, " ")
	}
	return strings.Join(approvalSteps, " ")
}
