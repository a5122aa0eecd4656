package web

import (
	"net/http"

	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// createExam creates an exam or contest from the exam form and opens its results page.
func (h *handler) createExam(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := study.ExamInput{OrgID: queryID(f.Get("org_id")), Title: f.Get("title"), TimeLimitSeconds: studyMinutes(f.Get("time_limit_minutes")),
		PassMark: studyInt(f.Get("pass_mark")), MaxAttempts: studyInt(f.Get("max_attempts")), Shuffle: f.Get("shuffle") != "",
		Contest: f.Get("contest") != ""}
	if f.Get("mode") == "random" {
		in.Tags, in.RandomCount = studyTags(f.Get("tags")), max(0, studyInt(f.Get("random_count")))
	} else {
		for _, v := range f.Values["question_ids"] {
			if id := queryID(v); id != 0 {
				in.QuestionIDs = append(in.QuestionIDs, id)
			}
		}
	}
	e, err := h.set.Study.CreateExam(r.Context(), actor(r), in)
	if err != nil {
		h.failForm(w, r, err, func(status int, de *domain.Error) {
			p := h.page(r, "")
			plain := renameFields(de, examFieldNames)
			plain = &domain.Error{Code: plain.Code, Message: plain.Message, Fields: plain.Fields} // the args are the field's
			f.setError(p, plain, examFormFields...)
			// "not enough questions" carries the number there are.
			if k := de.Fields["random_count"]; k != "" {
				f.Errors["random_count"] = p.T(k, de.Args...)
			}
			h.renderExamForm(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, studyManageBase+"/exams/"+itoa64(e.ID))
}
