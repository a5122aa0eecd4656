package api

import "net/http"

// listIndicatorVersions answers every version of the item a version belongs to, oldest
// first, with the days each was in force.
func (h *handler) listIndicatorVersions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "point_indicator")
	if err != nil {
		return err
	}
	list, err := h.set.Points.Versions(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(indicatorViews(list), ""))
	return nil
}
