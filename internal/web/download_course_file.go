package web

import "net/http"

// downloadCourseFile serves the uploaded document of a course to whoever may see the course
// (404 otherwise), always as a download under the type it was stored with.
func (h *handler) downloadCourseFile(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, data, err := h.set.Study.CourseFile(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sendFile(w, f.ContentType, f.FileName, data)
}
