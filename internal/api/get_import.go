package api

import (
	"net/http"

	"dangjian/internal/i18n"
)

// getImport returns an import's status and progress for polling: queued, running (with
// phase, processed_rows of total_rows and percent), done or failed, with the row errors.
// Only whoever started the import (and admins) see it.
func (h *handler) getImport(w http.ResponseWriter, r *http.Request) error {
	id, err := jobID(r)
	if err != nil {
		return err
	}
	st, err := h.set.Roster.Import(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h.importView(st, i18n.FromRequest(r)))
	return nil
}
