package api

import "net/http"

// updateOrg changes the given fields of an organisation (the parent changes through move).
func (h *handler) updateOrg(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "org")
	if err != nil {
		return err
	}
	in, err := decodeOrgRequest(r.Body)
	if err != nil {
		return err
	}
	v, err := h.set.Orgs.Update(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, orgView(v))
	return nil
}
