package api

import "net/http"

// getDuesStats answers ?org_id= (required) and ?month= (default the current month): the
// collection of the month in the subtree in total, per child organisation and for the
// organisation's own members, with the trend of the twelve months up to it.
func (h *handler) getDuesStats(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	orgID := p.requiredID("org_id")
	month := optionalMonth(p, "month")
	if err := p.err(); err != nil {
		return err
	}
	s, err := h.set.DuesStats.Stats(r.Context(), actor(r), orgID, month)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s)
	return nil
}
