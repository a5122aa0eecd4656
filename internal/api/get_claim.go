package api

import "net/http"

// getClaim answers one claim with its evidence list.
func (h *handler) getClaim(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "point_claim")
	if err != nil {
		return err
	}
	c, err := h.set.Points.GetClaim(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, claimView(c))
	return nil
}
