package web

import (
	"fmt"
	"net/http"

	"dangjian/internal/study"
)

type studyLeaderboardData struct {
	*Page
	ExamID int64
	Rows   []leaderRow
}

// leaderRow is a place on the board with its time taken in seconds, as people read it.
type leaderRow struct {
	study.LeaderRow
	Seconds string
}

// leaderboardSize is how many places the contest page shows.
const leaderboardSize = 50

// showLeaderboard is a contest's leaderboard; htmx refreshes it while it is open.
func (h *handler) showLeaderboard(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rows, err := h.set.Study.Leaderboard(r.Context(), actor(r), id, leaderboardSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &studyLeaderboardData{Page: h.page(r, "web.study.leaderboard.title"), ExamID: id}
	for _, row := range rows {
		d.Rows = append(d.Rows, leaderRow{LeaderRow: row, Seconds: fmt.Sprintf("%.1f", float64(row.DurationMS)/1000)})
	}
	if wantsFragment(r, "study-leaderboard") {
		h.fragment(w, r, http.StatusOK, "study_leaderboard", "study_leaderboard", d)
		return
	}
	h.html(w, r, http.StatusOK, "study_leaderboard", d)
}
