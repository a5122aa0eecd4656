package api

import (
	"net/http"

	"dangjian/internal/i18n"
)

// getImportTemplate serves the roster import template in the language of Accept-Language:
// the header row, an example row (skipped on import), dropdowns for the enumerations and a
// sheet explaining the columns.
func (h *handler) getImportTemplate(w http.ResponseWriter, r *http.Request) error {
	locale := i18n.FromRequest(r)
	name := "党员名册导入模板.xlsx"
	if locale == i18n.EN {
		name = "member-import-template.xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	return d.finish(h, r, h.set.Roster.Template(d, locale))
}
