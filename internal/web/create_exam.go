package web

import (
	"net/http"
	"strings"
	"time"

	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// createExam creates an exam or contest from the exam form and opens its results page. The
// window (opens_at, closes_at) is entered in Beijing time; either may be left empty.
func (h *handler) createExam(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	opens, okOpens := optionalShanghai(f.Get("opens_at"))
	closes, okCloses := optionalShanghai(f.Get("closes_at"))
	if !okOpens || !okCloses {
		p := h.page(r, "")
		for field, ok := range map[string]bool{"opens_at": okOpens, "closes_at": okCloses} {
			if !ok {
				f.Errors[field] = p.T("web.study.manage.exam.bad_time")
			}
		}
		h.renderExamForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	in := study.ExamInput{OrgID: queryID(f.Get("org_id")), Title: f.Get("title"), TimeLimitSeconds: studyMinutes(f.Get("time_limit_minutes")),
		PassMark: studyInt(f.Get("pass_mark")), MaxAttempts: studyInt(f.Get("max_attempts")), Shuffle: f.Get("shuffle") != "",
		Contest: f.Get("contest") != "", OpensAt: opens, ClosesAt: closes}
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

// optionalShanghai reads a datetime-local value in Beijing time: nil for an empty value, ok
// false for one that is not a date and time.
func optionalShanghai(s string) (*time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	t := shanghaiInput(s)
	if t.IsZero() {
		return nil, false
	}
	return &t, true
}
