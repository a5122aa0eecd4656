package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// updateCourse saves the edit form of a course (with a new document when one is uploaded)
// and goes back to its completion page.
func (h *handler) updateCourse(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, file, err := parseCourseForm(w, r)
	defer removeUploads(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	_, err = h.set.Study.UpdateCourse(ctx, a, id, study.CourseUpdate{Title: f.Get("title"), Kind: f.Get("kind"),
		Body: f.Get("body"), URL: f.Get("url"), MinSeconds: studyMinutes(f.Get("min_minutes")), File: file})
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			c, cerr := h.set.Study.ManagedCourse(ctx, a, id)
			if cerr != nil {
				h.fail(w, r, cerr)
				return
			}
			f.setError(h.page(r, ""), renameFields(e, courseFieldNames), courseFormFields...)
			h.renderCourseForm(w, r, status, f, c)
		})
		return
	}
	h.redirect(w, r, studyManageBase+"/courses/"+itoa64(id))
}
