package web

import (
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/study"
)

type studyResultData struct {
	*Page
	Result *study.SubmitResult
}

// submitAttempt scores a sitting and shows the result. The form names each answer
// "q{question id}" with the chosen option keys as values.
func (h *handler) submitAttempt(w http.ResponseWriter, r *http.Request) {
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
	answers := map[int64][]string{}
	for name, values := range f.Values {
		qid, err := strconv.ParseInt(strings.TrimPrefix(name, "q"), 10, 64)
		if !strings.HasPrefix(name, "q") || err != nil || qid <= 0 {
			continue
		}
		answers[qid] = values
	}
	res, err := h.set.Study.Submit(r.Context(), actor(r), id, answers)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.html(w, r, http.StatusOK, "study_result", &studyResultData{Page: h.page(r, "web.study.result.title"), Result: res})
}
