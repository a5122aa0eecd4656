package api

import "net/http"

// createClaim files a claim (JSON, or multipart with evidence files): 201 with the claim,
// pending, or approved at once with its entry when the indicator needs no approval.
func (h *handler) createClaim(w http.ResponseWriter, r *http.Request) error {
	in, err := readClaimRequest(w, r)
	if err != nil {
		return err
	}
	c, err := h.set.Points.Claim(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/points/claims/"+formatID(c.ID))
	writeJSON(w, http.StatusCreated, claimView(c))
	return nil
}
