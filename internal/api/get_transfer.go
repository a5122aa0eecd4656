package api

import "net/http"

// getTransfer returns a transfer, readable from either end.
func (h *handler) getTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "transfer")
	if err != nil {
		return err
	}
	t, err := h.set.Transfers.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, transferView(t))
	return nil
}
