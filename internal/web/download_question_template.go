package web

import (
	"net/http"

	"dangjian/internal/i18n"
)

// downloadQuestionTemplate serves the question import template (.xlsx) in the page's
// language: the header row, a dropdown of the kinds, and a sheet with rules and examples.
func (h *handler) downloadQuestionTemplate(w http.ResponseWriter, r *http.Request) {
	if !h.requireStudyManager(w, r) {
		return
	}
	loc := locale(r)
	name := "题库导入模板.xlsx"
	if loc == i18n.EN {
		name = "question-import-template.xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	h.finish(d, w, r, h.set.Study.QuestionTemplate(d, h.set.I18n, loc))
}
