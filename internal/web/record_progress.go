package web

import (
	"net/http"
	"strconv"

	"dangjian/internal/domain"
)

// recordProgress takes a heartbeat of the course reader (seconds studied since the last
// one) and answers with the progress bar, which htmx swaps in place.
func (h *handler) recordProgress(w http.ResponseWriter, r *http.Request) {
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
	seconds, err := strconv.Atoi(f.Get("seconds"))
	if err != nil {
		h.fail(w, r, &domain.Error{Code: domain.EInvalid, Message: "err.invalid"})
		return
	}
	res, err := h.set.Study.Progress(r.Context(), actor(r), id, seconds)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &studyCourseData{Page: h.page(r, ""), Member: true, Progress: studyProgress{CourseID: id, Seconds: res.Seconds,
		MinSeconds: res.MinSeconds, Percent: studyPercent(res.Seconds, res.MinSeconds), Completed: res.Completed}}
	h.fragment(w, r, http.StatusOK, "study_course", "study_progress", d)
}
