package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// completionRow is a member on the completion page.
type completionRow struct {
	study.MemberProgress
	Clock string // effective time as m:ss
}

// assignmentRow is an assignment of the course with its organisation's name.
type assignmentRow struct {
	domain.CourseAssignment
	OrgName   string
	Removable bool // the user manages the assigned organisation
}

type courseCompletionData struct {
	*Page
	Completion  *study.Completion
	Manageable  bool // the user manages the owner: may edit the course
	MinMinutes  int
	Assignments []assignmentRow
	Rows        []completionRow
	Status      string // the member filter: "", "completed" or "pending"
	Done, Todo  int    // members completed and not, over the whole list
	Shown       int    // members the filter selects (Rows holds at most completionPageRows)
	TotalPct    int
	RatePct     map[int64]int
	Chart       map[string]any
	Orgs        []Option // organisations to look at (those the user reads)
	AssignOrgs  []Option // organisations the user may assign to
	Form        *Form    // the assign form
}

// completionPageRows is how many members the completion page lists; the .xlsx has them all.
const completionPageRows = 500

// completionStatuses filter the member list.
var completionStatuses = []string{"completed", "pending"}

// showCourseCompletion is a course as its managers see it: the assignments (with the form to
// add one), completion rates per organisation under ?org_id= as a chart and a table, and
// every member an assignment covers with their effective time, filtered by ?status=.
func (h *handler) showCourseCompletion(w http.ResponseWriter, r *http.Request) {
	f := newForm(url.Values{"assign_required": {"1"}})
	h.renderCourseCompletion(w, r, http.StatusOK, f)
}

func (h *handler) renderCourseCompletion(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	qs := r.URL.Query()
	comp, err := h.set.Study.CourseCompletion(ctx, a, id, queryID(qs.Get("org_id")))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c := comp.Course
	d := &courseCompletionData{Page: h.page(r, "web.study.manage.completion.title"), Completion: comp, Form: f,
		Manageable: study.CanManage(a, c.OrgPath), MinMinutes: (c.MinSeconds + 59) / 60, RatePct: map[int64]int{},
		TotalPct: ratePercent(comp.Rates.Total.Rate)}
	d.Title = c.Title
	if domain.Contains(completionStatuses, qs.Get("status")) {
		d.Status = qs.Get("status")
	}
	outline, err := h.set.Orgs.Outline(ctx, a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, o := range outline {
		names[o.ID] = o.Name
	}
	for _, asg := range c.Assignments {
		row := assignmentRow{CourseAssignment: asg, OrgName: names[asg.OrgID], Removable: study.CanManage(a, asg.OrgPath)}
		if row.OrgName == "" {
			row.OrgName = "#" + strconv.FormatInt(asg.OrgID, 10) // an organisation above the user's scope
		}
		d.Assignments = append(d.Assignments, row)
	}
	d.Orgs = orgOptions(outline, func(o *domain.Org, _ int) bool { return o.Type != domain.OrgGroup })
	d.AssignOrgs = orgOptions(outline, func(o *domain.Org, _ int) bool { return o.Type != domain.OrgGroup && study.CanManage(a, o.Path) })
	for _, m := range comp.Members {
		done := m.CompletedAt != nil
		if done {
			d.Done++
		} else {
			d.Todo++
		}
		if (d.Status == "completed" && !done) || (d.Status == "pending" && done) {
			continue
		}
		d.Shown++
		if len(d.Rows) < completionPageRows {
			d.Rows = append(d.Rows, completionRow{MemberProgress: m, Clock: studyClock(m.Seconds)})
		}
	}
	labels, rates := []string{}, []int{}
	for _, it := range comp.Rates.Items {
		d.RatePct[it.OrgID] = ratePercent(it.Rate)
		labels = append(labels, it.OrgName)
		rates = append(rates, ratePercent(it.Rate))
	}
	d.Chart = map[string]any{"tooltip": map[string]any{"trigger": "axis"},
		"grid":  map[string]any{"left": 40, "right": 10, "bottom": 60, "top": 20},
		"xAxis": map[string]any{"type": "category", "data": labels, "axisLabel": map[string]any{"interval": 0, "rotate": 30}},
		"yAxis": map[string]any{"type": "value", "min": 0, "max": 100, "axisLabel": map[string]any{"formatter": "{value}%"}},
		"series": []map[string]any{{"name": d.T("web.study.manage.completion.rate"), "type": "bar", "data": rates, "color": "#2fb344",
			"label": map[string]any{"show": true, "position": "top", "formatter": "{c}%"}}}}
	h.html(w, r, status, "study_manage_course", d)
}
