package api

import (
	"net/http"

	"dangjian/internal/i18n"
)

// getExportFile serves a finished export's .xlsx; 409 while it is still running.
func (h *handler) getExportFile(w http.ResponseWriter, r *http.Request) error {
	id, err := jobID(r)
	if err != nil {
		return err
	}
	name := "党员名册-" + formatID(id) + ".xlsx"
	if i18n.FromRequest(r) == i18n.EN {
		name = "members-" + formatID(id) + ".xlsx"
	}
	d := newDownload(w, contentTypeXLSX, name)
	return d.finish(h, r, h.set.Roster.ExportFile(r.Context(), actor(r), id, d))
}
