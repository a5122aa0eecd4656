package web

import (
	"net/http"
)

// unassignCourse removes the course's assignment to an organisation.
func (h *handler) unassignCourse(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	org, err := pathID(r, "org")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.set.Study.Unassign(r.Context(), actor(r), id, org); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirect(w, r, studyManageBase+"/courses/"+itoa64(id))
}
