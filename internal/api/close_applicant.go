package api

import (
	"net/http"

	"dangjian/internal/development"
)

// closeApplicant ends the process: an applicant not yet admitted is withdrawn; a
// probationary member's status is cancelled, which takes them off the rolls. 200 with the
// applicant as changed.
func (h *handler) closeApplicant(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "applicant")
	if err != nil {
		return err
	}
	var req closeRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		return err
	}
	v, err := h.set.Development.Close(r.Context(), actor(r), id, development.CloseInput{On: req.On, Reason: req.Reason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, applicantDetailView(v))
	return nil
}
