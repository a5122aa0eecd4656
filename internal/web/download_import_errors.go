package web

import (
	"net/http"

	"dangjian/internal/i18n"
)

// downloadImportErrors serves the uploaded file as .xlsx with a column that says what is
// wrong in each row, at the same row numbers, so the user fixes it and uploads it again.
func (h *handler) downloadImportErrors(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	loc := locale(r)
	name := "导入错误-" + itoa64(id) + ".xlsx"
	if loc == i18n.EN {
		name = "import-errors-" + itoa64(id) + ".xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	h.finish(d, w, r, h.set.Roster.ErrorsXLSX(r.Context(), actor(r), id, h.set.I18n, loc, d))
}
