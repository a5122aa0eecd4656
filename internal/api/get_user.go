package api

import "net/http"

// getUser returns an account the caller may manage.
func (h *handler) getUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	u, err := h.set.Accounts.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, userView(u))
	return nil
}
