package web

import (
	"net/http"

	"dangjian/internal/study"
)

// examResultRow is a member's results as the page shows them.
type examResultRow struct {
	study.ExamResultRow
	Seconds string // time of the best attempt, one decimal
}

type examResultsData struct {
	*Page
	Summary     study.ExamSummary
	Rows        []examResultRow
	PassPct     int
	Average     string
	TimeMinutes string
	TakersPct   int
}

// showExamResults is an exam's results for its managers: the summary and each member's
// attempts and best score; a contest links to its big-screen leaderboard.
func (h *handler) showExamResults(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rep, err := h.set.Study.ExamResults(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	s := rep.Summary
	d := &examResultsData{Page: h.page(r, "web.study.manage.exam.results"), Summary: s, PassPct: ratePercent(s.PassRate),
		Average: oneDecimal(s.Average), TimeMinutes: oneDecimal(float64(s.TimeLimitSeconds) / 60)}
	d.Title = s.Title
	if s.Expected > 0 {
		d.TakersPct = ratePercent(float64(s.Takers) / float64(s.Expected))
	}
	for _, row := range rep.Rows {
		d.Rows = append(d.Rows, examResultRow{ExamResultRow: row, Seconds: oneDecimal(float64(row.DurationMS) / 1000)})
	}
	h.html(w, r, http.StatusOK, "study_manage_exam", d)
}
