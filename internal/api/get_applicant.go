package api

import "net/http"

// getApplicant returns an applicant with all 25 steps: what was recorded (done_on, people,
// note, files), and when each step is allowed, due and overdue.
func (h *handler) getApplicant(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "applicant")
	if err != nil {
		return err
	}
	v, err := h.set.Development.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, applicantDetailView(v))
	return nil
}
