package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// assignFields are the assign form's fields; the service's names map onto them.
var assignFields = []string{"assign_org_id", "assign_due_on"}

// assignCourse assigns the course to one more organisation (or changes the assignment to
// it), required or optional, with an optional due date.
func (h *handler) assignCourse(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	org := queryID(f.Get("assign_org_id"))
	if org == 0 {
		h.rejectAssign(w, r, f, &domain.Error{Code: domain.EInvalid, Message: "err.invalid", Fields: map[string]string{"assign_org_id": "err.required"}})
		return
	}
	_, err = h.set.Study.Assign(r.Context(), actor(r), id, study.AssignmentInput{OrgID: org, Required: f.Get("assign_required") != "",
		DueOn: f.Get("assign_due_on")})
	if err != nil {
		h.failForm(w, r, err, func(_ int, e *domain.Error) { h.rejectAssign(w, r, f, e) })
		return
	}
	h.redirect(w, r, studyManageBase+"/courses/"+itoa64(id))
}

// rejectAssign shows the course page again with the assign form's problem.
func (h *handler) rejectAssign(w http.ResponseWriter, r *http.Request, f *Form, e *domain.Error) {
	f.setError(h.page(r, ""), renameFields(e, courseFieldNames), assignFields...)
	h.renderCourseCompletion(w, r, statusOf(e.Code), f)
}
