package api

import "net/http"

// getEntry answers one ledger entry.
func (h *handler) getEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "point_entry")
	if err != nil {
		return err
	}
	e, err := h.set.Points.Entry(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, entryView(e))
	return nil
}
