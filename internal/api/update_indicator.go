package api

import (
	"net/http"
)

// updateIndicator changes the given fields of the current version of an item (PATCH: the
// service merges them onto the version it locks, so a concurrent change of other fields is
// kept). A version nothing has scored under yet is changed in place: 200 with it. A version
// that a claim or entry uses is never edited (RULES.md): it ends on valid_from (default
// today) and a new version starts that day: 201 with the new version (a new id, version + 1)
// and its Location.
func (h *handler) updateIndicator(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "point_indicator")
	if err != nil {
		return err
	}
	req, err := decodeIndicatorRequest(r.Body)
	if err != nil {
		return err
	}
	in, err := req.change()
	if err != nil {
		return err
	}
	ind, err := h.set.Points.UpdateIndicator(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	if ind.ID != id {
		w.Header().Set("Location", base+"/indicators/"+formatID(ind.ID))
		writeJSON(w, http.StatusCreated, indicatorView(ind))
		return nil
	}
	writeJSON(w, http.StatusOK, indicatorView(ind))
	return nil
}
