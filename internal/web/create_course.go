package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// createCourse creates a course from the new-course form, with its first assignment when
// one is chosen, and its document when one is uploaded, and opens its completion page.
func (h *handler) createCourse(w http.ResponseWriter, r *http.Request) {
	f, file, err := parseCourseForm(w, r)
	defer removeUploads(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := study.CourseInput{OrgID: queryID(f.Get("org_id")), Title: f.Get("title"), Kind: f.Get("kind"), Body: f.Get("body"),
		URL: f.Get("url"), MinSeconds: studyMinutes(f.Get("min_minutes")), File: file}
	if org := queryID(f.Get("assign_org_id")); org != 0 {
		in.Assignments = []study.AssignmentInput{{OrgID: org, Required: f.Get("assign_required") != "", DueOn: f.Get("assign_due_on")}}
	}
	c, err := h.set.Study.CreateCourse(r.Context(), actor(r), in)
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), renameFields(e, courseFieldNames), courseFormFields...)
			h.renderCourseForm(w, r, status, f, nil)
		})
		return
	}
	h.redirect(w, r, studyManageBase+"/courses/"+itoa64(c.ID))
}
