package web

import (
	"fmt"
	"net/http"
)

type contestScreenData struct {
	*Page
	ExamID  int64
	Rows    []leaderRow // the members' leaderboard block renders these
	Title   string
	Takers  int
	Average string
}

// showContestScreen is a contest's leaderboard for a big screen: the page alone (no menu),
// large type, and the members' leaderboard block, which refreshes itself through htmx.
// Only those who may read the results open it; the block's refresh is the members' route.
func (h *handler) showContestScreen(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	rep, err := h.set.Study.ExamResults(ctx, a, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rows, err := h.set.Study.Leaderboard(ctx, a, id, leaderboardSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &contestScreenData{Page: h.page(r, "web.study.manage.screen.title"), ExamID: id, Title: rep.Summary.Title,
		Takers: rep.Summary.Takers, Average: oneDecimal(rep.Summary.Average)}
	for _, row := range rows {
		d.Rows = append(d.Rows, leaderRow{LeaderRow: row, Seconds: fmt.Sprintf("%.1f", float64(row.DurationMS)/1000)})
	}
	h.execute(w, r, http.StatusOK, "study_manage_screen", "screen", d)
}
