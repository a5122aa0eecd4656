package api

import "net/http"

// createUser adds an account with role grants: 201 with the user.
func (h *handler) createUser(w http.ResponseWriter, r *http.Request) error {
	in, err := decodeUserRequest(r.Body)
	if err != nil {
		return err
	}
	u, err := h.set.Accounts.Create(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/users/"+formatID(u.ID))
	writeJSON(w, http.StatusCreated, userView(u))
	return nil
}
