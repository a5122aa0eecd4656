package web

import (
	"net/http"
)

// editCourse is the edit form of a course the user's organisation owns.
func (h *handler) editCourse(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.set.Study.ManagedCourse(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderCourseForm(w, r, http.StatusOK, courseForm(c), c)
}
