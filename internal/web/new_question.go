package web

import (
	"net/http"
	"net/url"

	"dangjian/internal/domain"
)

// questionOptionKeys are the option letters the question form offers.
var questionOptionKeys = []string{"A", "B", "C", "D", "E", "F"}

// questionFormFields are the fields the question form shows.
var questionFormFields = []string{"org_id", "kind", "stem", "options", "answer", "tags"}

type questionFormData struct {
	*Page
	Form       *Form
	Orgs       []Option
	Kinds      []Option
	OptionKeys []string
}

// newQuestion is the form for one question of the bank: single or multiple choice with up
// to six options, or true/false.
func (h *handler) newQuestion(w http.ResponseWriter, r *http.Request) {
	f := newForm(url.Values{"org_id": {r.URL.Query().Get("org_id")}, "kind": {domain.QuestionSingle}})
	h.renderQuestionForm(w, r, http.StatusOK, f)
}

func (h *handler) renderQuestionForm(w http.ResponseWriter, r *http.Request, status int, f *Form) {
	if !h.requireStudyManager(w, r) {
		return
	}
	orgs, _, err := h.managedOrgOptions(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.page(r, "web.study.manage.question.new")
	h.html(w, r, status, "study_manage_question_new", &questionFormData{Page: p, Form: f, Orgs: orgs,
		Kinds: p.Choices("web.study.question.", domain.QuestionKinds), OptionKeys: questionOptionKeys})
}
