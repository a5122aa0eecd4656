package api

import "net/http"

// retireIndicator ends an item's current version on valid_to (default today, exclusive):
// nothing after it earns under the item; what was earned stays. 200 with the version.
func (h *handler) retireIndicator(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "point_indicator")
	if err != nil {
		return err
	}
	var req retireRequest
	if err := decodeOptionalJSON(r, &req); err != nil {
		return err
	}
	ind, err := h.set.Points.RetireIndicator(r.Context(), actor(r), id, req.ValidTo)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, indicatorView(ind))
	return nil
}
