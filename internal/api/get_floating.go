package api

import "net/http"

// getFloating returns one register entry with its report flag.
func (h *handler) getFloating(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "floating")
	if err != nil {
		return err
	}
	f, err := h.set.Transfers.GetFloating(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, floatingView(f))
	return nil
}
