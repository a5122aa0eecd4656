package api

import "net/http"

// recordApplicantStep records a step done (JSON, or multipart with files): 200 with the
// applicant as changed. A step out of order, a date before its prerequisites', or any timer
// not met answers 422 naming the field (step, done_on, people, training_days, votes_for, …).
func (h *handler) recordApplicantStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "applicant")
	if err != nil {
		return err
	}
	in, err := readStepRequest(w, r)
	if err != nil {
		return err
	}
	v, err := h.set.Development.RecordStep(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, applicantDetailView(v))
	return nil
}
