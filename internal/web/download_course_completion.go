package web

import (
	"net/http"

	"dangjian/internal/i18n"
)

// downloadCourseCompletion serves the completion of a course under ?org_id= as .xlsx: one
// row per member, and the rates per organisation, in the page's language.
func (h *handler) downloadCourseCompletion(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	loc := locale(r)
	name := "课程学习情况.xlsx"
	if loc == i18n.EN {
		name = "course-completion.xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	h.finish(d, w, r, h.set.Study.CompletionXLSX(r.Context(), actor(r), id, queryID(r.URL.Query().Get("org_id")), h.set.I18n, loc, d))
}
