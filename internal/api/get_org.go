package api

import "net/http"

// getOrg returns one organisation with its counts and warnings.
func (h *handler) getOrg(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "org")
	if err != nil {
		return err
	}
	v, err := h.set.Orgs.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, orgView(v))
	return nil
}
