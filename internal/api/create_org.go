package api

import "net/http"

// createOrg adds an organisation: 201 with the organisation.
func (h *handler) createOrg(w http.ResponseWriter, r *http.Request) error {
	in, err := decodeOrgRequest(r.Body)
	if err != nil {
		return err
	}
	v, err := h.set.Orgs.Create(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/orgs/"+formatID(v.ID))
	writeJSON(w, http.StatusCreated, orgView(v))
	return nil
}
