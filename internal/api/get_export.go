package api

import (
	"net/http"

	"dangjian/internal/i18n"
)

// getExport returns a large export's status for polling; file_url is set once it is done.
// Only whoever started the export (and admins) see it.
func (h *handler) getExport(w http.ResponseWriter, r *http.Request) error {
	id, err := jobID(r)
	if err != nil {
		return err
	}
	st, err := h.set.Roster.Export(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.exportView(st, i18n.FromRequest(r)))
	return nil
}
