package api

import (
	"net/http"

	"dangjian/internal/development"
)

// extendProbation extends a probationary member's probation once, by 6–12 months, decided
// when the probation ends: 200 with the applicant as changed.
func (h *handler) extendProbation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "applicant")
	if err != nil {
		return err
	}
	var req extendRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v, err := h.set.Development.ExtendProbation(r.Context(), actor(r), id,
		development.ExtendInput{Months: req.Months, DecidedOn: req.DecidedOn, Reason: req.Reason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, applicantDetailView(v))
	return nil
}
