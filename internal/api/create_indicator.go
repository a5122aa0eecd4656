package api

import "net/http"

// createIndicator adds an item to an organisation's catalogue of a year: 201 with version 1.
func (h *handler) createIndicator(w http.ResponseWriter, r *http.Request) error {
	req, err := decodeIndicatorRequest(r.Body)
	if err != nil {
		return err
	}
	in, err := req.create()
	if err != nil {
		return err
	}
	ind, err := h.set.Points.CreateIndicator(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", base+"/indicators/"+formatID(ind.ID))
	writeJSON(w, http.StatusCreated, indicatorView(ind))
	return nil
}
