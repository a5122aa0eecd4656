package api

import (
	"net/http"

	"dangjian/internal/i18n"
)

// getImportErrors serves the import's input as .xlsx with one more column saying what is
// wrong in each row (in the caller's language), at the input's row numbers, so the user
// fixes that file and uploads it again.
func (h *handler) getImportErrors(w http.ResponseWriter, r *http.Request) error {
	id, err := jobID(r)
	if err != nil {
		return err
	}
	locale := i18n.FromRequest(r)
	name := "导入错误-" + formatID(id) + ".xlsx"
	if locale == i18n.EN {
		name = "import-errors-" + formatID(id) + ".xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	return d.finish(h, r, h.set.Roster.ErrorsXLSX(r.Context(), actor(r), id, h.set.I18n, locale, d))
}
