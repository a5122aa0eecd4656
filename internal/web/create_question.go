package web

import (
	"net/http"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/study"
)

// createQuestion adds a question from the question form and goes back to the bank. A
// true/false question takes its answer from answer_tf and has no options of its own.
func (h *handler) createQuestion(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := study.QuestionInput{OrgID: queryID(f.Get("org_id")), Kind: f.Get("kind"), Stem: f.Get("stem"), Tags: studyTags(f.Get("tags"))}
	if in.Kind == domain.QuestionTrueFal {
		if v := f.Get("answer_tf"); v != "" {
			in.Answer = []string{v}
		}
	} else {
		for _, k := range questionOptionKeys {
			if t := strings.TrimSpace(f.Get("option_" + k)); t != "" {
				in.Options = append(in.Options, domain.QuestionOption{Key: k, Text: t})
			}
		}
		in.Answer = f.Values["answer"]
	}
	_, err = h.set.Study.CreateQuestion(r.Context(), actor(r), in)
	if err != nil {
		h.failForm(w, r, err, func(status int, e *domain.Error) {
			f.setError(h.page(r, ""), e, questionFormFields...)
			if in.Kind == domain.QuestionTrueFal && f.Errors["answer"] != "" {
				f.Errors["answer_tf"] = f.Errors["answer"]
			}
			h.renderQuestionForm(w, r, status, f)
		})
		return
	}
	h.redirect(w, r, studyManageBase+"/questions")
}
