package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"dangjian/internal/study"
)

// examFormFields are the fields the exam form shows.
var examFormFields = []string{"org_id", "title", "question_ids", "tags", "random_count", "time_limit_minutes", "pass_mark", "max_attempts", "opens_at", "closes_at"}

// examFieldNames maps the service's fields to the form's.
var examFieldNames = map[string]string{"time_limit_seconds": "time_limit_minutes"}

// tagCount is a tag of the questions an exam may use, with how many carry it.
type tagCount struct {
	Tag   string
	Count int
}

type examFormData struct {
	*Page
	Form    *Form
	Orgs    []Option
	OrgID   int64
	Choices []study.QuestionChoice
	Tags    []tagCount
}

// newExam is the form for an exam or contest of an organisation (?org_id=, else the first
// the user manages): fixed questions chosen from the banks it may use (its own and its
// ancestors'), or a number drawn at random per attempt from those with given tags.
func (h *handler) newExam(w http.ResponseWriter, r *http.Request) {
	f := newForm(url.Values{"org_id": {r.URL.Query().Get("org_id")}, "mode": {"fixed"}, "time_limit_minutes": {"30"},
		"pass_mark": {"60"}, "max_attempts": {"1"}, "shuffle": {"1"}})
	if r.URL.Query().Get("contest") != "" {
		f.Values.Set("contest", "1")
	}
	h.renderExamForm(w, r, http.StatusOK, f)
}

func (h *handler) renderExamForm(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	if !h.requireStudyManager(w, r) {
		return
	}
	orgs, _, err := h.managedOrgOptions(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &examFormData{Page: h.page(r, "web.study.manage.exam.new"), Form: f, Orgs: orgs, OrgID: queryID(f.Get("org_id"))}
	if d.OrgID == 0 && len(orgs) > 0 {
		d.OrgID = queryID(orgs[0].Value)
		f.Values.Set("org_id", orgs[0].Value)
	}
	if d.OrgID != 0 {
		d.Choices, err = h.set.Study.QuestionChoices(r.Context(), actor(r), d.OrgID, nil)
		if err != nil {
			h.fail(w, r, err)
			return
		}
	}
	counts := map[string]int{}
	for _, c := range d.Choices {
		for _, t := range c.Tags {
			if counts[t] == 0 {
				d.Tags = append(d.Tags, tagCount{Tag: t})
			}
			counts[t]++
		}
	}
	for i := range d.Tags {
		d.Tags[i].Count = counts[d.Tags[i].Tag]
	}
	slices.SortFunc(d.Tags, func(a, b tagCount) int { return b.Count - a.Count })
	h.html(w, r, status, "study_manage_exam_new", d)
}

// chosen reports whether a question is ticked on the exam form.
func (d *examFormData) Chosen(id int64) bool {
	return d.Form.Checked("question_ids", strconv.FormatInt(id, 10))
}
