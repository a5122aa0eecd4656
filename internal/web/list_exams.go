package web

import (
	"net/http"
	"time"

	"dangjian/internal/domain"
)

type studyExamsData struct {
	*Page
	Exams []examRow
}

// examRow is an exam on the member's list with its window state at the time of the request
// (domain.ExamNotOpen 未开始, ExamOpen 进行中, ExamClosed 已结束).
type examRow struct {
	domain.Exam
	State string
}

// listExams lists the exams and contests the member may take, each with its window (in
// Beijing time) and whether it has not opened, is open or has closed.
func (h *handler) listExams(w http.ResponseWriter, r *http.Request) {
	exams, err := h.set.Study.Exams(r.Context(), actor(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	now := time.Now()
	if h.set.Study.Now != nil {
		now = h.set.Study.Now()
	}
	rows := make([]examRow, len(exams))
	for i := range exams {
		rows[i] = examRow{Exam: exams[i], State: exams[i].Window(now)}
	}
	h.html(w, r, http.StatusOK, "study_exams", &studyExamsData{Page: h.page(r, "web.study.exams.title"), Exams: rows})
}
