package web

import (
	"net/http"

	"dangjian/internal/i18n"
)

// downloadImportTemplate serves the roster template (.xlsx) in the page's language: the
// header row, an example row, dropdowns for the enumerations and a sheet explaining them.
func (h *handler) downloadImportTemplate(w http.ResponseWriter, r *http.Request) {
	loc := locale(r)
	name := "党员名册导入模板.xlsx"
	if loc == i18n.EN {
		name = "member-import-template.xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	h.finish(d, w, r, h.set.Roster.Template(d, loc))
}
