package web

import (
	"net/http"

	"dangjian/internal/study"
)

// managedExamRow is an exam on the managers' list with its rates as percentages.
type managedExamRow struct {
	study.ExamSummary
	OrgName     string
	PassPct     int
	Average     string // one decimal
	TimeMinutes string
}

type managedExamsData struct {
	*Page
	Rows []managedExamRow
}

// listManagedExams is 学习管理 · 考试与竞赛: the exams and contests of the subtrees the user
// manages with their results so far (takers of the members expected, submitted attempts,
// pass rate by member, mean of the best scores).
func (h *handler) listManagedExams(w http.ResponseWriter, r *http.Request) {
	list, err := h.set.Study.ManagedExams(r.Context(), actor(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, orgs, err := h.managedOrgOptions(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &managedExamsData{Page: h.page(r, "web.study.manage.exams.title")}
	for _, e := range list {
		row := managedExamRow{ExamSummary: e, PassPct: ratePercent(e.PassRate), Average: oneDecimal(e.Average),
			TimeMinutes: oneDecimal(float64(e.TimeLimitSeconds) / 60)}
		if o := orgs[e.OrgID]; o != nil {
			row.OrgName = o.Name
		}
		d.Rows = append(d.Rows, row)
	}
	h.html(w, r, http.StatusOK, "study_manage_exams", d)
}
