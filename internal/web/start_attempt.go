package web

import (
	"fmt"
	"net/http"
	"time"

	"dangjian/internal/study"
)

type studyAttemptData struct {
	*Page
	Attempt   *study.AttemptView
	Questions []numberedQuestion
	Deadline  string // RFC 3339, for the countdown in app.js
	Countdown string // what the countdown shows before app.js takes over
}

// numberedQuestion is a question with its number on the sheet.
type numberedQuestion struct {
	N int
	study.QuestionView
}

// startAttempt shows an exam sitting: it starts the member's next attempt, or resumes the
// one they have open (so a reload keeps the same questions and deadline). The questions
// come without answers: AttemptView has no field that could carry one.
func (h *handler) startAttempt(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v, err := h.set.Study.StartAttempt(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &studyAttemptData{Page: h.page(r, "web.study.attempt.title"), Attempt: v,
		Deadline: v.DeadlineAt.UTC().Format(time.RFC3339)}
	left := max(int(time.Until(v.DeadlineAt).Seconds()), 0)
	d.Countdown = fmt.Sprintf("%d:%02d", left/60, left%60)
	for i, q := range v.Questions {
		d.Questions = append(d.Questions, numberedQuestion{N: i + 1, QuestionView: q})
	}
	d.Title = v.Title
	h.html(w, r, http.StatusOK, "study_attempt", d)
}
