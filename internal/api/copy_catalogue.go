package api

import (
	"net/http"

	"dangjian/internal/domain"
)

// copyCatalogue copies an organisation's own current items of from_year into to_year
// (version 1 from 1 January), skipping codes to_year has already: 200 {copied}.
func (h *handler) copyCatalogue(w http.ResponseWriter, r *http.Request) error {
	var req copyRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v := &domain.Validation{}
	orgID := req.OrgID.required("org_id", v)
	if !req.OrgID.given {
		v.Add("org_id", "err.required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	n, err := h.set.Points.CopyCatalogue(r.Context(), actor(r), *orgID, req.FromYear, req.ToYear)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"copied": n})
	return nil
}
