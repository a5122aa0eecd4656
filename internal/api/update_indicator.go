package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// updateIndicator changes the current version of an item. A version nothing has scored
// under yet is changed in place: 200 with it. A version that a claim or entry uses is never
// edited (RULES.md): it ends the day before valid_from (default today) and a new version
// starts that day: 201 with the new version (a new id, version + 1) and its Location.
func (h *handler) updateIndicator(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "point_indicator")
	if err != nil {
		return err
	}
	req, err := decodeIndicatorRequest(r.Body)
	if err != nil {
		return err
	}
	// The service replaces every field; the PATCH is merged onto the version as it is. An
	// indicator the caller cannot see answers as the service decides for the write.
	old, err := h.set.Points.Indicator(r.Context(), actor(r), id)
	if e, ok := domain.AsError(err); ok && e.Code == domain.ENotFound {
		old, err = &domain.Indicator{}, nil
	}
	if err != nil {
		return err
	}
	in, err := req.update(old)
	if err != nil && old.ID != 0 {
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
