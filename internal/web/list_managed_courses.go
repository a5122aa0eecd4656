package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// managedCourseRow is a course on the managers' list: its completion as a percentage and
// its assignments counted by kind, with the earliest due date.
type managedCourseRow struct {
	study.CourseSummary
	Percent            int
	Required, Optional int
	DueOn              domain.Date
	OrgName            string
	MinMinutes         int
}

type managedCoursesData struct {
	*Page
	Rows []managedCourseRow
}

// listManagedCourses is 学习管理 · 课程: the courses of the subtrees the user manages (and
// those assigned to them from above), each with its completion rate within those subtrees.
func (h *handler) listManagedCourses(w http.ResponseWriter, r *http.Request) {
	list, err := h.set.Study.ManagedCourses(r.Context(), actor(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, orgs, err := h.managedOrgOptions(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &managedCoursesData{Page: h.page(r, "web.study.manage.courses.title")}
	for _, c := range list {
		row := managedCourseRow{CourseSummary: c, Percent: ratePercent(c.Rate), MinMinutes: (c.MinSeconds + 59) / 60}
		if o := orgs[c.OrgID]; o != nil {
			row.OrgName = o.Name
		}
		for _, asg := range c.Assignments {
			if asg.Required {
				row.Required++
			} else {
				row.Optional++
			}
			if !asg.DueOn.IsZero() && (row.DueOn.IsZero() || asg.DueOn.Before(row.DueOn)) {
				row.DueOn = asg.DueOn
			}
		}
		d.Rows = append(d.Rows, row)
	}
	h.html(w, r, http.StatusOK, "study_manage_courses", d)
}
