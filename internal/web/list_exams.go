package web

import (
	"net/http"

	"dangjian/internal/domain"
)

type studyExamsData struct {
	*Page
	Exams []domain.Exam
}

// listExams lists the exams and contests the member may take.
func (h *handler) listExams(w http.ResponseWriter, r *http.Request) {
	exams, err := h.set.Study.Exams(r.Context(), actor(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, http.StatusOK, "study_exams", &studyExamsData{Page: h.page(r, "web.study.exams.title"), Exams: exams})
}
