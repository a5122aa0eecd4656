package api

import "net/http"

// updateUser changes an account's profile, password, disabled flag or grants.
func (h *handler) updateUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	in, err := decodeUserRequest(r.Body)
	if err != nil {
		return err
	}
	u, err := h.set.Accounts.Update(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, userView(u))
	return nil
}
