package web

import (
	"net/http"

	"dangjian/internal/i18n"
)

// downloadExport serves a finished export's .xlsx.
func (h *handler) downloadExport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	name := "党员名册-" + itoa64(id) + ".xlsx"
	if locale(r) == i18n.EN {
		name = "members-" + itoa64(id) + ".xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	h.finish(d, w, r, h.set.Roster.ExportFile(r.Context(), actor(r), id, d))
}
