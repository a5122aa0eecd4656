package api

import "net/http"

// getIndicator answers one version of an item.
func (h *handler) getIndicator(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "point_indicator")
	if err != nil {
		return err
	}
	ind, err := h.set.Points.Indicator(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, indicatorView(ind))
	return nil
}
